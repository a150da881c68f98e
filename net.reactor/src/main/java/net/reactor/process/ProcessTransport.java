package net.reactor.process;

import java.util.List;
import net.reactor.Consumer;
import net.reactor.PushProducer;

/**
 * The protocol's view of one child process (Twisted's IProcessTransport): writes to its stdin,
 * closes its pipes, signals it.
 *
 * <p>As a {@link Consumer} it is the child's stdin: a producer registered here is paused while
 * more than the reactor's high-water mark of bytes wait to be written to the child, and resumed
 * when they drain to the low-water mark. With no producer registered, the transport stops reading
 * the child's output while its stdin buffer is above the high-water mark (the reactor's safe
 * default, as for TCP). As a {@link PushProducer} it is the child's output: pausing it stops
 * reading the child's stdout and stderr (at most a few read chunks stay in flight), so a child
 * that writes faster than the protocol consumes blocks in its own {@code write}.
 *
 * <p><b>Threading:</b> every method must be called on the reactor thread; other threads get
 * {@link WrongThreadException}.
 */
public interface ProcessTransport extends Consumer, PushProducer {

    /**
     * Queues bytes for the child's stdin, in order, without blocking. Dropped once stdin is
     * closing or closed. The array is kept until written: do not modify it.
     *
     * @param data the bytes
     */
    @Override
    void write(byte[] data);

    /**
     * Queues several arrays for the child's stdin, in order.
     *
     * @param data the arrays, each kept until written
     */
    void writeSequence(List<byte[]> data);

    /**
     * Closes the child's stdin once everything queued has been written; the child then reads end
     * of file, and {@link ProcessProtocol#inConnectionLost} fires. Again: a no-op.
     */
    void closeStdin();

    /**
     * Closes our end of the child's stdout: nothing more is delivered from it,
     * {@link ProcessProtocol#outConnectionLost} fires, and a child that writes to it again gets
     * SIGPIPE. A read already blocked in the pipe ends only when the child writes or exits (Java
     * cannot interrupt a pipe read); what it reads then is dropped.
     */
    void closeStdout();

    /** Closes our end of the child's stderr, as {@link #closeStdout()} does for stdout. */
    void closeStderr();

    /** Closes stdin (after what is queued), stdout and stderr: Twisted's loseConnection. */
    void loseConnection();

    /**
     * Sends a signal to the child.
     *
     * <p>"TERM" and "KILL" go through the JDK ({@link Process#destroy()} and
     * {@link Process#destroyForcibly()}, which send SIGTERM and SIGKILL on Linux and macOS);
     * other signals ("INT", "HUP", "QUIT", "USR1", "USR2", "STOP", "CONT", ...) are sent by running
     * {@code kill -s NAME PID} ({@code /bin/sh}'s kill) on a virtual thread, so they arrive a few
     * milliseconds later and the call does not wait for them. A "SIG" prefix is accepted.
     *
     * @param signal the signal's name, for example {@code "TERM"}
     * @throws ProcessExitedAlreadyException if the child has already exited (its pid may have
     *     been reused, so nothing is sent)
     * @throws IllegalArgumentException if the name is not a known signal
     */
    void signalProcess(String signal);

    /**
     * The child's process id.
     *
     * @return the pid
     */
    long pid();

    /**
     * Bytes accepted by {@code write} and not yet written to the child's stdin.
     *
     * @return the count, 0 when all is written
     */
    long bufferedBytes();

    /**
     * Stops reading the child's stdout and stderr until {@link #resumeProducing()}; data already
     * read is held and delivered after the resume, in order.
     */
    @Override
    void pauseProducing();

    /** Starts delivering the child's output again after {@link #pauseProducing()}. */
    @Override
    void resumeProducing();

    /** As Twisted's process transport: the same as {@link #loseConnection()}. */
    @Override
    void stopProducing();
}
