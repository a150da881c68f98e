package net.protocols.internal.tls;

import java.util.Collection;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.StandardConstants;
import org.jspecify.annotations.Nullable;

/**
 * Remembers the SNI host name a client asked for. BouncyCastle's sessions do not answer
 * {@code getRequestedServerNames()} (they throw), but the engine consults the SNI matchers of its
 * parameters with each name the client sent, before it chooses the server's key: one of these
 * per server engine captures the name for the key manager and for
 * {@link net.protocols.tls.TLSTransport#serverName()}. It accepts every name (a name without its
 * own certificate gets the default one), so it never causes an unrecognized_name alert.
 */
final class SNIRecorder extends SNIMatcher {
    private volatile @Nullable String hostName;

    SNIRecorder() {
        super(StandardConstants.SNI_HOST_NAME);
    }

    @Override
    public boolean matches(SNIServerName serverName) {
        if (serverName instanceof SNIHostName host) {
            hostName = host.getAsciiName();
        } else if (serverName.getType() == StandardConstants.SNI_HOST_NAME) {
            hostName = new SNIHostName(serverName.getEncoded()).getAsciiName();
        }
        return true;
    }

    /**
     * The recorded name of {@code engine}'s client.
     *
     * @param engine a server engine made by {@link EngineFactory}
     * @return the host name the client sent, or null if it sent none
     */
    static @Nullable String requestedBy(@Nullable SSLEngine engine) {
        if (engine == null) {
            return null;
        }
        Collection<SNIMatcher> matchers = engine.getSSLParameters().getSNIMatchers();
        if (matchers == null) {
            return null;
        }
        for (SNIMatcher m : matchers) {
            if (m instanceof SNIRecorder r) {
                return r.hostName;
            }
        }
        return null;
    }
}
