package net.reactor.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import net.reactor.ConnectionAbortedException;
import net.reactor.ConnectionDoneException;
import net.reactor.ConnectionLostException;
import net.reactor.Protocol;
import net.reactor.testing.Clock;
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
        int wireBefore = pair.pipe.client.wire.size();
        pair.clientApp.send("never sent");
        pair.clientApp.transport().abortConnection();
        pair.clientApp.transport().abortConnection(); // a second call is a no-op
        pair.pipe.pump();

        assertThat(pair.clientApp.lost).singleElement().isInstanceOf(ConnectionAbortedException.class);
        assertThat(pair.serverApp.lost).singleElement().isInstanceOf(ConnectionLostException.class);
        assertThat(pair.serverApp.text()).isEmpty();
        assertThat(pair.pipe.client.wire.size() - wireBefore).as("the record was written, then dropped").isPositive();
    }

    @Test
    void aPeerThatDropsTheConnectionWithoutCloseNotifyIsReportedAsTruncation() {
        TLSPair pair = TLSPair.connect(Certificates.server(), Certificates.client(), "server.test");
        pair.pipe.client.dropWithoutGoodbye();

        assertThat(pair.serverApp.lost).singleElement().isInstanceOfSatisfying(ConnectionLostException.class,
                e -> assertThat(e.getMessage()).contains("without a TLS close_notify"));
    }

    @Test
    void aPeerThatNeverAnswersCloseNotifyIsCutOffAfterTheCloseTimeout() {
        TLSPair pair = TLSPair.connect(Certificates.server().withCloseTimeout(Duration.ofSeconds(3)),
                Certificates.client(), "server.test");
        pair.pipe.client.pauseProducing(); // the client stops reading, so it never sees close_notify
        pair.serverApp.transport().loseConnection();
        pair.pipe.pump();
        pair.clock.advance(Duration.ofSeconds(2));
        pair.pipe.pump();
        assertThat(pair.serverApp.lost).isEmpty();

        pair.clock.advance(Duration.ofSeconds(1));
        pair.pipe.pump();

        assertThat(pair.serverApp.lost).singleElement().isInstanceOfSatisfying(ConnectionLostException.class,
                e -> assertThat(e.getMessage()).contains("close timed out"));
        assertThat(pair.pipe.server.isDisconnected()).isTrue();
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
        pipe.client.reportTo(tls);
        pipe.connect(tls.buildProtocol(pipe.server.getHost()), silent);

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
        assertThat(pipe.client.isDisconnected()).isTrue();
    }

    @Test
    void aServerWhoseClientNeverSpeaksDropsItAfterTheHandshakeTimeout() {
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        Recorder app = new Recorder();
        TLSServerFactory tls = new TLSServerFactory(net.reactor.Factory.forProtocol(() -> app),
                Certificates.server().withHandshakeTimeout(Duration.ofSeconds(2)), clock, pipe.reactorExecutor());
        Recorder silentClient = new Recorder();
        pipe.connect(silentClient, tls.buildProtocol(pipe.client.getHost()));

        clock.advance(Duration.ofSeconds(2));
        pipe.pump();

        assertThat(app.made).isZero();
        assertThat(app.lost).isEmpty();
        assertThat(silentClient.lost).singleElement().isInstanceOf(ConnectionLostException.class);
    }

    @Test
    void dataThatIsNotTLSFailsTheHandshakeAndCloses() {
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        Recorder app = new Recorder();
        TLSServerFactory tls = new TLSServerFactory(net.reactor.Factory.forProtocol(() -> app),
                Certificates.server(), clock, pipe.reactorExecutor());
        Recorder plainClient = new Recorder();
        pipe.connect(plainClient, tls.buildProtocol(pipe.client.getHost()));
        // "GET / HTTP..." reads as a record header announcing 0x202F bytes: send that many.
        plainClient.send("GET / HTTP/1.1\r\nHost: server.test\r\n" + "X-Padding: x\r\n".repeat(700) + "\r\n");
        pipe.pump();
        net.reactor.internal.tls.TLSConnection layer = (net.reactor.internal.tls.TLSConnection) pipe.server.target();

        assertThat(app.made).isZero();
        assertThat(plainClient.lost).singleElement().isInstanceOf(ConnectionDoneException.class);
        assertThat(layer.finalReason()).isInstanceOfSatisfying(TLSException.class,
                e -> {
                    assertThat(e.alert()).isEqualTo(TLSAlert.UNEXPECTED_MESSAGE);
                    assertThat(e.alertReceived()).isFalse();
                });
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
        pipe.client.reportTo(tls);
        pipe.connect(tls.buildProtocol(pipe.server.getHost()), server);
        server.transport().loseConnection();
        pipe.pump();

        assertThat(factory.failed).singleElement().isInstanceOfSatisfying(TLSException.class,
                e -> assertThat(e.getMessage()).contains("lost during the TLS handshake"));
        assertThat(factory.lost).isEmpty();
    }

    @Test
    void dataInBothDirectionsSurvivesSmallReads() {
        TLSPair pair = TLSPair.connect(Certificates.server(), Certificates.client(), "server.test");
        pair.pipe.readChunk(7);
        String text = "x".repeat(50_000);
        pair.clientApp.send(text);
        pair.pipe.pump();

        assertThat(pair.clientApp.received.toString(StandardCharsets.UTF_8)).isEqualTo(text);
    }
}
