package net.protocols.internal.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import net.protocols.tls.CertifiedKey;
import net.protocols.tls.ServerCertificates;
import org.bouncycastle.jsse.BCX509ExtendedKeyManager;
import org.bouncycastle.jsse.BCX509Key;
import org.jspecify.annotations.Nullable;

/**
 * Presents a {@link CertifiedKey} chosen per handshake: for a server, by the SNI name the client
 * asked for (through {@link ServerCertificates}, which may be reloaded at any time); for a client,
 * its one client certificate. BouncyCastle asks for the key and chain together
 * ({@link #chooseEngineServerKeyBC}), so a reload between the two can never pair a new key with
 * an old chain. The alias-based methods of the JSSE interface serve other callers with the same
 * choice (the alias is the SNI name, or "" for the default).
 */
final class CertifiedKeyManager extends BCX509ExtendedKeyManager {
    private final @Nullable ServerCertificates server;
    private final @Nullable CertifiedKey client;

    private CertifiedKeyManager(@Nullable ServerCertificates server, @Nullable CertifiedKey client) {
        this.server = server;
        this.client = client;
    }

    static CertifiedKeyManager forServer(ServerCertificates certificates) {
        return new CertifiedKeyManager(certificates, null);
    }

    static CertifiedKeyManager forClient(CertifiedKey key) {
        return new CertifiedKeyManager(null, key);
    }

    /**
     * Whether {@code key} can serve for a key type as BouncyCastle names them: "RSA",
     * "RSASSA-PSS", "EC/secp256r1" (TLS 1.3 names the curve), "ECDHE_ECDSA" and "ECDHE_RSA"
     * (TLS 1.2 key exchanges), "Ed25519"...
     */
    static boolean suits(String keyType, PrivateKey key) {
        String algorithm = key.getAlgorithm();
        return switch (algorithm) {
            case "RSA" -> keyType.equals("RSA") || keyType.endsWith("_RSA");
            case "RSASSA-PSS" -> keyType.equals("RSASSA-PSS");
            case "EC" -> keyType.equals("EC") || keyType.equals("ECDSA") || keyType.endsWith("_ECDSA")
                    || (keyType.startsWith("EC/") && keyType.substring(3).equals(Curves.nameOf(key)));
            case "Ed25519", "Ed448" -> keyType.equals(algorithm);
            case "EdDSA" -> keyType.equals("Ed25519") || keyType.equals("Ed448");
            default -> keyType.equals(algorithm);
        };
    }

    private static @Nullable BCX509Key keyFor(String @Nullable [] keyTypes, CertifiedKey key) {
        if (keyTypes == null) {
            return null;
        }
        for (String keyType : keyTypes) {
            if (keyType != null && suits(keyType, key.privateKey())) {
                return new Key(keyType, key);
            }
        }
        return null;
    }

    /** The host name from a JDK-style SNI list. */
    static @Nullable String hostName(List<SNIServerName> names) {
        for (SNIServerName name : names) {
            if (name instanceof SNIHostName host) {
                return host.getAsciiName();
            }
        }
        return null;
    }

    @Override
    public @Nullable BCX509Key chooseEngineServerKeyBC(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        if (server == null) {
            return null;
        }
        return keyFor(keyTypes, server.select(SNIRecorder.requestedBy(engine)));
    }

    @Override
    public @Nullable BCX509Key chooseServerKeyBC(String[] keyTypes, Principal[] issuers, Socket socket) {
        return server == null ? null : keyFor(keyTypes, server.defaultKey());
    }

    @Override
    public @Nullable BCX509Key chooseEngineClientKeyBC(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return client == null ? null : keyFor(keyTypes, client);
    }

    @Override
    public @Nullable BCX509Key chooseClientKeyBC(String[] keyTypes, Principal[] issuers, Socket socket) {
        return client == null ? null : keyFor(keyTypes, client);
    }

    @Override
    protected @Nullable BCX509Key getKeyBC(String keyType, String alias) {
        CertifiedKey key = byAlias(alias);
        return key != null && suits(keyType, key.privateKey()) ? new Key(keyType, key) : null;
    }

    private @Nullable CertifiedKey byAlias(@Nullable String alias) {
        if (alias == null) {
            return null;
        }
        if (client != null) {
            return alias.isEmpty() ? client : null;
        }
        if (server == null) {
            return null;
        }
        return alias.isEmpty() ? server.defaultKey() : server.byHostname().get(alias);
    }

    private String @Nullable [] aliases(String keyType) {
        CertifiedKey key = byAlias("");
        return key != null && suits(keyType, key.privateKey()) ? new String[] {""} : null;
    }

    @Override
    public String @Nullable [] getClientAliases(String keyType, Principal[] issuers) {
        return client == null ? null : aliases(keyType);
    }

    @Override
    public @Nullable String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return client != null && keyFor(keyTypes, client) != null ? "" : null;
    }

    @Override
    public String @Nullable [] getServerAliases(String keyType, Principal[] issuers) {
        return server == null ? null : aliases(keyType);
    }

    @Override
    public @Nullable String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return server != null && suits(keyType, server.defaultKey().privateKey()) ? "" : null;
    }

    @Override
    public X509Certificate @Nullable [] getCertificateChain(String alias) {
        CertifiedKey key = byAlias(alias);
        return key == null ? null : key.certificateChain().toArray(X509Certificate[]::new);
    }

    @Override
    public @Nullable PrivateKey getPrivateKey(String alias) {
        CertifiedKey key = byAlias(alias);
        return key == null ? null : key.privateKey();
    }

    private record Key(String keyType, CertifiedKey key) implements BCX509Key {
        @Override
        public X509Certificate[] getCertificateChain() {
            return key.certificateChain().toArray(X509Certificate[]::new);
        }

        @Override
        public String getKeyType() {
            return keyType;
        }

        @Override
        public PrivateKey getPrivateKey() {
            return key.privateKey();
        }
    }
}
