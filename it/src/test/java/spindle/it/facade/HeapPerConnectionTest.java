package spindle.it.facade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.deferred.Deferred;
import net.reactor.IPv4Address;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import net.reactor.blocking.BlockingServer;
import net.reactor.blocking.ConnectionHandler;
import net.threadpool.testing.LiveThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10,000 concurrent connections, each served by blocking code on its own virtual thread, the
 * clients in a separate process (the descriptor limit is per process). Measures the heap each
 * blocking connection costs while all are open and every handler is blocked in a read; it does
 * not time anything. The figure is printed and written to target/facade-heap-per-connection.txt.
 *
 * <p>{@code -Dspindle.it.connections=N} changes the count.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HeapPerConnectionTest {
    private static final int CONNECTIONS = Integer.getInteger("spindle.it.connections", 10_000);

    /** Echo with a small buffer of its own: the heap measured is the façade's, not the handler's. */
    static final ConnectionHandler ECHO = connection -> {
        InputStream in = connection.inputStream();
        OutputStream out = connection.outputStream();
        byte[] buffer = new byte[256];
        for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
        }
    };

    @Test
    void tenThousandBlockingEchoConnectionsWithBoundedHeap() throws Exception {
        String name = "it-heap";
        Reactor reactor = Reactor.create(ReactorOptions.defaults().withName(name)
                .withShutdownTimeout(Duration.ofSeconds(10)));
        Thread loop = reactor.start(name + "-loop");
        Process clients = null;
        try {
            int port = reactor.blockingCallFromThread(() -> Deferred.succeed(((IPv4Address) reactor.listenTCP(0,
                    BlockingServer.factory(reactor, ECHO), 4096, "127.0.0.1").getHost()).port()));
            long before = usedHeapAfterGc();

            clients = startClients(port);
            BufferedReader fromClients = new BufferedReader(
                    new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter toClients = new PrintWriter(clients.getOutputStream(), true, StandardCharsets.UTF_8);
            assertThat(readLine(fromClients)).isEqualTo("READY " + CONNECTIONS);

            // Every connection is open and its handler blocked in read on its own virtual thread.
            assertThat(reactor.blockingTasks().stats().running()).isEqualTo(CONNECTIONS);
            long after = usedHeapAfterGc();
            long perConnection = (after - before) / CONNECTIONS;
            String report = String.format("heap per blocking connection: %,d bytes (%,d connections; heap after GC"
                    + " %,d -> %,d bytes)", perConnection, CONNECTIONS, before, after);
            System.out.println(report);
            Files.writeString(Path.of("target", "facade-heap-per-connection.txt"), report + System.lineSeparator());

            // All handlers still serve: a second echo round over every connection.
            toClients.println("ROUND");
            assertThat(readLine(fromClients)).isEqualTo("ROUND-OK " + CONNECTIONS);
            toClients.println("CLOSE");
            assertThat(readLine(fromClients)).isEqualTo("CLOSED");
            assertThat(clients.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(clients.exitValue()).isZero();
            // Each handler saw end of stream and ended (the deadline only keeps a failure from hanging).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (reactor.blockingTasks().stats().running() > 0) {
                assertThat(System.nanoTime() - deadline).as("handlers still running: %s", reactor.blockingTasks())
                        .isNegative();
                Thread.sleep(10);
            }
            // No per-connection buffer is kept while a connection is idle: a few KiB each.
            assertThat(perConnection).isLessThan(16 * 1024);
        } finally {
            if (clients != null) {
                clients.destroyForcibly();
                clients.waitFor(30, TimeUnit.SECONDS);
            }
            reactor.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
            loop.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertThat(loop.isAlive()).isFalse();
        LiveThreads.assertNoneLeft(name);
    }

    private static Process startClients(int port) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classes = Path.of(EchoClients.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .toString();
        return new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", classes, EchoClients.class.getName(),
                "127.0.0.1", Integer.toString(port), Integer.toString(CONNECTIONS)))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static String readLine(BufferedReader in) throws Exception {
        CompletableFuture<String> line = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                line.complete(String.valueOf(in.readLine()));
            } catch (IOException e) {
                line.completeExceptionally(e);
            }
        });
        return line.get(5, TimeUnit.MINUTES);
    }

    private static long usedHeapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
