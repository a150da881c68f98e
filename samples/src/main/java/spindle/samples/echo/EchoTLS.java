package spindle.samples.echo;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLSServerOptions;
import org.jspecify.annotations.Nullable;
import spindle.samples.support.UsageException;

/**
 * Where the TLS echo server's key and certificate come from: PEM files the user names, or a
 * self-signed certificate for {@code localhost} and {@code 127.0.0.1} generated on first start
 * and kept in the data directory, so a client can trust the same certificate across restarts.
 */
final class EchoTLS {
    private static final System.Logger LOG = System.getLogger("spindle.samples.echo");
    static final String KEY_FILE = "echo-key.pem";
    static final String CERTIFICATE_FILE = "echo-cert.pem";

    private EchoTLS() {}

    static TLSServerOptions serverOptions(@Nullable String keyFile, @Nullable String certificateFile, Path tlsDir)
            throws java.io.IOException {
        if ((keyFile == null) != (certificateFile == null)) {
            throw new UsageException("--key and --cert go together");
        }
        if (keyFile != null && certificateFile != null) {
            return TLSServerOptions.fromPem(Path.of(keyFile), Path.of(certificateFile));
        }
        Path key = tlsDir.resolve(KEY_FILE);
        Path certificate = tlsDir.resolve(CERTIFICATE_FILE);
        if (Files.exists(key) && Files.exists(certificate)) {
            LOG.log(Level.INFO, "TLS: using the self-signed certificate in {0}", certificate.toAbsolutePath());
        } else {
            Files.createDirectories(tlsDir);
            SelfSignedCertificate.generate("localhost", "127.0.0.1").write(key, certificate);
            LOG.log(Level.INFO, "TLS: generated a self-signed certificate for localhost and 127.0.0.1: {0}",
                    certificate.toAbsolutePath());
        }
        LOG.log(Level.INFO, "TLS: try  openssl s_client -connect 127.0.0.1:PORT -CAfile {0}", certificate.toAbsolutePath());
        return TLSServerOptions.fromPem(key, certificate);
    }
}
