package bench.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The TLS servers' key and certificate: a self-signed EC P-256 certificate for 127.0.0.1 in a
 * PKCS#12 store, made once with the JDK's keytool. Both TLS servers load it; the load generator
 * trusts it.
 *
 * @param file the PKCS#12 store
 * @param password its password (a benchmark secret, protecting nothing)
 */
record TlsKeyStore(Path file, String password) {

    static TlsKeyStore create(Path directory) throws IOException, InterruptedException {
        TlsKeyStore store = new TlsKeyStore(directory.resolve("bench.p12"), "spindle-bench");
        if (Files.exists(store.file())) {
            return store;
        }
        Files.createDirectories(directory);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "bench",
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "3650",
                "-storetype", "PKCS12", "-keystore", store.file().toString(),
                "-storepass", store.password(), "-keypass", store.password())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        return store;
    }

    List<String> serverArgs() {
        return List.of(file.toString(), password);
    }

    List<String> loadArgs() {
        return List.of("--keystore", file.toString(), "--password", password);
    }
}
