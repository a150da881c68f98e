package net.protocols.internal.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.protocols.tls.CertifiedKey;
import net.protocols.tls.TLSClientEndpoint;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.TLSConfigurationException;
import net.protocols.tls.Trust;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import net.reactor.endpoints.ClientEndpoint;
import net.reactor.endpoints.ClientEndpointParser;
import net.reactor.endpoints.EndpointDescription;
import org.jspecify.annotations.Nullable;

/**
 * The {@code ssl:} client description parser, with Twisted's forms: {@code ssl:HOST:PORT} or
 * {@code ssl:host=HOST:port=PORT}, plus {@code timeout=SECONDS}, {@code bindAddress=IP},
 * {@code certKey=FILE} and {@code privateKey=FILE} (a client certificate), {@code caCertsDir=DIR}
 * (trust the certificates in the PEM files of a directory instead of the system's), and
 * {@code hostname=NAME} (the name to verify and send with SNI), plus Spindle's
 * {@code alpn=h2,http/1.1}. Unlike Twisted's historical default, the server's certificate and
 * host name are always verified. Registered as a service in net.reactor's module-info.
 */
public final class SSLClientParser implements ClientEndpointParser {
    private static final List<String> PARAMETERS = List.of("host", "port", "timeout", "bindAddress", "certKey",
            "privateKey", "caCertsDir", "hostname", "alpn");

    /** Creates the parser (a service provider). */
    public SSLClientParser() {}

    @Override
    public String prefix() {
        return "ssl";
    }

    @Override
    public ClientEndpoint parseClient(Reactor reactor, EndpointDescription description) {
        Map<String, String> keywords = description.keywords();
        EndpointDescription.HostAndPort destination = description.clientHostAndPort(PARAMETERS);
        String host = destination.host();
        int portNumber = destination.port();
        int timeout = description.intParameter("timeout", keywords.get("timeout"),
                (int) ReactorTCP.DEFAULT_CONNECT_TIMEOUT.toSeconds(), 0, Integer.MAX_VALUE);
        TLSClientOptions options;
        try {
            options = TLSClientOptions.trusting(trust(description, keywords.get("caCertsDir")));
            String certKey = keywords.get("certKey");
            String privateKey = keywords.get("privateKey");
            if (certKey != null || privateKey != null) {
                Path cert = Path.of(certKey != null ? certKey : privateKey);
                Path key = Path.of(privateKey != null ? privateKey : certKey);
                options = options.withClientCertificate(CertifiedKey.fromPem(key, cert));
            }
        } catch (TLSConfigurationException e) {
            throw description.fail(e.getMessage());
        }
        if (keywords.containsKey("hostname")) {
            options = options.withServerName(keywords.get("hostname"));
        }
        if (keywords.containsKey("alpn")) {
            options = options.withApplicationProtocols(keywords.get("alpn").split(","));
        }
        return new TLSClientEndpoint(reactor, host, portNumber, options, Duration.ofSeconds(timeout),
                bindAddress(description, keywords.get("bindAddress")));
    }

    private static Trust trust(EndpointDescription description, @Nullable String caCertsDir) {
        if (caCertsDir == null) {
            return Trust.system();
        }
        List<X509Certificate> anchors = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(caCertsDir))) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer")) {
                    anchors.addAll(KeyMaterialLoader.readCertificates(file));
                }
            }
        } catch (IOException e) {
            throw description.fail("cannot read caCertsDir '" + caCertsDir + "': " + e.getMessage());
        }
        if (anchors.isEmpty()) {
            throw description.fail("caCertsDir '" + caCertsDir + "' holds no .pem, .crt or .cer certificate");
        }
        return Trust.certificates(anchors);
    }

    private static @Nullable InetSocketAddress bindAddress(EndpointDescription description, @Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.ofLiteral(value), 0);
        } catch (IllegalArgumentException notALiteral) {
            throw description.fail("bindAddress '" + value + "' is not an IP address");
        }
    }
}
