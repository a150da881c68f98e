package spindle.it.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static spindle.it.protocols.AmpTwistedInteropTest.A;
import static spindle.it.protocols.AmpTwistedInteropTest.B;
import static spindle.it.protocols.AmpTwistedInteropTest.SUM;
import static spindle.it.protocols.AmpTwistedInteropTest.TOTAL;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.protocols.amp.AMP;
import net.protocols.amp.AmpTypes;
import net.protocols.amp.AmpValues;
import net.protocols.amp.Argument;
import net.protocols.amp.Command;
import net.protocols.amp.Responders;
import net.protocols.amp.StartTLS;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.TLSServerOptions;
import net.protocols.tls.Trust;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.ReactorOptions;
import net.reactor.endpoints.Endpoints;
import net.reactor.endpoints.TCPClientEndpoint;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spindle.it.support.RequiredPeer;

/**
 * AMP's StartTLS and protocol switch against real Twisted (amp.StartTLS on pyOpenSSL,
 * amp.ProtocolSwitchCommand), both ways: a Spindle client secures and then switches a
 * connection to a Twisted server, and a Twisted client does the same to a Spindle server. The
 * certificate is made here and handed to Python as PEM files.
 */
class AmpTwistedStartTLSTest {
    static final SelfSignedCertificate CERT = SelfSignedCertificate.generate("amp.test");

    static final class UnknownProtocol extends RuntimeException {
        UnknownProtocol(String message) {
            super(message);
        }
    }

    static final Argument<Boolean> SECURE = Argument.of("secure", AmpTypes.BOOLEAN);
    static final Command SECRET = Command.named("Secret").response(SECURE).build();
    static final Argument<String> NAME = Argument.of("name", AmpTypes.UNICODE);
    static final Command SWITCH = Command.named("Switch").argument(NAME)
            .error("UNKNOWN_PROTOCOL", UnknownProtocol.class, UnknownProtocol::new).build();

    @TempDir
    Path dir;
    Path certificate;
    Path key;
    private RunningReactor running;

    @BeforeAll
    static void needsTwistedWithTLS() throws Exception {
        Process p = new ProcessBuilder(TwistedPeer.requirePython(), "-c", "import OpenSSL")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw RequiredPeer.missing("Twisted's AMP StartTLS needs pyOpenSSL", "apt-get install -y python3-openssl");
        }
    }

    @BeforeEach
    void start() throws Exception {
        certificate = dir.resolve("amp.crt");
        key = dir.resolve("amp.key");
        Files.writeString(certificate, CERT.certificatePem());
        Files.writeString(key, CERT.privateKeyPem());
        running = RunningReactor.start(ReactorOptions.defaults().withName("amp-tls-interop"));
    }

    @AfterEach
    void stop() throws Exception {
        running.close();
    }

    /** Greets when switched to, and collects what arrives until two lines are in. */
    static final class Lines extends Protocol {
        final String greeting;
        final boolean shout;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<String> twoLines = new CompletableFuture<>();

        Lines(String greeting, boolean shout) {
            this.greeting = greeting;
            this.shout = shout;
        }

        @Override
        public void connectionMade() {
            transport().write(greeting.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void dataReceived(byte[] data) {
            received.writeBytes(data);
            if (shout) {
                transport().write(new String(data, StandardCharsets.US_ASCII).toUpperCase().getBytes(StandardCharsets.US_ASCII));
            }
            String text = received.toString(StandardCharsets.US_ASCII);
            if (text.chars().filter(c -> c == '\n').count() >= 2) {
                twoLines.complete(text);
            }
        }
    }

    @Test
    void spindleClientStartsTLSAndSwitchesOnATwistedServer() throws Exception {
        try (AmpPeer server = AmpPeer.server(certificate, key)) {
            int port = server.port();
            AMP amp = running.await(() -> Endpoints.connectProtocol(
                    new TCPClientEndpoint(running.reactor(), "127.0.0.1", port), new AMP()));
            assertThat(running.await(() -> amp.callRemote(SECRET, AmpValues.empty())).get(SECURE)).isFalse();

            TLSClientOptions tls = TLSClientOptions.trusting(Trust.certificates(CERT.certificate())).withServerName("amp.test");
            AtomicReference<Deferred<AmpValues>> held = new AtomicReference<>();
            AmpValues started = running.await(() -> {
                Deferred<AmpValues> d = amp.startTLS(tls);
                held.set(amp.callRemote(SECRET, AmpValues.empty())); // held back until TLS, then encrypted
                return d;
            });
            assertThat(started).isEqualTo(AmpValues.empty());
            assertThat(running.await(held::get).get(SECURE)).isTrue();
            assertThat(running.call(() -> amp.tlsTransport().peerCertificates().getFirst())).isEqualTo(CERT.certificate());
            assertThat(running.await(() -> amp.callRemote(SUM, AmpValues.of(A, 20L, B, 22L))).get(TOTAL)).isEqualTo(42L);

            Outcome<Protocol> refused = running.outcome(() -> amp.callRemoteSwitch(SWITCH, AmpValues.of(NAME, "nope"),
                    Factory.forProtocol(() -> new Lines("never\n", false))));
            assertThat(refused).isInstanceOfSatisfying(Outcome.Failed.class,
                    f -> assertThat(f.failure().value()).isInstanceOf(UnknownProtocol.class).hasMessageContaining("nope"));
            assertThat(running.await(() -> amp.callRemote(SUM, AmpValues.of(A, 2L, B, 3L))).get(TOTAL)).isEqualTo(5L);

            Lines lines = new Lines("hello from spindle\n", false);
            Protocol switched = running.await(() -> amp.callRemoteSwitch(SWITCH, AmpValues.of(NAME, "shout"),
                    Factory.forProtocol(() -> lines)));
            assertThat(switched).isSameAs(lines);
            // Twisted's Shout greets, then answers our greeting upper-cased: all of it over TLS.
            assertThat(lines.twoLines.get(30, TimeUnit.SECONDS)).isEqualTo("twisted switched\nHELLO FROM SPINDLE\n");
            running.run(() -> amp.transport().loseConnection());
        }
    }

    @Test
    void twistedClientStartsTLSAndSwitchesOnASpindleServer() throws Exception {
        int port = running.call(() -> {
            ListeningPort listening = running.reactor().listenTCP(0, AMP.factory(amp -> new Responders()
                    .respond(SUM, args -> AmpValues.of(TOTAL, args.get(A) + args.get(B)))
                    .respond(SECRET, args -> AmpValues.of(SECURE, amp.tlsTransport() != null))
                    .respondStartTLS(StartTLS.COMMAND, args -> TLSServerOptions.of(CERT.key()))
                    .respondSwitch(SWITCH, args -> {
                        if (!args.get(NAME).equals("shout")) {
                            throw new UnknownProtocol(args.get(NAME));
                        }
                        return new Lines("spindle switched\n", true);
                    })), 50, "127.0.0.1");
            return ((IPv4Address) listening.getHost()).port();
        });
        try (AmpPeer client = AmpPeer.tlsClient(port, certificate)) {
            client.await("DONE");
            assertThat(client.lines()).containsExactly(
                    "CLEAR 3 False",
                    "SECURE True True",
                    "PEER amp.test",
                    "AFTER-TLS 42",
                    "REFUSED UnknownProtocol nope",
                    "AFTER-REFUSED 5",
                    "SWITCHED b'spindle switched\\nHELLO FROM TWISTED\\n'",
                    "DONE");
        }
    }
}
