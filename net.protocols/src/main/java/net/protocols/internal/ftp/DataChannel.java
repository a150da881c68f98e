package net.protocols.internal.ftp;

import net.deferred.Deferred;

/**
 * Where the next transfer's data connection comes from: a passive port the client connects to
 * (PASV, EPSV) or an address the server connects to (PORT, EPRT). One channel carries one
 * transfer.
 *
 * <p>Reactor thread only.
 */
public sealed interface DataChannel permits PassiveChannel, ActiveChannel {

    /**
     * The data connection, once made.
     *
     * @return fires with the connection, or fails when it cannot be made in time (or the channel
     *     was closed first)
     */
    Deferred<DataConnection> connection();

    /** Gives the channel up: stops listening, stops connecting, drops an unused connection. */
    void close();
}
