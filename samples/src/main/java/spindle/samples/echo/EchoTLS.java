package spindle.samples.echo;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import net.protocols.tls.TLSServerOptions;
import org.jspecify.annotations.Nullable;
import spindle.samples.support.ServerTLS;

/**
 * Where the TLS echo server's key and certificate come from: PEM files the user names, or a
 * self-signed certificate for {@code localhost} and {@code 127.0.0.1} generated on first start
 * and kept in the data directory, so a client can trust the same certificate across restarts.
 */
final class EchoTLS {
    private static final System.Logger LOG = System.getLogger("spindle.samples.echo");
    static final String CERTIFICATE_FILE = "echo-cert.pem";

    private EchoTLS() {}

    static TLSServerOptions serverOptions(@Nullable String keyFile, @Nullable String certificateFile, Path tlsDir)
            throws java.io.IOException {
        TLSServerOptions options = ServerTLS.serverOptions(keyFile, certificateFile, tlsDir, "echo");
        if (keyFile != null) {
            return options;
        }
        Path certificate = tlsDir.resolve(CERTIFICATE_FILE);
        LOG.log(Level.INFO, "TLS: try  openssl s_client -connect 127.0.0.1:PORT -CAfile {0}", certificate.toAbsolutePath());
        return options;
    }
}
