package spindle.it.dbapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.dbapi.ConnectionPool;
import net.deferred.Deferred;
import net.reactor.Reactor;
import net.threadpool.Blocking;
import org.junit.jupiter.api.Test;

/** The README's examples of database access, run as written (only the printing is captured). */
class ReadmeExampleTest {

    @Test
    void asyncDatabaseAccessFromReactorCode() throws Exception {
        CompletableFuture<String> printed = new CompletableFuture<>();
        // --- README example (System.out.println replaced by printed.complete) ---
        Reactor reactor = Reactor.create();
        ConnectionPool db = ConnectionPool.create(reactor, "jdbc:h2:mem:readme;DB_CLOSE_DELAY=-1");
        reactor.callWhenRunning(() -> db
                .runOperation("CREATE TABLE greetings(id INT PRIMARY KEY, text VARCHAR(40))")
                .addCallbackDeferred(n -> db.runOperation("INSERT INTO greetings VALUES (?, ?)", 1, "hello"))
                .addCallbackDeferred(n -> db.runQuery("SELECT text FROM greetings WHERE id = ?", 1))
                .addCallback(rows -> printed.complete(rows.get(0).getString("text")))
                .addErrback(failure -> printed.completeExceptionally(failure.value()))
                .addBoth(done -> reactor.stop()));
        // reactor.run() in the README; here on its own thread so the test can bound the wait.
        Thread loop = reactor.start("readme-reactor");
        // --- end of the example ---

        assertThat(printed.get(30, TimeUnit.SECONDS)).isEqualTo("hello");
        loop.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(loop.isAlive()).isFalse();
        assertThat(db.isClosed()).as("the reactor's shutdown closed the pool").isTrue();
    }

    @Test
    void theSameWrittenAsBlockingCodeOnAVirtualThread() throws Exception {
        Reactor reactor = Reactor.create();
        ConnectionPool db = ConnectionPool.create(reactor, "jdbc:h2:mem:readme2;DB_CLOSE_DELAY=-1");
        Thread loop = reactor.start("readme2-reactor");
        try {
            // This test's thread is a platform thread: it reaches the pool through blockingCallFromThread.
            reactor.blockingCallFromThread(() -> db.runOperation(
                    "CREATE TABLE greetings(id INT PRIMARY KEY, text VARCHAR(40))"));

            String result = reactor.blockingCallFromThread(() -> {
                // --- README example (spawned on the reactor thread, as Blocking.spawn must be) ---
                Deferred<String> text = Blocking.spawn(reactor, () -> {       // a virtual thread bound to the reactor
                    Blocking.await(() -> db.runOperation("INSERT INTO greetings VALUES (?, ?)", 2, "hi"));
                    return Blocking.await(() -> db.runQuery("SELECT text FROM greetings WHERE id = ?", 2))
                            .get(0).getString("text");                         // the suppliers run on the reactor thread
                });
                // --- end of the example ---
                return text;
            });

            assertThat(result).isEqualTo("hi");
        } finally {
            reactor.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
            loop.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
