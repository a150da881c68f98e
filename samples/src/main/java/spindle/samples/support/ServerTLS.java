package spindle.samples.support;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLSServerOptions;
import org.jspecify.annotations.Nullable;

/**
 * Where a sample TLS server's key and certificate come from ({@code --tls [--key FILE --cert FILE]}):
 * PEM files the user names, or a self-signed certificate for {@code localhost} and
 * {@code 127.0.0.1} generated on first start and kept in the data directory, so a client can
 * trust the same certificate across restarts.
 *
 * <p><b>Threading:</b> called once at start-up, on the main thread, before the reactor runs.
 */
public final class ServerTLS {
    private static final System.Logger LOG = System.getLogger("spindle.samples.tls");

    private ServerTLS() {}

    /**
     * The server options for the named PEM files, or for the self-signed pair
     * {@code tlsDir/PREFIX-key.pem} and {@code tlsDir/PREFIX-cert.pem}, generated if absent.
     *
     * @param keyFile the {@code --key} value, or null
     * @param certificateFile the {@code --cert} value, or null
     * @param tlsDir where a generated pair is kept
     * @param prefix the file name prefix of a generated pair, e.g. {@code "web"}
     * @return options presenting that certificate (no ALPN; add it with
     *     {@link TLSServerOptions#withApplicationProtocols})
     * @throws UsageException if only one of key and certificate is given
     * @throws IOException if the directory cannot be created
     */
    public static TLSServerOptions serverOptions(@Nullable String keyFile, @Nullable String certificateFile,
            Path tlsDir, String prefix) throws IOException {
        if ((keyFile == null) != (certificateFile == null)) {
            throw new UsageException("--key and --cert go together");
        }
        if (keyFile != null && certificateFile != null) {
            return TLSServerOptions.fromPem(Path.of(keyFile), Path.of(certificateFile));
        }
        Path key = tlsDir.resolve(prefix + "-key.pem");
        Path certificate = tlsDir.resolve(prefix + "-cert.pem");
        if (Files.exists(key) && Files.exists(certificate)) {
            LOG.log(Level.INFO, "TLS: using the self-signed certificate in {0}", certificate.toAbsolutePath());
        } else {
            Files.createDirectories(tlsDir);
            SelfSignedCertificate.generate("localhost", "127.0.0.1").write(key, certificate);
            LOG.log(Level.INFO, "TLS: generated a self-signed certificate for localhost and 127.0.0.1: {0}",
                    certificate.toAbsolutePath());
        }
        return TLSServerOptions.fromPem(key, certificate);
    }
}
