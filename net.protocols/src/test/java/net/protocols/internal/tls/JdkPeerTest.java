package net.protocols.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import net.protocols.tls.CertifiedKey;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLSClientFactory;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.TLSException;
import net.protocols.tls.TLSServerFactory;
import net.protocols.tls.TLSServerOptions;
import net.protocols.tls.TLSTransport;
import net.protocols.tls.Trust;
import net.reactor.ClientFactory;
import net.reactor.Factory;
import net.reactor.Protocol;
import net.reactor.testing.Clock;
import net.reactor.testing.MemoryPipe;
import org.junit.jupiter.api.Test;

/**
 * The JDK's own engine (SunJSSE) as the peer of BouncyCastle's, in memory. The JDK engine hands
 * out delegated tasks, so these tests also drive the layer's virtual-thread task path.
 */
class JdkPeerTest {
    static final SelfSignedCertificate SERVER = SelfSignedCertificate.generate("server.test");
    static final Duration WAIT = Duration.ofSeconds(20);

    static SSLEngine jdkEngine(boolean client, CertifiedKey key, String protocol) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", key.privateKey(), new char[0], key.certificateChain().toArray(Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", "SunJSSE");
        kmf.init(ks, new char[0]);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("t", SERVER.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
        tmf.init(ts);
        SSLContext context = SSLContext.getInstance("TLS", "SunJSSE");
        context.init(client ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        SSLEngine engine = client ? context.createSSLEngine("server.test", 443) : context.createSSLEngine();
        engine.setUseClientMode(client);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(new String[] {protocol});
        if (client) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        engine.setSSLParameters(p);
        return engine;
    }

    static final class App extends Protocol {
        final StringBuilder text = new StringBuilder();
        final List<Throwable> lost = new ArrayList<>();
        boolean echo;

        @Override
        public void dataReceived(byte[] data) {
            text.append(new String(data, StandardCharsets.UTF_8));
            if (echo) {
                transport().write(data);
            }
        }

        @Override
        public void connectionLost(Throwable reason) {
            super.connectionLost(reason);
            lost.add(reason);
        }
    }

    @Test
    void aJdkClientTalksToASpindleServer() throws Exception {
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        App server = new App();
        server.echo = true;
        App client = new App();
        TLSServerFactory factory = new TLSServerFactory(Factory.forProtocol(() -> server),
                TLSServerOptions.of(SERVER.key()), clock, pipe.reactorExecutor());
        TLSConnection jdk = new TLSConnection(jdkEngine(true, SERVER.key(), "TLSv1.3"), client, false, clock,
                pipe.reactorExecutor(), Duration.ofSeconds(30), Duration.ofSeconds(5), null);
        pipe.connect(jdk, factory.buildProtocol(pipe.client().getHost()));
        pipe.pumpUntil(jdk::isHandshakeComplete, WAIT);

        client.transport().write("from the JDK".getBytes(StandardCharsets.UTF_8));
        pipe.pumpUntil(() -> client.text.length() == "from the JDK".length(), WAIT);

        assertThat(client.text).hasToString("from the JDK");
        assertThat(((TLSTransport) server.transport()).protocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void aSpindleClientTalksToAJdkServer() throws Exception {
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        App server = new App();
        server.echo = true;
        App client = new App();
        TLSConnection jdk = new TLSConnection(jdkEngine(false, SERVER.key(), "TLSv1.2"), server, false, clock,
                pipe.reactorExecutor(), Duration.ofSeconds(30), Duration.ofSeconds(5), null);
        TLSClientFactory factory = new TLSClientFactory(ClientFactory.forProtocol(() -> client),
                TLSClientOptions.trusting(Trust.certificates(SERVER.certificate())), "server.test", 443, clock,
                pipe.reactorExecutor());
        pipe.connect(factory.buildProtocol(pipe.server().getHost()), jdk);
        pipe.pumpUntil(client::connected, WAIT);

        client.transport().write("to the JDK".getBytes(StandardCharsets.UTF_8));
        pipe.pumpUntil(() -> client.text.length() == "to the JDK".length(), WAIT);

        assertThat(((TLSTransport) client.transport()).protocol()).isEqualTo("TLSv1.2");
        client.transport().loseConnection();
        pipe.pumpUntil(() -> !server.lost.isEmpty(), WAIT);
        assertThat(client.lost).singleElement().isInstanceOf(net.reactor.ConnectionDoneException.class);
    }

    @Test
    void aClientsRenegotiationIsRefused() throws Exception {
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        App server = new App();
        server.echo = true;
        App client = new App();
        TLSServerFactory factory = new TLSServerFactory(Factory.forProtocol(() -> server),
                TLSServerOptions.of(SERVER.key()), clock, pipe.reactorExecutor());
        TLSConnection jdk = new TLSConnection(jdkEngine(true, SERVER.key(), "TLSv1.2"), client, false, clock,
                pipe.reactorExecutor(), Duration.ofSeconds(30), Duration.ofSeconds(5), null);
        pipe.connect(jdk, factory.buildProtocol(pipe.client().getHost()));
        pipe.pumpUntil(jdk::isHandshakeComplete, WAIT);
        TLSTransport serverTls = (TLSTransport) server.transport();
        byte[] sessionId = serverTls.sslSession().getId();

        jdk.engine().beginHandshake(); // the JDK (TLS 1.2) asks to renegotiate
        client.transport().write("renegotiate?".getBytes(StandardCharsets.UTF_8));
        pipe.pumpUntil(() -> !client.lost.isEmpty(), WAIT);

        assertThat(client.lost).singleElement().isInstanceOfSatisfying(TLSException.class,
                e -> assertThat(e.getMessage()).contains("no_renegotiation"));
        assertThat(server.lost).singleElement().isInstanceOf(TLSException.class);
        assertThat(serverTls.sslSession().getId()).as("the server never started a new session").isEqualTo(sessionId);
    }

    @Test
    void aServersRenegotiationRequestIsRefusedByASpindleClient() throws Exception {
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        App server = new App();
        App client = new App();
        client.echo = true;
        TLSConnection jdk = new TLSConnection(jdkEngine(false, SERVER.key(), "TLSv1.2"), server, false, clock,
                pipe.reactorExecutor(), Duration.ofSeconds(30), Duration.ofSeconds(5), null);
        TLSClientFactory factory = new TLSClientFactory(ClientFactory.forProtocol(() -> client),
                TLSClientOptions.trusting(Trust.certificates(SERVER.certificate())), "server.test", 443, clock,
                pipe.reactorExecutor());
        pipe.connect(factory.buildProtocol(pipe.server().getHost()), jdk);
        pipe.pumpUntil(client::connected, WAIT);
        byte[] sessionId = ((TLSTransport) client.transport()).sslSession().getId();

        jdk.engine().beginHandshake(); // the JDK server sends HelloRequest
        server.transport().write("after the request\n".getBytes(StandardCharsets.UTF_8));
        pipe.pumpUntil(() -> !server.lost.isEmpty(), WAIT);

        // The Spindle client answered no_renegotiation; the JDK server then gave up on the
        // connection. The client never started a second handshake.
        assertThat(server.lost).singleElement().isInstanceOfSatisfying(TLSException.class,
                e -> assertThat(e.getMessage()).contains("no_renegotiation"));
        pipe.pumpUntil(() -> !client.lost.isEmpty(), WAIT);
        assertThat(client.lost).singleElement().isInstanceOfSatisfying(TLSException.class,
                e -> assertThat(e.alertReceived()).isTrue());
        assertThat(((TLSTransport) client.transport()).sslSession().getId()).isEqualTo(sessionId);
    }

    @Test
    void delegatedTasksRunOffTheReactorThreadAndResumeThroughTheExecutor() throws Exception {
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        App server = new App();
        List<String> taskThreads = new ArrayList<>();
        TLSServerFactory factory = new TLSServerFactory(Factory.forProtocol(() -> server),
                TLSServerOptions.of(SERVER.key()), clock, pipe.reactorExecutor());
        SSLEngine engine = new RecordingTaskEngine(jdkEngine(true, SERVER.key(), "TLSv1.3"), taskThreads);
        TLSConnection jdk = new TLSConnection(engine, new App(), false, clock, pipe.reactorExecutor(),
                Duration.ofSeconds(30), Duration.ofSeconds(5), null);
        pipe.connect(jdk, factory.buildProtocol(pipe.client().getHost()));
        pipe.pumpUntil(jdk::isHandshakeComplete, WAIT);

        assertThat(taskThreads).isNotEmpty().allSatisfy(name -> assertThat(name).isEqualTo("spindle-tls-task"));
    }

    @Test
    void theTransportRefusesCallsFromOtherThreads() throws Exception {
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        App server = new App();
        App client = new App();
        TLSServerFactory factory = new TLSServerFactory(Factory.forProtocol(() -> server),
                TLSServerOptions.of(SERVER.key()), clock, pipe.reactorExecutor());
        TLSClientFactory clients = new TLSClientFactory(ClientFactory.forProtocol(() -> client),
                TLSClientOptions.trusting(Trust.certificates(SERVER.certificate())), "server.test", 443, clock,
                pipe.reactorExecutor());
        pipe.connect(clients.buildProtocol(pipe.server().getHost()), factory.buildProtocol(pipe.client().getHost()));

        CompletableFuture<Void> call = CompletableFuture.runAsync(
                () -> client.transport().write(new byte[] {1}), r -> Thread.ofPlatform().start(r));
        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WrongThreadException.class).hasMessageContaining("callFromThread");
    }
}
