package net.protocols.internal.tls;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * What a handshake established, read once from the engine when it completes, so the
 * {@code TLSTransport} getters cost nothing afterwards.
 *
 * @param protocol the TLS version, for example {@code "TLSv1.3"}
 * @param cipherSuite the suite
 * @param applicationProtocol the ALPN protocol, or null
 * @param serverName the SNI name asked for (server) or sent (client), or null
 * @param peerCertificates the peer's chain, empty if it sent none
 * @param localCertificates the chain this side presented, empty if none
 */
record SessionFacts(
        String protocol,
        String cipherSuite,
        @Nullable String applicationProtocol,
        @Nullable String serverName,
        List<X509Certificate> peerCertificates,
        List<X509Certificate> localCertificates) {

    static SessionFacts capture(SSLEngine engine) {
        SSLSession session = engine.getSession();
        String alpn = engine.getApplicationProtocol();
        String serverName;
        if (engine.getUseClientMode()) {
            serverName = CertifiedKeyManager.hostName(engine.getSSLParameters().getServerNames());
        } else {
            serverName = SNIRecorder.requestedBy(engine);
            if (serverName == null && session instanceof ExtendedSSLSession extended) {
                try {
                    serverName = CertifiedKeyManager.hostName(extended.getRequestedServerNames());
                } catch (UnsupportedOperationException e) {
                    serverName = null; // BouncyCastle's session: the SNIRecorder is the way there
                }
            }
        }
        return new SessionFacts(
                session.getProtocol(),
                session.getCipherSuite(),
                alpn == null || alpn.isEmpty() ? null : alpn,
                serverName,
                x509(peer(session)),
                x509(session.getLocalCertificates()));
    }

    private static Certificate @Nullable [] peer(SSLSession session) {
        try {
            return session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static List<X509Certificate> x509(Certificate @Nullable [] certificates) {
        if (certificates == null) {
            return List.of();
        }
        List<X509Certificate> list = new ArrayList<>(certificates.length);
        for (Certificate c : certificates) {
            if (c instanceof X509Certificate x) {
                list.add(x);
            }
        }
        return List.copyOf(list);
    }
}
