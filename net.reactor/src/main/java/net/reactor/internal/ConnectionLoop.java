package net.reactor.internal;

import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import net.reactor.ReactorOptions;
import net.reactor.ReactorTime;

/**
 * The reactor as its ports, connections and connection attempts see it: the selector they
 * register their channels with, the loop's shared buffers and options, the thread rule, the
 * turn they may defer work to, the registry that stopping closes, the timers, the door from
 * other threads, and where errors are logged. The TCP classes ({@link TcpPort},
 * {@link TcpConnection}, {@link TcpConnector}) know the loop only through this interface, not
 * the concrete {@link SelectReactor}, so UNIX sockets, UDP and processes plug into the same
 * seam (and a test may stand in for the loop).
 *
 * <p><b>Threading:</b> everything here is for the loop's own thread, except
 * {@link #callFromThread}.
 */
interface ConnectionLoop extends ReactorTime {

    /**
     * Throws {@link WrongThreadException} unless called on the loop's thread (or, before it
     * runs, the creating thread). On the hot path: {@code what} should be a constant.
     *
     * @param what the operation, for the message
     */
    void checkThread(String what);

    /**
     * Throws {@link net.reactor.ReactorNotRunningException} once stopping has started closing
     * everything, so nothing new opens then (a factory reconnecting from its loss callback).
     *
     * @param what the operation, for the message
     */
    void checkNotClosing(String what);

    /**
     * The loop's settings (water marks, the buffer cap, the read size).
     *
     * @return the options
     */
    ReactorOptions options();

    /**
     * The selector channels register with; their key's attachment is their {@link Selectable}.
     *
     * @return the selector
     */
    Selector selector();

    /**
     * The loop's one direct read buffer, valid only until the next read.
     *
     * @return the read buffer
     */
    ByteBuffer readBuffer();

    /**
     * The loop's one direct buffer outgoing bytes are copied into before a write.
     *
     * @return the write buffer
     */
    ByteBuffer writeBuffer();

    /**
     * Asks the loop to call {@link StreamConnection#flushHeld} at the end of the current event
     * (the dispatch of a ready key, one {@code callFromThread} task, the deferred events, the
     * timers), and in any case before it selects again; a connection asks once per event.
     *
     * @param connection the connection holding small writes
     */
    void flushAtEndOfEvent(StreamConnection connection);

    /**
     * Records an open port, connection or attempt, which stopping the loop will close.
     *
     * @param s the selectable
     */
    void register(Selectable s);

    /**
     * Forgets a closed one.
     *
     * @param s the selectable
     */
    void unregister(Selectable s);

    /**
     * Runs {@code task} at the start of the next turn, for events that must not be delivered
     * re-entrantly (a connectionLost after abortConnection).
     *
     * @param task what to run
     */
    void runNextTurn(Runnable task);

    /**
     * Runs {@code task} on the loop's thread; safe from any thread.
     *
     * @param task what to run
     */
    void callFromThread(Runnable task);

    /**
     * The loop's logger.
     *
     * @return the logger
     */
    System.Logger log();

    /**
     * Logs an exception that user code (a protocol, a factory, a producer) threw.
     *
     * @param where the callback, for example {@code "dataReceived"}
     * @param who the object whose callback threw
     * @param error what it threw
     */
    void logUserError(String where, Object who, Throwable error);

    /**
     * The reactor's virtual-thread pool, for work that must not block the loop (the chunked
     * fallback of {@code sendFile} under a layer).
     *
     * @return the reactor as its thread role
     */
    net.reactor.ReactorThreads threads();

    /** The reactor's counters (ReactorMetrics), which connections add to on the reactor thread. */
    LoopCounters loopCounters();
}
