package spindle.it.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static spindle.it.tls.ReactorRunner.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import net.protocols.tls.CertifiedKey;
import net.protocols.tls.ClientAuth;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.TLSServerOptions;
import net.protocols.tls.TLSTransport;
import net.protocols.tls.Trust;
import net.reactor.ConnectionDoneException;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import org.junit.jupiter.api.Test;

/** The JDK's own TLS (SunJSSE sockets on platform threads) as client and server peers. */
class JdkPeerInteropTest {
    static final SelfSignedCertificate SERVER = SelfSignedCertificate.generate("localhost", "127.0.0.1");
    static final SelfSignedCertificate CLIENT = SelfSignedCertificate.generate("jdk-client");

    static SSLContext jdkContext(CertifiedKey key, java.security.cert.X509Certificate trusted) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", "SunJSSE");
        if (key != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("key", key.privateKey(), new char[0], key.certificateChain().toArray(Certificate[]::new));
            kmf.init(ks, new char[0]);
        }
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("trusted", trusted);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
        tmf.init(ts);
        SSLContext context = SSLContext.getInstance("TLS", "SunJSSE");
        context.init(key == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return context;
    }

    static SSLSocket jdkClient(int port, CertifiedKey clientKey, String... alpn) throws Exception {
        SSLSocket socket = (SSLSocket) jdkContext(clientKey, SERVER.certificate()).getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), port);
        SSLParameters p = socket.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        p.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName("localhost")));
        p.setApplicationProtocols(alpn);
        socket.setSSLParameters(p);
        socket.setSoTimeout(30_000);
        return socket;
    }

    @Test
    void aJdkClientTalksToSpindlesServerWithAlpn() throws Exception {
        try (ReactorRunner r = new ReactorRunner()) {
            int port = r.call(() -> ((IPv4Address) TLS.listenSSL(r.reactor, 0, Factory.forProtocol(Apps.Echo::new),
                    TLSServerOptions.of(SERVER.key()).withApplicationProtocols("h2", "http/1.1"), 50, "127.0.0.1")
                    .getHost()).port());

            try (SSLSocket socket = jdkClient(port, null, "http/1.1")) {
                OutputStream out = socket.getOutputStream();
                out.write("from SunJSSE\nbye\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("from SunJSSE");
                assertThat(in.readLine()).isEqualTo("bye");
                assertThat(in.readLine()).as("the server closed with close_notify").isNull();
                assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
                assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            }
        }
    }

    @Test
    void aJdkClientWithoutTheRequiredCertificateIsRefused() throws Exception {
        try (ReactorRunner r = new ReactorRunner()) {
            int port = r.call(() -> ((IPv4Address) TLS.listenSSL(r.reactor, 0, Factory.forProtocol(Apps.Echo::new),
                    TLSServerOptions.of(SERVER.key()).withClientAuth(ClientAuth.REQUIRED,
                            Trust.certificates(CLIENT.certificate())), 50, "127.0.0.1").getHost()).port());

            try (SSLSocket anonymous = jdkClient(port, null)) {
                // Only read: in TLS 1.3 the client's handshake ends before the server checks its
                // certificate, so a write could meet the closed socket ("Broken pipe", with the
                // alert still unread) instead of the server's certificate_required alert.
                assertThatThrownBy(() -> anonymous.getInputStream().read())
                        .isInstanceOf(SSLException.class).hasMessageContaining("certificate_required");
            }
            try (SSLSocket withCertificate = jdkClient(port, CLIENT.key())) {
                withCertificate.getOutputStream().write("hi\n".getBytes(StandardCharsets.UTF_8));
                assertThat(withCertificate.getInputStream().read()).isEqualTo('h');
            }
        }
    }

    @Test
    void spindlesClientTalksToAJdkServerWithAlpnAndAClientCertificate() throws Exception {
        SSLContext context = jdkContext(SERVER.key(), CLIENT.certificate());
        try (SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ReactorRunner r = new ReactorRunner()) {
            SSLParameters p = listener.getSSLParameters();
            p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
            p.setNeedClientAuth(true);
            listener.setSSLParameters(p);
            CompletableFuture<String> seen = new CompletableFuture<>();
            Thread server = Thread.ofPlatform().name("jdk-tls-server").start(() -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    socket.setSoTimeout(30_000);
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                    String line = in.readLine();
                    seen.complete(line + " / " + socket.getSession().getPeerPrincipal().getName()
                            + " / " + socket.getApplicationProtocol());
                    socket.getOutputStream().write(("echo " + line + "\n").getBytes(StandardCharsets.UTF_8));
                    socket.getOutputStream().flush();
                    in.readLine(); // until the client closes
                } catch (IOException e) {
                    seen.completeExceptionally(e);
                }
            });
            Apps.Client client = new Apps.Client("from Spindle\n");
            int port = listener.getLocalPort();
            r.run(() -> TLS.connectSSL(r.reactor, "127.0.0.1", port, new Apps.Outcome(client),
                    TLSClientOptions.trusting(Trust.certificates(SERVER.certificate()))
                            .withApplicationProtocols("http/1.1")
                            .withClientCertificate(CLIENT.key())));

            assertThat(await(client.firstLine)).isEqualTo("echo from Spindle");
            assertThat(seen.get(60, TimeUnit.SECONDS)).isEqualTo("from Spindle / CN=jdk-client / http/1.1");
            TLSTransport tls = await(client.made);
            assertThat(r.call(tls::applicationProtocol)).isEqualTo("http/1.1");
            r.run(() -> client.transport().loseConnection());
            assertThat(await(client.lost)).isInstanceOf(ConnectionDoneException.class);
            server.join(TimeUnit.SECONDS.toMillis(60));
        }
    }
}
