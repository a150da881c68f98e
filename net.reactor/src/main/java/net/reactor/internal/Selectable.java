package net.reactor.internal;

/**
 * Something the reactor owns until it closes: a listening port, a connection, or a connection
 * attempt. The reactor keeps every open one in a registry so that stopping can close them all,
 * and attaches the ones with a channel to their selection key.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
abstract class Selectable {
    /** Position in the reactor's registry, -1 when not registered. */
    int registryIndex = -1;

    /**
     * The channel is ready for the operations in {@code readyOps}.
     *
     * @param readyOps the ready set of the selection key
     */
    abstract void ready(int readyOps);

    /** The reactor is stopping: close now, reporting a non-clean close where that applies. */
    abstract void closeForShutdown();
}
