package spindle.it.facade;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.reactor.IPv4Address;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import net.reactor.blocking.BlockingServer;
import net.threadpool.Blocking;
import net.threadpool.Subtask;
import net.threadpool.TaskScope;
import net.threadpool.testing.LiveThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The blocking façade as an outside named module uses it (net.threadpool and
 * net.reactor.blocking through their exports only): unmodified legacy java.io code served on
 * virtual threads to plain java.net.Socket clients, and the README's task-scope example.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FacadeOverModulePathTest {
    private final String name = "it-facade";
    private final Reactor reactor = Reactor.create(ReactorOptions.defaults().withName(name));
    private final Thread loop = reactor.start(name + "-loop");

    @AfterEach
    void stop() throws Exception {
        reactor.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
        loop.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(loop.isAlive()).isFalse();
        LiveThreads.assertNoneLeft(name);
    }

    private int serveLegacy() {
        return reactor.blockingCallFromThread(() -> Deferred.succeed(((IPv4Address) reactor.listenTCP(0,
                BlockingServer.factory(reactor,
                        c -> new LegacyLineService().serve(c.inputStream(), c.outputStream())),
                50, "127.0.0.1").getHost()).port()));
    }

    @Test
    void legacyLineServiceIsServedUnmodifiedToAPlainSocketClient() throws Exception {
        int port = serveLegacy();
        try (Socket s = new Socket("127.0.0.1", port)) {
            PrintWriter out = new PrintWriter(s.getOutputStream(), true, UTF_8);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), UTF_8));
            out.println("ECHO hello");
            assertThat(in.readLine()).isEqualTo("hello");
            out.println("UPPER blocking code, reactor I/O");
            assertThat(in.readLine()).isEqualTo("BLOCKING CODE, REACTOR I/O");
            out.println("SUM 1 2 3 4");
            assertThat(in.readLine()).isEqualTo("10");
            out.println("SUM 1 x");
            assertThat(in.readLine()).startsWith("ERR not a number");
            out.println("FROB");
            assertThat(in.readLine()).isEqualTo("ERR unknown command: FROB");
            out.println("QUIT");
            assertThat(in.readLine()).isEqualTo("BYE");
            assertThat(in.readLine()).as("the server closes after BYE").isNull();
        }
    }

    @Test
    void manyLegacySessionsAtOnce() throws Exception {
        int port = serveLegacy();
        List<CompletableFuture<String>> replies = new ArrayList<>();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            CompletableFuture<String> reply = new CompletableFuture<>();
            replies.add(reply);
            clients.add(Thread.ofVirtual().name(name + "-client-" + i).start(() -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    PrintWriter out = new PrintWriter(s.getOutputStream(), true, UTF_8);
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), UTF_8));
                    out.println("SUM " + n + " " + n);
                    String sum = in.readLine();
                    out.println("QUIT");
                    reply.complete(sum + " " + in.readLine());
                } catch (Exception e) {
                    reply.completeExceptionally(e);
                }
            }));
        }
        for (int i = 0; i < replies.size(); i++) {
            assertThat(replies.get(i).get(60, TimeUnit.SECONDS)).isEqualTo((2 * i) + " BYE");
        }
        for (Thread t : clients) {
            t.join();
        }
    }

    /** Two reactor services whose calls return Deferreds (they must be called on the reactor thread). */
    private final class Services {
        private final boolean statsFail;

        Services(boolean statsFail) {
            this.statsFail = statsFail;
        }

        Deferred<String> lookupUser(int id) {
            assertThat(reactor.isReactorThread()).isTrue();
            Deferred<String> d = new Deferred<>();
            reactor.callLater(Duration.ofMillis(5), () -> d.callback("user" + id));
            return d;
        }

        Deferred<Integer> countHits(String id) {
            assertThat(reactor.isReactorThread()).isTrue();
            Deferred<Integer> d = new Deferred<>();
            if (statsFail) {
                reactor.callLater(Duration.ofMillis(1), () -> d.errback(new IllegalStateException("stats are down")));
            } else {
                reactor.callLater(Duration.ofMillis(1), () -> d.callback(id.length() * 1000));
            }
            return d;
        }
    }

    /** The README example, verbatim apart from the service names. */
    private Deferred<String> summary(Services users, Services stats) {
        Deferred<String> summary = Blocking.spawn(reactor, () -> {       // a virtual thread bound to the reactor
            try (var scope = TaskScope.open()) {                          // all must succeed; a failure cancels the rest
                Subtask<String> user = scope.fork(() -> Blocking.await(() -> users.lookupUser(42)));
                Subtask<Integer> hits = scope.fork(() -> Blocking.await(() -> stats.countHits("42"), Duration.ofSeconds(2)));
                scope.join();                                             // throws the first failure as it was thrown
                return user.get() + " has " + hits.get() + " hits";
            }
        });
        return summary;
    }

    private <T> Outcome<T> outcome(java.util.function.Supplier<Deferred<T>> start) throws Exception {
        CompletableFuture<Outcome<T>> f = new CompletableFuture<>();
        reactor.callFromThread(() -> start.get().addBoth(o -> {
            f.complete(o);
            return null;
        }));
        return f.get(60, TimeUnit.SECONDS);
    }

    @Test
    void theReadmeTaskScopeExampleRuns() throws Exception {
        Services services = new Services(false);
        assertThat(outcome(() -> summary(services, services))).isEqualTo(Outcome.success("user42 has 2000 hits"));
    }

    @Test
    void theReadmeTaskScopeExampleFailsWithTheOriginalException() throws Exception {
        Services users = new Services(false);
        Services stats = new Services(true);
        Outcome<String> o = outcome(() -> summary(users, stats));
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed<String>) o).failure().value()).isInstanceOf(IllegalStateException.class)
                .hasMessage("stats are down");
    }
}
