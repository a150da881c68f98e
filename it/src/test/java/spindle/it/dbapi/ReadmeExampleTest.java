package spindle.it.dbapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.dbapi.ConnectionPool;
import net.dbapi.Row;
import net.reactor.Reactor;
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
    void theSameFromAVirtualThreadThatWaitsForTheResult() throws Exception {
        Reactor reactor = Reactor.create();
        ConnectionPool db = ConnectionPool.create(reactor, "jdbc:h2:mem:readme2;DB_CLOSE_DELAY=-1");
        Thread loop = reactor.start("readme2-reactor");
        try {
            CompletableFuture<String> text = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                // Blocking style on a virtual thread: each call is made on the reactor thread and
                // this thread parks until its Deferred fires.
                reactor.blockingCallFromThread(() -> db.runOperation(
                        "CREATE TABLE greetings(id INT PRIMARY KEY, text VARCHAR(40))"));
                reactor.blockingCallFromThread(() -> db.runOperation("INSERT INTO greetings VALUES (?, ?)", 1, "hi"));
                List<Row> rows = reactor.blockingCallFromThread(
                        () -> db.runQuery("SELECT text FROM greetings WHERE id = ?", 1));
                text.complete(rows.get(0).getString("text"));
            });

            assertThat(text.get(30, TimeUnit.SECONDS)).isEqualTo("hi");
        } finally {
            reactor.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
            loop.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
