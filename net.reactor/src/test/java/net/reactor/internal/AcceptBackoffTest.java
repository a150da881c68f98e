package net.reactor.internal;

import static net.reactor.internal.ReactorFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.reactor.ReactorOptions;
import net.reactor.internal.ReactorFixture.Prepared;
import net.reactor.internal.ReactorFixture.Recorder;
import org.junit.jupiter.api.Test;

/**
 * The accept loop survives "Too many open files": this test uses up every file descriptor of
 * the test JVM, lets one client connect, and checks that the port backs off (one error logged,
 * then quiet retries) instead of spinning, and serves the connection once descriptors are free.
 */
class AcceptBackoffTest {

    @Test
    void acceptBacksOffWhenOutOfDescriptorsAndRecovers() throws Exception {
        CapturingLogger log = new CapturingLogger();
        List<FileChannel> hog = new ArrayList<>();
        try (ReactorFixture f = new ReactorFixture(ReactorOptions.defaults(), log, StallDetector.DEFAULT_LOG)) {
            Prepared<Recorder> server = new Prepared<>(Recorder::new);
            int port = f.listen(server);
            f.start();
            f.run(() -> {});
            CountDownLatch failedThrice = log.expect(3);
            Socket client = new Socket();
            preloadModuleClasses();
            boolean backedOff;
            try {
                Path devNull = Path.of("/dev/null");
                try {
                    while (true) {
                        hog.add(FileChannel.open(devNull));
                    }
                } catch (IOException exhausted) {
                    // every descriptor is in use now
                }
                hog.remove(hog.size() - 1).close(); // exactly one free: for the client socket
                client.connect(new InetSocketAddress("127.0.0.1", port));
                // The reactor cannot accept: it logs once, then retries quietly with back-off.
                backedOff = failedThrice.await(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS);
            } finally {
                for (FileChannel c : hog) {
                    c.close();
                }
                hog.clear();
            }
            assertThat(backedOff).as("three accept failures logged").isTrue();
            Recorder accepted = await(await(server.firstBuilt).made);
            assertThat(accepted).isNotNull();
            client.close();
            await(accepted.lost);
        }
        assertThat(log.at(Level.ERROR)).hasSize(1);
        assertThat(log.at(Level.ERROR).get(0).message()).contains("accept failed");
        assertThat(log.at(Level.DEBUG)).hasSizeGreaterThanOrEqualTo(2)
                .allMatch(r -> r.message().contains("accept still failing"));
        assertThat(log.at(Level.INFO)).anyMatch(r -> r.message().contains("accepting connections again"));
    }

    /**
     * While no descriptor is free, loading a class from the module's exploded directories fails
     * (the class file cannot be opened), so load every class of this module first.
     */
    private static void preloadModuleClasses() throws Exception {
        ClassLoader loader = AcceptBackoffTest.class.getClassLoader();
        for (Class<?> anchor : new Class<?>[] {SelectReactor.class, AcceptBackoffTest.class}) {
            Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!java.nio.file.Files.isDirectory(root)) {
                continue;
            }
            try (var files = java.nio.file.Files.walk(root)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    String rel = root.relativize(p).toString();
                    if (rel.endsWith(".class") && !rel.endsWith("module-info.class")) {
                        Class.forName(rel.substring(0, rel.length() - 6).replace('/', '.'), false, loader);
                    }
                }
            }
        }
    }
}
