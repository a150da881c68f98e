package net.protocols.amp;

import static net.protocols.amp.Commands.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.TLSException;
import net.protocols.tls.TLSServerOptions;
import net.protocols.tls.TLSTransport;
import net.protocols.tls.Trust;
import net.reactor.ConnectionDoneException;
import net.reactor.Factory;
import net.reactor.Protocol;
import net.reactor.testing.Clock;
import net.reactor.testing.MemoryPipe;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** StartTLS and protocol switching (Twisted's test_amp TLSTests and protocol-switch tests), in memory. */
class AmpConnectionChangeTest {
    static final SelfSignedCertificate CERT = SelfSignedCertificate.generate("amp.test");
    static final SelfSignedCertificate OTHER = SelfSignedCertificate.generate("other.test");
    static final TLSClientOptions CLIENT_TLS = TLSClientOptions.trusting(Trust.certificates(CERT.certificate()))
            .withServerName("amp.test");
    static final TLSServerOptions SERVER_TLS = TLSServerOptions.of(CERT.key());

    static final class UnknownProtocol extends RuntimeException {
        UnknownProtocol(String message) {
            super(message);
        }
    }

    static final Argument<String> NAME = Argument.of("name", AmpTypes.UNICODE);
    static final Command SWITCH = Command.named("Switch-Proto").argument(NAME)
            .error("UNKNOWN_PROTOCOL", UnknownProtocol.class, UnknownProtocol::new).build();
    static final Command SWITCH_LATER = Command.named("Switch-Later").build();
    static final Command IS_SECURE = Command.named("IsSecure").response(Argument.of("secure", AmpTypes.BOOLEAN)).build();

    /** Twisted's TestProto: writes a greeting when connected, records what it receives. */
    static final class Recorder extends Protocol {
        final byte[] greeting;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final List<Throwable> lost = new ArrayList<>();

        Recorder(String greeting) {
            this.greeting = greeting.getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public void connectionMade() {
            if (greeting.length > 0) {
                transport().write(greeting);
            }
        }

        @Override
        public void dataReceived(byte[] data) {
            received.writeBytes(data);
        }

        @Override
        public void connectionLost(Throwable reason) {
            super.connectionLost(reason);
            lost.add(reason);
        }

        String text() {
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    final List<Recorder> serverInner = new ArrayList<>();
    final List<Deferred<Protocol>> laterSwitches = new ArrayList<>();
    final List<Deferred<AmpValues>> later = new ArrayList<>();
    AMP client;
    AMP server;
    MemoryPipe pipe;

    static Responders responders(List<Recorder> inner, List<Deferred<Protocol>> laterSwitches,
            List<Deferred<AmpValues>> later, boolean tls) {
        Responders r = new Responders()
                .respond(SUM, args -> AmpValues.of(TOTAL, args.get(A) + args.get(B)))
                .respond(ECHO, args -> AmpValues.of(DATA, args.get(DATA)))
                .respondDeferred(LATER, args -> {
                    Deferred<AmpValues> d = new Deferred<>();
                    later.add(d);
                    return d;
                })
                .respondSwitch(SWITCH, args -> {
                    if (!args.get(NAME).equals("test-proto")) {
                        throw new UnknownProtocol(args.get(NAME));
                    }
                    Recorder p = new Recorder("server data");
                    inner.add(p);
                    return p;
                })
                .respondSwitchDeferred(SWITCH_LATER, args -> {
                    Deferred<Protocol> d = new Deferred<>();
                    laterSwitches.add(d);
                    return d;
                });
        if (tls) {
            r.respondStartTLS(StartTLS.COMMAND, args -> SERVER_TLS);
        }
        return r;
    }

    @BeforeEach
    void connect() {
        client = new AMP(responders(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), false));
        server = new AMP(responders(serverInner, laterSwitches, later, true));
        pipe = MemoryPipe.create(new Clock()).connect(client, server);
    }

    void pumpUntilFired(Deferred<?> d) throws InterruptedException {
        pipe.pumpUntil(d::called, Duration.ofSeconds(20));
    }

    static <T> T value(Deferred<T> d) {
        assertThat(d.called()).as("fired").isTrue();
        Outcome<T> o = d.peek();
        if (o instanceof Outcome.Failed<T> f) {
            throw new AssertionError("failed", f.failure().value());
        }
        return ((Outcome.Success<T>) o).value();
    }

    static Throwable failure(Deferred<?> d) {
        assertThat(d.called()).as("fired").isTrue();
        Outcome<?> o = d.peek();
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        Throwable t = ((Outcome.Failed<?>) o).failure().value();
        d.addErrback(f -> null);
        return t;
    }

    static String wire(MemoryPipe.End end) {
        return new String(end.written(), StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------- StartTLS

    @Test
    void startTLSSendsTheAnswerInClearAndEverythingAfterEncrypted() throws Exception {
        Deferred<AmpValues> before = client.callRemote(ECHO, AmpValues.of(DATA, "plain-before".getBytes(StandardCharsets.US_ASCII)));
        pipe.pump();
        assertThat(value(before).get(DATA)).asString(StandardCharsets.US_ASCII).isEqualTo("plain-before");

        List<String> order = new ArrayList<>();
        Deferred<AmpValues> started = client.startTLS(CLIENT_TLS);
        // Sent before the answer: held back, then encrypted (Twisted's "buffer something to be delivered securely").
        Deferred<AmpValues> held = client.callRemote(ECHO, AmpValues.of(DATA, "secret-held".getBytes(StandardCharsets.US_ASCII)));
        Deferred<AmpValues> inCallback = new Deferred<>();
        Deferred<Object> afterStart = started.addCallback(ignored -> {
            order.add("started");
            client.callRemote(ECHO, AmpValues.of(DATA, "secret-callback".getBytes(StandardCharsets.US_ASCII)))
                    .addBoth(o -> {
                        inCallback.callback(AmpValues.empty());
                        return null;
                    });
            return null;
        });
        pumpUntilFired(held);
        pumpUntilFired(inCallback);
        assertThat(value(held).get(DATA)).asString(StandardCharsets.US_ASCII).isEqualTo("secret-held");
        assertThat(afterStart.called()).isTrue();
        assertThat(order).containsExactly("started");

        String clientWire = wire(pipe.client());
        String serverWire = wire(pipe.server());
        // The call went out in clear, the answer came back in clear, nothing secret is readable.
        assertThat(clientWire).contains("plain-before").contains("StartTLS").doesNotContain("secret");
        assertThat(serverWire).contains("plain-before").doesNotContain("secret");
        // The server's clear answer to StartTLS (tag 2) is followed only by TLS records.
        byte[] answer = new AmpBox().put("_answer", "2").serialize();
        int at = serverWire.indexOf(new String(answer, StandardCharsets.ISO_8859_1));
        assertThat(at).isPositive();
        assertThat(serverWire.charAt(at + answer.length)).isEqualTo((char) 0x16); // a TLS handshake record
        assertThat(client.transport()).isNotInstanceOf(TLSTransport.class); // the protocol keeps its transport

        Deferred<AmpValues> sum = client.callRemote(SUM, AmpValues.of(A, 2L, B, 3L));
        pumpUntilFired(sum);
        assertThat(value(sum).get(TOTAL)).isEqualTo(5L);
    }

    @Test
    void aSecondStartTLSFailsWithoutSendingAndThePeerRefusesOneToo() throws Exception {
        Deferred<AmpValues> started = client.startTLS(CLIENT_TLS);
        pumpUntilFired(started);
        value(started);
        int written = pipe.client().written().length;

        assertThat(failure(client.startTLS(CLIENT_TLS))).isInstanceOf(StartTLSException.class);
        assertThat(pipe.client().written()).hasSize(written);

        // A raw StartTLS (as a confused peer would send): answered TLS_ERROR, the connection stays up.
        Deferred<AmpBox> raw = client.callRemoteString("StartTLS", true, new AmpBox());
        pumpUntilFired(raw);
        assertThat(failure(raw)).isInstanceOfSatisfying(RemoteAmpException.class,
                e -> assertThat(e.errorCode()).isEqualTo(StartTLS.TLS_ERROR));
        Deferred<AmpValues> sum = client.callRemote(SUM, AmpValues.of(A, 1L, B, 1L));
        pumpUntilFired(sum);
        assertThat(value(sum).get(TOTAL)).isEqualTo(2L);
    }

    @Test
    void aRefusedStartTLSLeavesTheConnectionInClearText() {
        // The client answers no StartTLS: the server's call is refused as UNHANDLED.
        Deferred<AmpValues> refused = server.startTLS(SERVER_TLS);
        pipe.pump();
        assertThat(failure(refused)).isInstanceOf(UnhandledCommandException.class);
        Deferred<AmpValues> sum = server.callRemote(ECHO, AmpValues.of(DATA, "still clear".getBytes(StandardCharsets.US_ASCII)));
        pipe.pump();
        assertThat(value(sum).get(DATA)).asString(StandardCharsets.US_ASCII).isEqualTo("still clear");
        assertThat(wire(pipe.server())).contains("still clear");
    }

    @Test
    void boxesHeldForARefusedStartTLSAreNeverSentInClearText() {
        Deferred<AmpValues> refused = server.startTLS(SERVER_TLS);
        Deferred<AmpValues> held = server.callRemote(ECHO, AmpValues.of(DATA, "secret".getBytes(StandardCharsets.US_ASCII)));
        pipe.pump();
        assertThat(failure(refused)).isInstanceOf(UnhandledCommandException.class);
        assertThat(failure(held)).isInstanceOf(StartTLSException.class);
        assertThat(wire(pipe.server())).doesNotContain("secret");
        assertThat(pipe.server().isDisconnected()).isTrue();
    }

    @Test
    void theListeningSideMayCallStartTLSAndBeTheTLSServer() throws Exception {
        // Roles follow the options: the client answers as the TLS client, and its ClientHello
        // follows its clear answer at once, so the server must give those bytes to TLS.
        client = new AMP(new Responders().respond(SUM, args -> AmpValues.of(TOTAL, args.get(A) + args.get(B)))
                .respondStartTLS(StartTLS.COMMAND, args -> CLIENT_TLS));
        server = new AMP(responders(serverInner, laterSwitches, later, false));
        pipe = MemoryPipe.create(new Clock()).connect(client, server);
        Deferred<AmpValues> started = server.startTLS(SERVER_TLS);
        Deferred<AmpValues> sum = server.callRemote(SUM, AmpValues.of(A, 40L, B, 2L));
        pumpUntilFired(sum);
        assertThat(value(started)).isEqualTo(AmpValues.empty());
        assertThat(value(sum).get(TOTAL)).isEqualTo(42L);
    }

    @Test
    void aFailedHandshakeFailsTheCallsWithATLSException() throws Exception {
        TLSClientOptions wrongTrust = TLSClientOptions.trusting(Trust.certificates(OTHER.certificate()))
                .withServerName("amp.test");
        Deferred<AmpValues> started = client.startTLS(wrongTrust);
        Deferred<AmpValues> held = client.callRemote(SUM, AmpValues.of(A, 1L, B, 1L));
        pumpUntilFired(held);
        value(started); // TLS started; the handshake failed afterwards
        assertThat(failure(held)).isInstanceOf(TLSException.class);
        assertThat(pipe.client().isDisconnected()).isTrue();
    }

    @Test
    void startTLSCommandsMustAskAnAnswerWithoutResponseValues() {
        assertThat(failure(client.callRemoteStartTLS(SUM, AmpValues.of(A, 1L, B, 1L), CLIENT_TLS)))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Responders().respondStartTLS(NOTE, args -> SERVER_TLS))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Responders().respondSwitch(IS_SECURE, args -> new Recorder("")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- protocol switching

    Deferred<Protocol> switchClient(String name, Recorder inner) {
        return client.callRemoteSwitch(SWITCH, AmpValues.of(NAME, name), Factory.forProtocol(() -> inner));
    }

    @Test
    void bothSidesSwitchAndTheNewProtocolsTalk() {
        Recorder clientInner = new Recorder("client data");
        Deferred<Protocol> switched = switchClient("test-proto", clientInner);
        pipe.pump();
        assertThat(value(switched)).isSameAs(clientInner);
        assertThat(serverInner).hasSize(1);
        assertThat(serverInner.getFirst().text()).isEqualTo("client data");
        assertThat(clientInner.text()).isEqualTo("server data");
        assertThat(client.innerProtocol()).isSameAs(clientInner);
        assertThat(serverInner.getFirst().transport()).isSameAs(server.transport());

        assertThat(failure(client.callRemote(SUM, AmpValues.of(A, 1L, B, 1L)))).isInstanceOf(ProtocolSwitchedException.class);

        client.transport().loseConnection();
        pipe.pump();
        assertThat(clientInner.lost).singleElement().isInstanceOf(ConnectionDoneException.class);
        assertThat(serverInner.getFirst().lost).singleElement().isInstanceOf(ConnectionDoneException.class);
    }

    @Test
    void aRefusedSwitchLeavesTheConnectionSpeakingAMP() {
        Deferred<Protocol> refused = switchClient("no-proto", new Recorder("never"));
        pipe.pump();
        assertThat(failure(refused)).isInstanceOf(UnknownProtocol.class).hasMessage("no-proto");
        Deferred<AmpValues> sum = client.callRemote(SUM, AmpValues.of(A, 20L, B, 22L));
        pipe.pump();
        assertThat(value(sum).get(TOTAL)).isEqualTo(42L);
        assertThat(client.innerProtocol()).isNull();
    }

    @Test
    void trafficAfterTheSwitchCallNeitherGoesOutNorCorruptsTheNewProtocol() {
        // Twisted's test_trafficAfterSwitch / test_errorAfterSwitch.
        Deferred<AmpValues> waiting = client.callRemote(LATER, AmpValues.empty());
        pipe.pump();
        Recorder clientInner = new Recorder("client data");
        Deferred<Protocol> switched = switchClient("test-proto", clientInner);
        assertThat(failure(client.callRemote(SUM, AmpValues.of(A, 1L, B, 1L)))).isInstanceOf(ProtocolSwitchedException.class);
        pipe.pump();
        value(switched);
        // The call made before the switch can never be answered now.
        assertThat(failure(waiting)).isInstanceOf(ProtocolSwitchedException.class);
        // The server's late answer is dropped, not written into the new protocol's stream.
        later.getFirst().callback(AmpValues.of(TOTAL, 7L));
        pipe.pump();
        assertThat(clientInner.text()).isEqualTo("server data");
        assertThat(serverInner.getFirst().text()).isEqualTo("client data");
    }

    @Test
    void aDeferredSwitchWaitsForItsProtocol() {
        Recorder clientInner = new Recorder("client data");
        Deferred<Protocol> switched = client.callRemoteSwitch(SWITCH_LATER, AmpValues.empty(), Factory.forProtocol(() -> clientInner));
        pipe.pump();
        assertThat(switched.called()).isFalse();
        Recorder serverSide = new Recorder("server data");
        laterSwitches.getFirst().callback(serverSide);
        pipe.pump();
        assertThat(value(switched)).isSameAs(clientInner);
        assertThat(serverSide.text()).isEqualTo("client data");
        assertThat(clientInner.text()).isEqualTo("server data");
    }

    @Test
    void switchingAfterStartTLSKeepsTheConnectionEncrypted() throws Exception {
        Deferred<AmpValues> started = client.startTLS(CLIENT_TLS);
        Recorder clientInner = new Recorder("client secret");
        Deferred<Protocol> switched = switchClient("test-proto", clientInner);
        pipe.pumpUntil(() -> serverInner.size() == 1 && serverInner.getFirst().text().equals("client secret")
                && clientInner.text().equals("server data"), Duration.ofSeconds(20));
        value(started);
        value(switched);
        assertThat(wire(pipe.client())).doesNotContain("client secret").doesNotContain("Switch-Proto");
        assertThat(wire(pipe.server())).doesNotContain("server data");
    }

    @Test
    void bytesBehindTheSwitchBoxGoToTheNewProtocolInOneRead() {
        // Twisted's BinaryBoxProtocol test_protocolSwitch: a receiver switches on the first box;
        // what follows it in the same read, an empty box included, belongs to the new protocol.
        Recorder other = new Recorder("outgoing data");
        List<AmpBox> boxes = new ArrayList<>();
        BinaryBoxProtocol[] layer = new BinaryBoxProtocol[1];
        layer[0] = new BinaryBoxProtocol(new BoxReceiver() {
            @Override
            public void startReceivingBoxes(BoxSender sender) {}

            @Override
            public void ampBoxReceived(AmpBox box) {
                boxes.add(box);
                layer[0].lockForSwitch();
                layer[0].switchTo(other);
            }

            @Override
            public void stopReceivingBoxes(Throwable reason) {}
        });
        StringTransport transport = new StringTransport();
        transport.connect(layer[0]);
        byte[] box = new AmpBox().put("include", "lots").put("of", "data").serialize();
        byte[] more = "\0\0Hello, world!".getBytes(StandardCharsets.ISO_8859_1);
        byte[] both = new byte[box.length + more.length];
        System.arraycopy(box, 0, both, 0, box.length);
        System.arraycopy(more, 0, both, box.length, more.length);
        layer[0].dataReceived(both);
        assertThat(boxes).hasSize(1);
        assertThat(other.transport()).isSameAs(transport);
        assertThat(other.text()).isEqualTo("\0\0Hello, world!");
        assertThat(transport.valueAsString(StandardCharsets.ISO_8859_1)).isEqualTo("outgoing data");
        layer[0].dataReceived("more data".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(other.text()).isEqualTo("\0\0Hello, world!more data");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> layer[0].sendBox(new AmpBox().put("some", "data")))
                .isInstanceOf(ProtocolSwitchedException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(layer[0]::unlockFromSwitch)
                .isInstanceOf(ProtocolSwitchedException.class);
        transport.deliverConnectionLost();
        assertThat(other.lost).hasSize(1);
    }

    @Test
    void aLockedBoxLayerSendsNothingUntilUnlocked() {
        // Twisted's test_protocolSwitchInvalidStates.
        BinaryBoxProtocol layer = new BinaryBoxProtocol(new BoxDispatcher(new Responders()));
        StringTransport transport = new StringTransport();
        transport.connect(layer);
        AmpBox sample = new AmpBox().put("some", "data");
        layer.lockForSwitch();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> layer.sendBox(sample)).isInstanceOf(ProtocolSwitchedException.class);
        layer.unlockFromSwitch();
        layer.sendBox(sample);
        assertThat(transport.value()).isEqualTo(sample.serialize());
    }

    // ---------------------------------------------------------------- gathered writes

    /** Counts the transport calls that write. */
    static final class CountingTransport extends StringTransport {
        int writes;

        @Override
        public void write(byte[] data) {
            writes++;
            super.write(data);
        }

        @Override
        public void writeSequence(List<byte[]> data) {
            writes++;
            super.writeSequence(data);
        }
    }

    @Test
    void theAnswersToOneReadAreWrittenTogetherInOrder() {
        AMP amp = new AMP(responders(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), false));
        CountingTransport transport = new CountingTransport();
        transport.connect(amp);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 1; i <= 3; i++) {
            read.writeBytes(new AmpBox().put("_command", "Sum").put("_ask", Integer.toString(i))
                    .put("a", Integer.toString(i)).put("b", "10").serialize());
            expected.writeBytes(new AmpBox().put("total", Integer.toString(i + 10)).put("_answer", Integer.toString(i)).serialize());
        }
        amp.dataReceived(read.toByteArray());
        assertThat(transport.writes).isEqualTo(1);
        assertThat(transport.value()).isEqualTo(expected.toByteArray());

        // A box sent outside a read is written at once.
        amp.callRemote(SUM, AmpValues.of(A, 1L, B, 2L));
        assertThat(transport.writes).isEqualTo(2);
    }
}
