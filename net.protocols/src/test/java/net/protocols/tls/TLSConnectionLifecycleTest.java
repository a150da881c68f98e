package net.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import net.reactor.ConnectionAbortedException;
import net.reactor.ConnectionDoneException;
import net.reactor.ConnectionLostException;
import net.reactor.Protocol;
import net.reactor.testing.Clock;
import net.reactor.testing.DeliveryPolicy;
import net.reactor.testing.MemoryPipe;
import org.junit.jupiter.api.Test;

/** Closing, aborting, truncation and the two timeouts. */
class TLSConnectionLifecycleTest {

    @Test
    void loseConnectionFlushesThenExchangesCloseNotify() {
        TLSPair pair = TLSPair.connect(Certificates.server(), Certificates.client(), "server.test");
        pair.clientApp.send("last words");
        pair.clientApp.transport().loseConnection();
        assertThat(pair.clientApp.transport().isClosing()).isTrue();
        pair.pipe.pump();

        assertThat(pair.serverApp.text()).isEqualTo("last words");
        assertThat(pair.serverApp.lost).singleElement().isInstanceOf(ConnectionDoneException.class);
        assertThat(pair.clientApp.lost).singleElement().isInstanceOf(ConnectionDoneException.class);
        assertThat(pair.clientFactory.lost).singleElement().isInstanceOf(ConnectionDoneException.class);
        assertThat(pair.clientFactory.failed).isEmpty();
    }

    @Test
    void writesAfterLoseConnectionAreDropped() {
        TLSPair pair = TLSPair.connect(Certificates.server(), Certificates.client(), "server.test");
        pair.clientApp.transport().loseConnection();
        pair.clientApp.send("too late");
        pair.pipe.pump();

        assertThat(pair.serverApp.text()).isEmpty();
        assertThat(pair.serverApp.lost).singleElement().isInstanceOf(ConnectionDoneException.class);
    }

    @Test
    void theReasonGivenToLoseConnectionReachesTheProtocol() {
        TLSPair pair = TLSPair.connect(Certificates.server(), Certificates.client(), "server.test");
        IllegalStateException reason = new IllegalStateException("line too long");
        pair.serverApp.transport().loseConnection(reason);
        pair.pipe.pump();

        assertThat(pair.serverApp.lost).containsExactly(reason);
        assertThat(pair.clientApp.lost).singleElement().isInstanceOf(ConnectionDoneException.class);
    }

    @Test
    void abortClosesAtOnceWithoutCloseNotify() {
        TLSPair pair = TLSPair.connect(Certificates.server(), Certificates.client(), "server.test");
        int wireBefore = pair.pipe.client().written().length;
        pair.clientApp.send("never sent");
        pair.clientApp.transport().abortConnection();
        pair.clientApp.transport().abortConnection(); // a second call is a no-op
        pair.pipe.pump();

        assertThat(pair.clientApp.lost).singleElement().isInstanceOf(ConnectionAbortedException.class);
        assertThat(pair.serverApp.lost).singleElement().isInstanceOf(ConnectionLostException.class);
        assertThat(pair.serverApp.text()).isEmpty();
        assertThat(pair.pipe.client().written().length - wireBefore).as("the record was written, then dropped").isPositive();
    }

    @Test
    void aPeerThatDropsTheConnectionWithoutCloseNotifyIsReportedAsTruncation() {
        TLSPair pair = TLSPair.connect(Certificates.server(), Certificates.client(), "server.test");
        pair.pipe.dropConnection();

        assertThat(pair.serverApp.lost).singleElement().isInstanceOfSatisfying(ConnectionLostException.class,
                e -> assertThat(e.getMessage()).contains("without a TLS close_notify"));
    }

    @Test
    void aPeerThatNeverAnswersCloseNotifyIsCutOffAfterTheCloseTimeout() {
        TLSPair pair = TLSPair.connect(Certificates.server().withCloseTimeout(Duration.ofSeconds(3)),
                Certificates.client(), "server.test");
        pair.pipe.client().pauseProducing(); // the client stops reading, so it never sees close_notify
        pair.serverApp.transport().loseConnection();
        pair.pipe.pump();
        pair.clock.advance(Duration.ofSeconds(2));
        pair.pipe.pump();
        assertThat(pair.serverApp.lost).isEmpty();

        pair.clock.advance(Duration.ofSeconds(1));
        pair.pipe.pump();

        assertThat(pair.serverApp.lost).singleElement().isInstanceOfSatisfying(ConnectionLostException.class,
                e -> assertThat(e.getMessage()).contains("close timed out"));
        assertThat(pair.pipe.server().isDisconnected()).isTrue();
    }

    @Test
    void aClientWhoseServerNeverAnswersFailsAfterTheHandshakeTimeout() {
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        Recorder app = new Recorder();
        RecordingClientFactory factory = new RecordingClientFactory(app);
        TLSClientFactory tls = new TLSClientFactory(factory,
                Certificates.client().withHandshakeTimeout(Duration.ofSeconds(5)), "server.test", 443, clock,
                pipe.reactorExecutor());
        Protocol silent = new Protocol() {};
        pipe.client().reportTo(tls);
        pipe.connect(tls.buildProtocol(pipe.server().getHost()), silent);

        clock.advance(Duration.ofSeconds(4));
        pipe.pump();
        assertThat(factory.failed).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        pipe.pump();

        assertThat(app.made).isZero();
        assertThat(factory.failed).singleElement().isInstanceOfSatisfying(TLSException.class, e -> {
            assertThat(e.getMessage()).contains("did not complete within PT5S");
            assertThat(e.alert()).isNull();
        });
        assertThat(pipe.client().isDisconnected()).isTrue();
    }

    @Test
    void aServerWhoseClientNeverSpeaksDropsItAfterTheHandshakeTimeout() {
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        Recorder app = new Recorder();
        TLSServerFactory tls = new TLSServerFactory(net.reactor.Factory.forProtocol(() -> app),
                Certificates.server().withHandshakeTimeout(Duration.ofSeconds(2)), clock, pipe.reactorExecutor());
        Recorder silentClient = new Recorder();
        pipe.connect(silentClient, tls.buildProtocol(pipe.client().getHost()));

        clock.advance(Duration.ofSeconds(2));
        pipe.pump();

        assertThat(app.made).isZero();
        assertThat(app.lost).isEmpty();
        assertThat(silentClient.lost).singleElement().isInstanceOf(ConnectionLostException.class);
    }

    @Test
    void plainTextOnATLSPortFailsAtOnceAndSaysSo() {
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        Recorder app = new Recorder();
        TLSServerFactory tls = new TLSServerFactory(net.reactor.Factory.forProtocol(() -> app),
                Certificates.server(), clock, pipe.reactorExecutor());
        Recorder plainClient = new Recorder();
        pipe.connect(plainClient, tls.buildProtocol(pipe.client().getHost()));
        // Read as a record header, "GET / HTTP" announces 0x202F bytes: the engine would wait for
        // them (until the handshake timeout) and then report "Unsupported UNKNOWN(71)".
        plainClient.send("GET / HTTP/1.1\r\nHost: server.test\r\n\r\n");
        pipe.pump();
        net.protocols.internal.tls.TLSConnection layer = (net.protocols.internal.tls.TLSConnection) pipe.server().protocol();

        assertThat(app.made).isZero();
        assertThat(plainClient.lost).singleElement().isInstanceOf(ConnectionDoneException.class);
        assertThat(plainClient.received.size()).as("no TLS alert for a peer that cannot read it").isZero();
        assertThat(layer.finalReason()).isInstanceOfSatisfying(TLSException.class, e -> {
            assertThat(e).hasMessage("TLS handshake failed: plain text \"GET / HTTP/1.1\\r\\n...\" received on a"
                    + " TLS port: the client does not speak TLS");
            assertThat(e.reason()).startsWith("plain text \"GET / HTTP/1.1");
            assertThat(e.alert()).isNull();
        });
    }

    @Test
    void theServerLogsThatTheClientSentPlainText() {
        // System.Logger goes to java.util.logging here (no other back end is installed).
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(TLSServerFactory.class.getName());
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                logged.add(new java.util.logging.SimpleFormatter().formatMessage(r));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.addHandler(capture);
        try {
            Clock clock = new Clock();
            MemoryPipe pipe = MemoryPipe.create(clock);
            TLSServerFactory tls = new TLSServerFactory(net.reactor.Factory.forProtocol(Recorder::new),
                    Certificates.server(), clock, pipe.reactorExecutor());
            Recorder plainClient = new Recorder();
            pipe.connect(plainClient, tls.buildProtocol(pipe.client().getHost()));
            plainClient.send("GET / HTTP/1.1\r\n\r\n");
            pipe.pump();
        } finally {
            jul.removeHandler(capture);
        }
        assertThat(logged).singleElement().asString()
                .startsWith("TLS handshake with ")
                .endsWith(" failed: plain text \"GET / HTTP/1.1\\r\\n...\" received on a TLS port: the client"
                        + " does not speak TLS");
    }

    @Test
    void bytesThatCannotStartARecordAreShownInHex() {
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        TLSServerFactory tls = new TLSServerFactory(net.reactor.Factory.forProtocol(Recorder::new),
                Certificates.server(), clock, pipe.reactorExecutor());
        Recorder client = new Recorder();
        pipe.connect(client, tls.buildProtocol(pipe.client().getHost()));
        client.transport().write(new byte[] {(byte) 0x80, 0x2e, 0x01, 0x00, 0x02});
        pipe.pump();
        net.protocols.internal.tls.TLSConnection layer = (net.protocols.internal.tls.TLSConnection) pipe.server().protocol();

        assertThat(layer.finalReason()).isInstanceOf(TLSException.class).hasMessage("TLS handshake failed: bytes that"
                + " are not TLS (80 2e 01 00 02) received on a TLS port: the client does not speak TLS");
    }

    @Test
    void aTLSClientTalkingToAPlainServerSaysWhatTheServerSent() {
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        Recorder app = new Recorder();
        RecordingClientFactory factory = new RecordingClientFactory(app);
        TLSClientFactory tls = new TLSClientFactory(factory, Certificates.client(), "server.test", 25, clock,
                pipe.reactorExecutor());
        Recorder plainServer = new Recorder();
        plainServer.onConnectionMade = () -> plainServer.send("220 smtp\r\n");
        pipe.client().reportTo(tls);
        pipe.connect(tls.buildProtocol(pipe.server().getHost()), plainServer);
        pipe.pump();

        assertThat(factory.failed).singleElement().isInstanceOfSatisfying(TLSException.class,
                e -> assertThat(e).hasMessage("TLS handshake failed: plain text \"220 smtp\\r\\n\" received on a TLS"
                        + " connection: the server does not speak TLS"));
        assertThat(app.made).isZero();
    }

    @Test
    void theTcpDroppingDuringTheHandshakeFailsTheClient() {
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        Recorder app = new Recorder();
        RecordingClientFactory factory = new RecordingClientFactory(app);
        TLSClientFactory tls = new TLSClientFactory(factory, Certificates.client(), "server.test", 443, clock,
                pipe.reactorExecutor());
        Recorder server = new Recorder();
        pipe.client().reportTo(tls);
        pipe.connect(tls.buildProtocol(pipe.server().getHost()), server);
        server.transport().loseConnection();
        pipe.pump();

        assertThat(factory.failed).singleElement().isInstanceOfSatisfying(TLSException.class,
                e -> assertThat(e).hasMessage("the peer closed the connection during the TLS handshake")
                        .hasCauseInstanceOf(ConnectionDoneException.class));
        assertThat(factory.lost).isEmpty();
    }

    @Test
    void aConnectionLostUncleanlyDuringTheHandshakeKeepsTheCause() {
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        RecordingClientFactory factory = new RecordingClientFactory(new Recorder());
        TLSClientFactory tls = new TLSClientFactory(factory, Certificates.client(), "server.test", 443, clock,
                pipe.reactorExecutor());
        Recorder server = new Recorder();
        pipe.client().reportTo(tls);
        pipe.connect(tls.buildProtocol(pipe.server().getHost()), server);
        server.transport().abortConnection();
        pipe.pump();

        assertThat(factory.failed).singleElement().isInstanceOfSatisfying(TLSException.class,
                e -> assertThat(e).hasMessage("the connection was lost during the TLS handshake: Connection to the"
                        + " other side was lost in a non-clean fashion: the other end aborted the connection"));
    }

    @Test
    void dataInBothDirectionsSurvivesSmallReads() {
        TLSPair pair = TLSPair.connect(Certificates.server(), Certificates.client(), "server.test");
        pair.pipe.delivery(DeliveryPolicy.upTo(7));
        String text = "x".repeat(50_000);
        pair.clientApp.send(text);
        pair.pipe.pump();

        assertThat(pair.clientApp.received.toString(StandardCharsets.UTF_8)).isEqualTo(text);
    }
}
