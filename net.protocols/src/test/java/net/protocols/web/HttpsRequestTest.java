package net.protocols.web;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Objects;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLSClientFactory;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.TLSServerFactory;
import net.protocols.tls.TLSServerOptions;
import net.protocols.tls.TLSTransport;
import net.protocols.tls.Trust;
import net.reactor.ClientFactory;
import net.reactor.Protocol;
import net.reactor.testing.Clock;
import net.reactor.testing.MemoryPipe;
import org.junit.jupiter.api.Test;

/**
 * {@link Request#isSecure()} and {@link Request#scheme()}: the same Site answers "http" on a plain
 * connection and "https" when wrapped in the TLS layer, over an in-memory pipe (a real TLS
 * handshake, no sockets).
 */
class HttpsRequestTest {
    private static final SelfSignedCertificate CERT = SelfSignedCertificate.generate("localhost", "127.0.0.1");
    private static final String GET = "GET /scheme HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

    private static Resource root() {
        Resource root = new Resource();
        root.putChild("scheme", new Resource() {
            @Override
            protected Render renderGET(Request request) {
                return Render.text(request.scheme() + " secure=" + request.isSecure());
            }
        });
        return root;
    }

    /** Collects what the server sent, and sends one request once connected. */
    private static final class Client extends Protocol {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        @org.jspecify.annotations.Nullable String alpn;

        @Override
        public void connectionMade() {
            if (transport() instanceof TLSTransport tls) {
                alpn = tls.applicationProtocol();
            }
            transport().write(GET.getBytes(ISO_8859_1));
        }

        @Override
        public void dataReceived(byte[] data) {
            received.writeBytes(data);
        }

        String text() {
            return received.toString(ISO_8859_1);
        }
    }

    @Test
    void plainConnectionIsNotSecure() {
        Site site = new Site(root(), new Clock());
        net.reactor.testing.StringTransport transport = new net.reactor.testing.StringTransport();
        Protocol protocol = site.buildProtocol(net.reactor.testing.StringTransport.DEFAULT_PEER);
        transport.connect(Objects.requireNonNull(protocol));
        protocol.dataReceived(GET.getBytes(ISO_8859_1));

        assertThat(transport.valueAsString(ISO_8859_1)).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\nhttp secure=false");
    }

    @Test
    void tlsConnectionIsSecureAndNegotiatesHttp11() {
        Clock clock = new Clock();
        MemoryPipe pipe = MemoryPipe.create(clock);
        Site site = new Site(root(), clock);
        TLSServerFactory serverFactory = new TLSServerFactory(site,
                TLSServerOptions.of(CERT.key()).withApplicationProtocols("http/1.1"), clock, pipe.reactorExecutor());
        Client client = new Client();
        TLSClientFactory clientFactory = new TLSClientFactory(ClientFactory.forProtocol(() -> client),
                TLSClientOptions.trusting(Trust.certificates(CERT.certificate())).withApplicationProtocols("http/1.1"),
                "localhost", 443, clock, pipe.reactorExecutor());
        Protocol s = Objects.requireNonNull(serverFactory.buildProtocol(MemoryPipe.DEFAULT_CLIENT_ADDRESS));
        Protocol c = Objects.requireNonNull(clientFactory.buildProtocol(MemoryPipe.DEFAULT_SERVER_ADDRESS));
        pipe.connect(c, s);
        pipe.pump();

        assertThat(client.alpn).isEqualTo("http/1.1");
        assertThat(client.text()).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\nhttps secure=true");
        // the ciphertext on the wire never shows the answer
        assertThat(new String(pipe.server().written(), ISO_8859_1)).doesNotContain("secure=");
    }
}
