package net.protocols.internal.tls;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import net.protocols.tls.TLSAlert;
import net.protocols.tls.TLSException;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.jspecify.annotations.Nullable;

/**
 * Turns an engine's {@link SSLException} into a {@link TLSException} naming the alert, which side
 * sent it, and the most specific reason in the cause chain (for example the certificate
 * validator's "No subject alternative name found matching domain name ...").
 */
final class TLSFailures {
    private TLSFailures() {}

    // The JDK's own engine (used as a peer in tests) reports alerts only in its messages.
    private static final Pattern JDK_SENT = Pattern.compile("^\\((\\w+)\\)");
    private static final Pattern JDK_RECEIVED = Pattern.compile("Received fatal alert: (\\w+)");

    static TLSException from(SSLException error, boolean handshakeComplete) {
        TLSAlert alert = null;
        boolean received = false;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TlsFatalAlertReceived r) {
                alert = TLSAlert.fromCode(r.getAlertDescription());
                received = true;
                break;
            }
            if (t instanceof TlsFatalAlert f) {
                alert = TLSAlert.fromCode(f.getAlertDescription());
                break;
            }
            String message = t.getMessage();
            if (message != null) {
                Matcher m = JDK_RECEIVED.matcher(message);
                if (m.find()) {
                    alert = byName(m.group(1));
                    received = true;
                    break;
                }
                m = JDK_SENT.matcher(message);
                if (m.find()) {
                    alert = byName(m.group(1));
                    break;
                }
            }
        }
        String reason = reason(error, alert, received);
        StringBuilder message = new StringBuilder(handshakeComplete ? "TLS error" : "TLS handshake failed");
        if (alert != null) {
            message.append(received ? ": received alert " : ": sent alert ").append(alert);
        }
        message.append(": ").append(reason);
        return new TLSException(message.toString(), reason, alert, received, error);
    }

    private static @Nullable TLSAlert byName(String name) {
        for (TLSAlert a : TLSAlert.values()) {
            if (a.rfcName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** The deepest message in the chain that says more than the alert's name. */
    private static String reason(SSLException error, @Nullable TLSAlert alert, boolean received) {
        String best = null;
        for (Throwable t = error; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m == null || m.isBlank() || t instanceof TlsFatalAlertReceived) {
                continue;
            }
            if (t instanceof TlsFatalAlert && alert != null) {
                // BC's message is the alert, optionally followed by "; " and a detail.
                String prefix = alert + "; ";
                if (m.startsWith(prefix)) {
                    m = m.substring(prefix.length());
                } else if (m.equals(alert.toString())) {
                    continue;
                }
            }
            if (t.getCause() != null && m.equals(t.getCause().toString())) {
                continue; // a wrapper that only repeats its cause
            }
            best = m;
        }
        if (best != null) {
            return best;
        }
        if (alert != null) {
            return received ? "the peer rejected the connection with " + alert : "rejected with " + alert;
        }
        return error.toString();
    }
}
