package net.protocols.web;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.deferred.Deferred;
import net.reactor.IPv4Address;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import net.threadpool.Blocking;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BlockingResource on a real reactor, reached by plain blocking sockets over loopback. */
class BlockingResourceTest {
    private static final long WAIT = 30;

    private Reactor reactor;
    private Thread loopThread;

    @BeforeEach
    void start() {
        reactor = Reactor.create(ReactorOptions.defaults().withName("blockres"));
        loopThread = reactor.start("blockres-loop");
    }

    @AfterEach
    void stop() throws Exception {
        reactor.stop().toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
        loopThread.join(TimeUnit.SECONDS.toMillis(WAIT));
        assertThat(loopThread.isAlive()).isFalse();
    }

    private int serve(BlockingResource.Handler handler) {
        return reactor.blockingCallFromThread(() -> {
            Site site = new Site(new BlockingResource(reactor, handler), reactor);
            return Deferred.succeed(((IPv4Address) reactor.listenTCP(0, site, 50, "127.0.0.1").getHost()).port());
        });
    }

    private static Socket send(int port, String request) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT)); // a hang fails, it does not time a pass
        s.getOutputStream().write(request.getBytes(ISO_8859_1));
        s.getOutputStream().flush();
        return s;
    }

    private static String readAll(Socket s) throws IOException {
        try (s; InputStream in = s.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(UTF_8);
        }
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    }

    @Test
    void runsOffTheReactorThreadWithASnapshotOfTheRequest() throws Exception {
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        int port = serve(call -> {
            ran.complete(Thread.currentThread());
            return new BlockingResource.Reply(201, java.util.List.of(java.util.Map.entry("X-Echo", call.header("x-test"))),
                    (call.method() + " " + call.path() + " " + call.arg("q") + " " + new String(call.body(), UTF_8))
                            .getBytes(UTF_8));
        });
        String out = readAll(send(port, "POST /a/b?q=1 HTTP/1.1\r\nHost: x\r\nX-Test: yes\r\nConnection: close\r\n"
                + "Content-Length: 4\r\n\r\nbody"));
        assertThat(out).startsWith("HTTP/1.1 201 ").contains("X-Echo: yes\r\n").endsWith("\r\n\r\nPOST /a/b 1 body");
        Thread t = ran.get(WAIT, TimeUnit.SECONDS);
        assertThat(t).isNotSameAs(loopThread);
        assertThat(t.isVirtual()).isTrue();
    }

    @Test
    void awaitsADeferredFiredLaterByTheReactor() throws Exception {
        int port = serve(call -> {
            String v = Blocking.await(() -> {
                Deferred<String> d = new Deferred<>();
                reactor.callLater(Duration.ofMillis(1), () -> d.callback("from the reactor on "
                        + (Thread.currentThread() == loopThread ? "its thread" : "another")));
                return d;
            });
            return BlockingResource.Reply.text(v);
        });
        assertThat(readAll(send(port, get("/")))).endsWith("\r\n\r\nfrom the reactor on its thread");
    }

    @Test
    void aBlockedHandlerDoesNotBlockOtherRequests() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch secondAnswered = new CountDownLatch(1);
        int port = serve(call -> {
            if (call.path().equals("/slow")) {
                firstStarted.countDown();
                while (!secondAnswered.await(0, TimeUnit.MILLISECONDS)) {
                    Thread.sleep(2); // a blocking call, again and again, until /fast was answered
                }
                return BlockingResource.Reply.text("slow");
            }
            return BlockingResource.Reply.text("fast");
        });
        Socket slow = send(port, get("/slow"));
        assertThat(firstStarted.await(WAIT, TimeUnit.SECONDS)).isTrue();
        assertThat(readAll(send(port, get("/fast")))).endsWith("\r\n\r\nfast");
        secondAnswered.countDown();
        assertThat(readAll(slow)).endsWith("\r\n\r\nslow");
    }

    @Test
    void anExceptionIsA500WithoutDetails() throws Exception {
        int port = serve(call -> {
            throw new IllegalStateException("secret detail");
        });
        String out = readAll(send(port, get("/")));
        assertThat(out).startsWith("HTTP/1.1 500 ").doesNotContain("secret detail");
    }

    @Test
    void aDisconnectInterruptsTheHandler() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Throwable> stopped = new CompletableFuture<>();
        int port = serve(call -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(); // blocks until interrupted
                return BlockingResource.Reply.text("never");
            } catch (InterruptedException e) {
                stopped.complete(e);
                throw e;
            }
        });
        Socket s = send(port, get("/"));
        assertThat(started.await(WAIT, TimeUnit.SECONDS)).isTrue();
        s.close();
        assertThat(stopped.get(WAIT, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    }
}
