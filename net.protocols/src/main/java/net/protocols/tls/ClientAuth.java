package net.protocols.tls;

/**
 * Whether a TLS server asks its clients for a certificate (mutual TLS).
 */
public enum ClientAuth {
    /** The server does not ask for a client certificate. */
    NONE,
    /**
     * The server asks for a certificate; a client may connect without one, but a certificate it
     * does send must verify against the server's trust.
     */
    OPTIONAL,
    /** The server requires a certificate that verifies; a client without one fails the handshake. */
    REQUIRED
}
