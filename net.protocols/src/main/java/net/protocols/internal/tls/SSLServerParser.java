package net.protocols.internal.tls;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.protocols.tls.CertifiedKey;
import net.protocols.tls.TLSConfigurationException;
import net.protocols.tls.TLSServerEndpoint;
import net.protocols.tls.TLSServerOptions;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import net.reactor.endpoints.EndpointDescription;
import net.reactor.endpoints.ServerEndpoint;
import net.reactor.endpoints.ServerEndpointParser;

/**
 * The {@code ssl:} server description parser, with Twisted's parameters in their positional
 * order: {@code ssl:PORT[:privateKey=server.pem][:certKey=FILE][:interface=IP][:backlog=N]
 * [:extraCertChain=FILE]}, plus Spindle's {@code alpn=h2,http/1.1}. The private key defaults to
 * {@code server.pem} and the certificate to the private key's file (one PEM file holding both).
 * Twisted's {@code sslmethod} and {@code dhParameters} are refused: Spindle speaks TLS 1.3 and
 * 1.2 with ECDHE only. Registered as a service in net.reactor's module-info.
 */
public final class SSLServerParser implements ServerEndpointParser {
    private static final List<String> PARAMETERS = List.of("port", "privateKey", "certKey", "sslmethod",
            "interface", "backlog", "extraCertChain", "dhParameters", "alpn");

    /** Creates the parser (a service provider). */
    public SSLServerParser() {}

    @Override
    public String prefix() {
        return "ssl";
    }

    @Override
    public ServerEndpoint parseServer(Reactor reactor, EndpointDescription description) {
        Map<String, String> p = description.bind(PARAMETERS, Set.of("port"));
        for (String unsupported : List.of("sslmethod", "dhParameters")) {
            if (p.containsKey(unsupported)) {
                throw description.fail(unsupported + " is not supported: Spindle uses TLS 1.3 and 1.2 with ECDHE only");
            }
        }
        int port = description.intParameter("port", p.get("port"), 0, 0, 65535);
        int backlog = description.intParameter("backlog", p.get("backlog"), ReactorTCP.DEFAULT_BACKLOG, 0,
                Integer.MAX_VALUE);
        String interfaceAddress = p.getOrDefault("interface", "");
        if (!interfaceAddress.isEmpty()) {
            try {
                InetAddress.ofLiteral(interfaceAddress);
            } catch (IllegalArgumentException notALiteral) {
                throw description.fail("interface '" + interfaceAddress + "' is not an IP address");
            }
        }
        Path keyFile = Path.of(p.getOrDefault("privateKey", "server.pem"));
        Path certFile = p.containsKey("certKey") ? Path.of(p.get("certKey")) : keyFile;
        TLSServerOptions options;
        try {
            CertifiedKey key = CertifiedKey.fromPem(keyFile, certFile);
            if (p.containsKey("extraCertChain")) {
                List<X509Certificate> chain = new ArrayList<>(key.certificateChain());
                chain.addAll(KeyMaterialLoader.readCertificates(Path.of(p.get("extraCertChain"))));
                key = new CertifiedKey(key.privateKey(), chain);
            }
            options = TLSServerOptions.of(key);
        } catch (TLSConfigurationException e) {
            throw description.fail(e.getMessage());
        }
        if (p.containsKey("alpn")) {
            options = options.withApplicationProtocols(p.get("alpn").split(","));
        }
        return new TLSServerEndpoint(reactor, port, options, backlog, interfaceAddress);
    }
}
