package net.protocols.tls;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The keys and certificates a TLS server presents: a default one, and optionally one per host
 * name, chosen by the name the client asks for with SNI. Its contents can be replaced while the
 * server runs ({@link #reload(CertifiedKey)}, {@link #reload(String, CertifiedKey)}): handshakes
 * that start afterwards use the new key, connections already established are not disturbed.
 *
 * {@snippet :
 * ServerCertificates certificates = ServerCertificates.of(CertifiedKey.fromPem(key, cert))
 *         .reload("api.example.com", CertifiedKey.fromPem(apiKey, apiCert));
 * TLS.listenSSL(reactor, 8443, factory, TLSServerOptions.of(certificates));
 * // later, after the certificate was renewed on disk:
 * certificates.reload(CertifiedKey.fromPem(key, cert));
 * }
 *
 * <p>Host names match case-insensitively, exactly or by a wildcard name such as
 * {@code *.example.com} (which matches one leftmost label). A name without an entry gets the
 * default key.
 *
 * <p><b>Threading:</b> safe from any thread; a handshake reads one consistent snapshot.
 */
public final class ServerCertificates {
    private record Snapshot(CertifiedKey defaultKey, Map<String, CertifiedKey> byHost) {}

    private volatile Snapshot snapshot;

    private ServerCertificates(CertifiedKey defaultKey) {
        this.snapshot = new Snapshot(defaultKey, Map.of());
    }

    /**
     * Creates a holder that presents {@code defaultKey} to every client.
     *
     * @param defaultKey the key for clients that send no SNI name, or a name without an entry
     * @return a new holder
     */
    public static ServerCertificates of(CertifiedKey defaultKey) {
        return new ServerCertificates(Objects.requireNonNull(defaultKey, "defaultKey"));
    }

    /**
     * Replaces the default key for handshakes that start from now on.
     *
     * @param defaultKey the new default key
     * @return this holder
     */
    public ServerCertificates reload(CertifiedKey defaultKey) {
        Objects.requireNonNull(defaultKey, "defaultKey");
        synchronized (this) {
            snapshot = new Snapshot(defaultKey, snapshot.byHost());
        }
        return this;
    }

    /**
     * Adds or replaces the key presented to clients asking for {@code hostname} by SNI.
     *
     * @param hostname a DNS name such as {@code api.example.com}, or a wildcard such as
     *     {@code *.example.com}
     * @param key the key for that name
     * @return this holder
     * @throws IllegalArgumentException if {@code hostname} is blank
     */
    public ServerCertificates reload(String hostname, CertifiedKey key) {
        String name = normalize(hostname);
        Objects.requireNonNull(key, "key");
        synchronized (this) {
            Map<String, CertifiedKey> byHost = new HashMap<>(snapshot.byHost());
            byHost.put(name, key);
            snapshot = new Snapshot(snapshot.defaultKey(), Map.copyOf(byHost));
        }
        return this;
    }

    /**
     * Removes the key for {@code hostname}; clients asking for it get the default key again.
     *
     * @param hostname the name given to {@link #reload(String, CertifiedKey)}
     * @return this holder
     */
    public ServerCertificates remove(String hostname) {
        String name = normalize(hostname);
        synchronized (this) {
            Map<String, CertifiedKey> byHost = new HashMap<>(snapshot.byHost());
            byHost.remove(name);
            snapshot = new Snapshot(snapshot.defaultKey(), Map.copyOf(byHost));
        }
        return this;
    }

    /**
     * The default key now in use.
     *
     * @return the key for clients without a matching SNI name
     */
    public CertifiedKey defaultKey() {
        return snapshot.defaultKey();
    }

    /**
     * The per-host-name keys now in use.
     *
     * @return an immutable snapshot, keyed by lower-case name
     */
    public Map<String, CertifiedKey> byHostname() {
        return snapshot.byHost();
    }

    /**
     * Chooses the key for a client that asked for {@code serverName}: an exact entry, else a
     * wildcard entry for its parent domain, else the default key.
     *
     * @param serverName the SNI host name the client sent, or null if it sent none
     * @return the key to present
     */
    public CertifiedKey select(@Nullable String serverName) {
        Snapshot s = snapshot;
        if (serverName == null || s.byHost().isEmpty()) {
            return s.defaultKey();
        }
        String name = serverName.toLowerCase(Locale.ROOT);
        CertifiedKey exact = s.byHost().get(name);
        if (exact != null) {
            return exact;
        }
        int dot = name.indexOf('.');
        if (dot > 0) {
            CertifiedKey wildcard = s.byHost().get("*" + name.substring(dot));
            if (wildcard != null) {
                return wildcard;
            }
        }
        return s.defaultKey();
    }

    private static String normalize(String hostname) {
        Objects.requireNonNull(hostname, "hostname");
        if (hostname.isBlank()) {
            throw new IllegalArgumentException("hostname is blank");
        }
        String name = hostname.toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    @Override
    public String toString() {
        Snapshot s = snapshot;
        return "ServerCertificates[default=" + s.defaultKey() + ", hosts=" + s.byHost().keySet() + "]";
    }
}
