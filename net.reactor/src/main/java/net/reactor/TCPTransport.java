package net.reactor;

/**
 * A {@link Transport} over a TCP socket: half-close ({@link HalfCloseableTransport}) and socket
 * options. TLS over it
 * (STARTTLS) goes through the layering hook every transport has, {@link Transport#insertLayer}
 * ({@code TLS.startTLS} in {@code net.protocols.tls}).
 *
 * <p><b>Threading:</b> reactor thread only, like every transport method.
 */
public interface TCPTransport extends HalfCloseableTransport {

    /**
     * Sets TCP_NODELAY (Nagle's algorithm off when true). Spindle turns it on by default.
     *
     * @param enabled whether to disable Nagle's algorithm
     */
    void setTcpNoDelay(boolean enabled);

    /**
     * Reads TCP_NODELAY.
     *
     * @return whether Nagle's algorithm is disabled
     */
    boolean getTcpNoDelay();

    /**
     * Sets SO_KEEPALIVE.
     *
     * @param enabled whether the operating system should probe an idle connection
     */
    void setTcpKeepAlive(boolean enabled);

    /**
     * Reads SO_KEEPALIVE.
     *
     * @return whether keep-alive probes are on
     */
    boolean getTcpKeepAlive();
}
