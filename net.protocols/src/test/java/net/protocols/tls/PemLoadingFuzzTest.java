package net.protocols.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Loading a key and certificate chain from PEM text ({@link CertifiedKey#fromPemText}): the PEM a
 * {@link SelfSignedCertificate} writes, with its line endings changed to CRLF, reloads to the same
 * key and certificate (reference model); PEM text with fuzzed edits, truncations or arbitrary text,
 * with or without a passphrase, loads or fails with a {@link TLSConfigurationException} and
 * nothing else, and whatever loads has a certificate matching its key.
 *
 * <p>{@code ./mvnw verify} replays the seeds; {@code fuzz/run --only PemLoading} fuzzes it.
 */
class PemLoadingFuzzTest {
    /** Generated once per JVM: key generation would dominate every execution. */
    private static final SelfSignedCertificate ORIGINAL = SelfSignedCertificate.generate("localhost");

    @FuzzTest(maxExecutions = 200_000, maxDuration = "10m")
    void loadsTheSameOrRefuses(FuzzedDataProvider data) {
        String key = ORIGINAL.privateKeyPem();
        String certificates = ORIGINAL.certificatePem();
        switch (data.consumeInt(0, 2)) {
            case 0 -> {
                boolean crlfKey = data.consumeBoolean();
                boolean crlfCert = data.consumeBoolean();
                CertifiedKey loaded = CertifiedKey.fromPemText(crlf(key, crlfKey), crlf(certificates, crlfCert), null);
                assertThat(loaded.privateKey()).isEqualTo(ORIGINAL.key().privateKey());
                assertThat(loaded.certificate()).isEqualTo(ORIGINAL.certificate());
                return;
            }
            case 1 -> {
                if (data.consumeBoolean()) {
                    key = edit(key, data);
                } else {
                    certificates = edit(certificates, data);
                }
            }
            default -> {
                if (data.consumeBoolean()) {
                    key = data.consumeString(600);
                } else {
                    certificates = data.consumeString(600);
                }
            }
        }
        char[] passphrase = data.consumeBoolean() ? data.consumeString(8).toCharArray() : null;
        try {
            CertifiedKey loaded = CertifiedKey.fromPemText(key, certificates, passphrase);
            assertThat(loaded.certificate().getPublicKey().getAlgorithm())
                    .isEqualTo(loaded.privateKey().getAlgorithm());
        } catch (TLSConfigurationException expected) {
            // the documented refusal
        }
    }

    private static String crlf(String pem, boolean on) {
        return on ? pem.replace("\n", "\r\n") : pem;
    }

    /** A few replacements, insertions or deletions at fuzzed places, or a truncation. */
    private static String edit(String pem, FuzzedDataProvider data) {
        StringBuilder s = new StringBuilder(pem);
        int edits = data.consumeInt(1, 4);
        for (int e = 0; e < edits && !s.isEmpty(); e++) {
            int at = data.consumeInt(0, s.length() - 1);
            switch (data.consumeInt(0, 3)) {
                case 0 -> s.setCharAt(at, data.consumeChar());
                case 1 -> s.insert(at, data.consumeString(4));
                case 2 -> s.deleteCharAt(at);
                default -> s.setLength(at);
            }
        }
        return s.toString();
    }
}
