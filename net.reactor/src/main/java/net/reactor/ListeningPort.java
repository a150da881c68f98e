package net.reactor;

import net.deferred.Deferred;

/**
 * A port the reactor listens on.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
public interface ListeningPort {

    /**
     * The bound address; with port 0 it tells which port the system chose.
     *
     * @return the local address
     */
    Address getHost();

    /**
     * Stops accepting connections. Connections already accepted stay open. The factory's
     * {@code doStop} runs.
     *
     * @return fires on the reactor thread once the port is closed
     */
    Deferred<Void> stopListening();
}
