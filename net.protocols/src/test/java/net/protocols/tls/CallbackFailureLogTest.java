package net.protocols.tls;

import static net.protocols.tls.ReactorFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import net.protocols.policies.TimeoutFactory;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import org.junit.jupiter.api.Test;

/**
 * What the log says when an application protocol's callback throws: it names the application's
 * protocol, whatever layers (TLS, policies) stand between it and the socket.
 */
class CallbackFailureLogTest {

    /**
     * The application's protocol, whose dataReceived fails. It greets first, so the client's
     * line arrives on a connection whose handshake is over, in a read of its own.
     */
    static final class Exploding extends Protocol {
        @Override
        public void connectionMade() {
            transport().write("ready\n".getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void dataReceived(byte[] data) {
            throw new IllegalStateException("the application failed");
        }
    }

    /** Answers the server's greeting with a line, and records the loss. */
    static final class Sender extends ReactorFixture.Recorder {
        @Override
        public void dataReceived(byte[] data) {
            super.dataReceived(data);
            transport().write("hello\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A java.util.logging handler (System.Logger's back end in these tests) that keeps each record. */
    static final class Capture extends Handler implements AutoCloseable {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        private final List<Logger> loggers;

        Capture(String... names) {
            loggers = java.util.Arrays.stream(names).map(Logger::getLogger).toList();
            loggers.forEach(l -> l.addHandler(this));
        }

        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        List<String> failures() {
            return records.stream().filter(r -> r.getThrown() != null
                            && "the application failed".equals(r.getThrown().getMessage()))
                    .map(r -> new java.util.logging.SimpleFormatter().formatMessage(r)).toList();
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            loggers.forEach(l -> l.removeHandler(this));
        }
    }

    private static List<String> logged(BiFunction<Reactor, Factory, ListeningPort> listen, boolean tlsClient)
            throws Exception {
        try (Capture capture = new Capture("net.reactor", "net.protocols.tls");
                ReactorFixture f = new ReactorFixture().start()) {
            Sender sender = new Sender();
            TLSLoopbackTest.Outcome outcome = new TLSLoopbackTest.Outcome(sender);
            f.run(() -> {
                int port = ((IPv4Address) listen.apply(f.reactor, Factory.forProtocol(Exploding::new)).getHost()).port();
                if (tlsClient) {
                    TLS.connectSSL(f.reactor, "127.0.0.1", port, outcome, TLSLoopbackTest.CLIENT);
                } else {
                    f.connect(port, outcome);
                }
            });
            await(sender.lost); // the server dropped the connection after the failure was logged
            return capture.failures();
        }
    }

    @Test
    void overPlainTCPUnderATimeoutPolicy() throws Exception {
        List<String> lines = logged((r, app) -> r.listenTCP(0, new TimeoutFactory(app, r), 50, "127.0.0.1"), false);
        // The policy's own text shows the protocol it wraps: unchanged, and said once.
        assertThat(lines).singleElement().asString()
                .startsWith("exception in dataReceived of TimeoutProtocol(" + Exploding.class.getName() + "@");
    }

    @Test
    void overPlainTCP() throws Exception {
        List<String> lines = logged((r, app) -> r.listenTCP(0, app, 50, "127.0.0.1"), false);
        assertThat(lines).singleElement().asString().startsWith("exception in dataReceived of " + Exploding.class.getName() + "@");
    }

    @Test
    void overTLS() throws Exception {
        List<String> lines = logged((r, app) -> TLS.listenSSL(r, 0, app, TLSLoopbackTest.SERVER, 50, "127.0.0.1"), true);
        // Before: "exception in dataReceived of TLSConnection[server, TLSv1.3 …]", the user's class unnamed.
        assertThat(lines).singleElement().asString()
                .startsWith("exception in dataReceived of " + Exploding.class.getName() + "@")
                .endsWith(" (under TLSConnection[server, TLSv1.3 TLS_AES_128_GCM_SHA256])");
    }

    @Test
    void overTLSUnderATimeoutPolicy() throws Exception {
        List<String> lines = logged((r, app) -> TLS.listenSSL(r, 0, new TimeoutFactory(app, r), TLSLoopbackTest.SERVER,
                50, "127.0.0.1"), true);
        assertThat(lines).singleElement().asString()
                .startsWith("exception in dataReceived of " + Exploding.class.getName() + "@")
                .endsWith(" (under TLSConnection[server, TLSv1.3 TLS_AES_128_GCM_SHA256])");
    }

    @Test
    void underTLSUnderATimeoutPolicy() throws Exception {
        List<String> lines = logged((r, app) -> r.listenTCP(0, new TimeoutFactory(new TLSServerFactory(app,
                TLSLoopbackTest.SERVER, r, r::callFromThread), r), 50, "127.0.0.1"), true);
        assertThat(lines).singleElement().asString()
                .startsWith("exception in dataReceived of " + Exploding.class.getName() + "@")
                .endsWith(" (under TimeoutProtocol(TLSConnection[server, TLSv1.3 TLS_AES_128_GCM_SHA256]))");
    }
}
