package net.protocols.tls;

import net.reactor.ConnectionLostException;
import org.jspecify.annotations.Nullable;

/**
 * A TLS connection ended because of TLS itself: a failed handshake (no common protocol or
 * cipher, an untrusted or expired certificate, a host name that does not match the certificate,
 * a missing client certificate), a fatal alert from the peer, corrupted records, a peer that
 * does not speak TLS at all (its message shows what it sent instead, such as
 * {@code plain text "GET / HTTP/1.1\r\n..."}), or a handshake that did not finish in time.
 *
 * <p>It reaches {@link net.reactor.Protocol#connectionLost} when the protocol was already
 * connected, and {@link net.reactor.ClientFactory#clientConnectionFailed} when a client's
 * handshake failed before its protocol was connected. It is a {@link ConnectionLostException}:
 * the connection did not end cleanly.
 *
 * {@snippet :
 * @Override
 * public void clientConnectionFailed(Connector connector, Throwable reason) {
 *     if (reason instanceof TLSException tls && tls.alert() == TLSAlert.CERTIFICATE_UNKNOWN) {
 *         log("the server's certificate was rejected: " + tls.reason());
 *     }
 * }
 * }
 */
public class TLSException extends ConnectionLostException {
    private static final long serialVersionUID = 1L;

    private final @Nullable TLSAlert alert;
    private final boolean alertReceived;
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param message the whole message: what failed, the alert and the reason
     * @param reason the most specific explanation, for example "No subject alternative name found
     *     matching domain name wrong.example"
     * @param alert the alert that was sent or received, or null when none was (a timeout, a
     *     connection lost in the middle of the handshake)
     * @param alertReceived true if the peer sent the alert, false if this side sent it
     * @param cause the underlying error, usually the engine's {@link javax.net.ssl.SSLException}
     */
    public TLSException(
            String message,
            String reason,
            @Nullable TLSAlert alert,
            boolean alertReceived,
            @Nullable Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.alert = alert;
        this.alertReceived = alertReceived;
    }

    /**
     * Creates an exception that involves no alert, for example a handshake timeout.
     *
     * @param message what failed and why
     * @param cause the underlying error, or null
     */
    public TLSException(String message, @Nullable Throwable cause) {
        this(message, message, null, false, cause);
    }

    /**
     * The alert that ended the connection.
     *
     * @return the alert sent or received, or null when the connection ended without one
     */
    public @Nullable TLSAlert alert() {
        return alert;
    }

    /**
     * Which side raised the alert.
     *
     * @return true if the peer sent {@link #alert()}, false if this side sent it (or there was
     *     none)
     */
    public boolean alertReceived() {
        return alertReceived;
    }

    /**
     * The most specific explanation available, without the alert.
     *
     * @return for example "unable to find valid certification path to requested target"
     */
    public String reason() {
        return reason;
    }
}
