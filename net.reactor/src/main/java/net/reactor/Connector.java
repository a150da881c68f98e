package net.reactor;

/**
 * One client connection's lifetime: the attempt, the connection, and reconnecting.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
public interface Connector {

    /**
     * Starts a new connection attempt (for example from
     * {@link ClientFactory#clientConnectionLost}).
     *
     * @throws IllegalStateException if a connection is in progress or up
     * @throws ReactorNotRunningException if the reactor is stopping (its ports and connections are
     *     being closed)
     */
    void connect();

    /**
     * Abandons a connection attempt in progress; the factory hears
     * {@link ClientFactory#clientConnectionFailed} with a {@link UserCancelledConnectException}.
     * A no-op when not connecting.
     */
    void stopConnecting();

    /** Closes the connection if it is up ({@link Transport#loseConnection()}), or stops connecting. */
    void disconnect();

    /**
     * Where this connector connects to.
     *
     * @return the destination address (unresolved host names are resolved first)
     */
    Address getDestination();
}
