package spindle.it.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import jdk.jfr.consumer.RecordingStream;
import net.deferred.Deferred;
import net.dbapi.ConnectionPool;
import net.dbapi.ConnectionPoolOptions;
import net.dbapi.ConnectionSource;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.TLSServerOptions;
import net.protocols.tls.Trust;
import net.reactor.ClientFactory;
import net.reactor.Factory;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import net.threadpool.Blocking;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records one of each {@code spindle.*} Flight Recorder event in-process, dumps the recording to
 * a file and parses it back: the events are registered, named, and carry the fields the module
 * READMEs document. Every wait is for an outcome (a future, a latch), never a fixed time; the
 * recording enables every event with threshold 0, so no duration decides whether one is kept.
 */
class FlightRecorderEventsTest {
    private static final long WAIT = 60;
    private static final List<String> EVENTS = List.of("spindle.ReactorTurn", "spindle.Stall",
            "spindle.ConnectionOpened", "spindle.ConnectionClosed", "spindle.CallFromThreadQueue",
            "spindle.TLSHandshake", "spindle.Task", "spindle.PoolWait", "spindle.Query");

    /** Echoes what it receives. */
    static final class Echo extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            transport().write(data);
        }
    }

    /** Sends one message, closes when it comes back, and completes {@code done} when the connection is lost. */
    static final class Once extends Protocol {
        final CompletableFuture<Throwable> done = new CompletableFuture<>();

        @Override
        public void connectionMade() {
            transport().write("ping".getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void dataReceived(byte[] data) {
            transport().loseConnection();
        }

        @Override
        public void connectionLost(Throwable reason) {
            done.complete(reason);
        }
    }

    @Test
    void oneOfEachEventIsRecordedAndReadBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("spindle.jfr");
        CountDownLatch stallSeen = new CountDownLatch(1);
        try (Recording recording = new Recording(); RecordingStream stream = new RecordingStream()) {
            for (String name : EVENTS) {
                recording.enable(name).withThreshold(Duration.ZERO);
            }
            // The stalling callback below waits for the stall to be recorded, not for a fixed time.
            stream.enable("spindle.Stall").withThreshold(Duration.ZERO);
            stream.onEvent("spindle.Stall", e -> stallSeen.countDown());
            stream.startAsync();
            recording.start();

            Reactor reactor = Reactor.create(ReactorOptions.defaults().withName("jfr-it")
                    .withStallThreshold(Duration.ofMillis(20)));
            Thread loop = reactor.start("jfr-it-reactor");
            SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost");
            try {
                // Connections: an echo round trip over plain TCP.
                Once plain = new Once();
                ListeningPort port = call(reactor, () -> reactor.listenTCP(0, Factory.forProtocol(Echo::new)));
                int echoPort = call(reactor, () -> ((net.reactor.IPv4Address) port.getHost()).port());
                reactor.callFromThread(() -> reactor.connectTCP("127.0.0.1", echoPort,
                        ClientFactory.forProtocol(() -> plain)));
                plain.done.get(WAIT, TimeUnit.SECONDS);

                // TLS: one handshake that completes, one the client refuses (untrusted certificate).
                ListeningPort tlsPort = call(reactor, () -> TLS.listenSSL(reactor, 0, Factory.forProtocol(Echo::new),
                        TLSServerOptions.of(cert.key())));
                int tls = call(reactor, () -> ((net.reactor.IPv4Address) tlsPort.getHost()).port());
                Once secured = new Once();
                reactor.callFromThread(() -> TLS.connectSSL(reactor, "localhost", tls,
                        ClientFactory.forProtocol(() -> secured),
                        TLSClientOptions.trusting(Trust.certificates(cert.certificate()))));
                secured.done.get(WAIT, TimeUnit.SECONDS);
                CompletableFuture<Void> refused = new CompletableFuture<>();
                reactor.callFromThread(() -> TLS.connectSSL(reactor, "localhost", tls, new ClientFactory() {
                    @Override
                    public Protocol buildProtocol(net.reactor.Address address) {
                        return new Once();
                    }

                    @Override
                    public void clientConnectionFailed(net.reactor.Connector connector, Throwable reason) {
                        refused.complete(null);
                    }

                    @Override
                    public void clientConnectionLost(net.reactor.Connector connector, Throwable reason) {
                        refused.complete(null);
                    }
                }, TLSClientOptions.defaults()));
                refused.get(WAIT, TimeUnit.SECONDS);

                // A spawned task.
                CompletableFuture<String> task = new CompletableFuture<>();
                reactor.callFromThread(() -> Blocking.spawn(reactor, () -> "done").addCallback(v -> {
                    task.complete(v);
                    return v;
                }));
                assertThat(task.get(WAIT, TimeUnit.SECONDS)).isEqualTo("done");

                // The pool: one query on in-memory H2.
                CompletableFuture<Object> query = new CompletableFuture<>();
                ConnectionPool pool = call(reactor, () -> ConnectionPool.create(reactor,
                        ConnectionSource.url("jdbc:h2:mem:jfr_it;DB_CLOSE_DELAY=-1", new java.util.Properties()),
                        ConnectionPoolOptions.defaults()));
                reactor.callFromThread(() -> pool.runQuery("SELECT 1").addCallback(rows -> {
                    query.complete(rows);
                    return rows;
                }).addErrback(f -> {
                    query.completeExceptionally(f.value());
                    return null;
                }));
                query.get(WAIT, TimeUnit.SECONDS);
                CompletableFuture<Void> closed = new CompletableFuture<>();
                reactor.callFromThread(() -> pool.close().addBoth(o -> {
                    closed.complete(null);
                    return null;
                }));
                closed.get(WAIT, TimeUnit.SECONDS);

                // A stall: this callback blocks the loop until the detector's event is seen.
                CompletableFuture<Boolean> stalled = new CompletableFuture<>();
                reactor.callFromThread(() -> {
                    try {
                        stalled.complete(stallSeen.await(WAIT, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        stalled.complete(false);
                    }
                });
                assertThat(stalled.get(WAIT * 2, TimeUnit.SECONDS)).isTrue();
                call(reactor, () -> {
                    port.stopListening();
                    tlsPort.stopListening();
                    return null;
                });
            } finally {
                reactor.stop().toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
                loop.join(TimeUnit.SECONDS.toMillis(WAIT));
            }
            recording.stop();
            recording.dump(file);
        }

        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Map<String, List<RecordedEvent>> byName = events.stream()
                .filter(e -> e.getEventType().getName().startsWith("spindle."))
                .collect(Collectors.groupingBy(e -> e.getEventType().getName()));
        assertThat(byName.keySet()).containsAll(EVENTS);

        assertThat(byName.get("spindle.ReactorTurn")).anySatisfy(e -> {
            assertThat(e.getString("reactor")).isEqualTo("jfr-it");
            assertThat(e.getInt("readyKeys") + e.getInt("tasks") + e.getInt("timers")).isPositive();
        });
        assertThat(byName.get("spindle.Stall")).anySatisfy(e -> {
            assertThat(e.getString("reactor")).isEqualTo("jfr-it");
            assertThat(e.getString("stack")).contains("FlightRecorderEventsTest");
            assertThat(e.getLong("elapsed")).isGreaterThan(e.getLong("threshold"));
        });
        assertThat(byName.get("spindle.ConnectionOpened")).anySatisfy(e -> {
            assertThat(e.getBoolean("accepted")).isTrue();
            assertThat(e.getString("remote")).contains("127.0.0.1");
        });
        // The plain client: wrote "ping", read the echo, closed cleanly.
        assertThat(byName.get("spindle.ConnectionClosed")).anySatisfy(e -> {
            assertThat(e.getLong("bytesOut")).isEqualTo(4);
            assertThat(e.getLong("bytesIn")).isEqualTo(4);
            assertThat(e.getString("reason")).startsWith("ConnectionDoneException");
        });
        assertThat(byName.get("spindle.CallFromThreadQueue")).allSatisfy(
                e -> assertThat(e.getInt("depth")).isNotNegative());
        assertThat(byName.get("spindle.TLSHandshake")).anySatisfy(e -> {
            assertThat(e.getBoolean("succeeded")).isTrue();
            assertThat(e.getString("protocol")).startsWith("TLSv1.");
            assertThat(e.getString("cipherSuite")).startsWith("TLS_");
        }).anySatisfy(e -> {
            assertThat(e.getBoolean("succeeded")).isFalse();
            assertThat(e.getString("role")).isEqualTo("client");
            assertThat(e.getString("failure")).isNotBlank();
        });
        assertThat(byName.get("spindle.Task")).anySatisfy(e -> {
            assertThat(e.getString("loop")).isEqualTo("jfr-it");
            assertThat(e.getString("outcome")).isEqualTo("succeeded");
        });
        assertThat(byName.get("spindle.PoolWait")).anySatisfy(e -> assertThat(e.getString("call")).contains("SELECT 1"));
        assertThat(byName.get("spindle.Query")).anySatisfy(e -> {
            assertThat(e.getString("call")).contains("SELECT 1");
            assertThat(e.getString("outcome")).isEqualTo("succeeded");
        });
        Files.deleteIfExists(file);
    }

    private static <T> T call(Reactor reactor, java.util.function.Supplier<T> action) {
        return reactor.blockingCallFromThread(() -> Deferred.succeed(action.get()));
    }
}
