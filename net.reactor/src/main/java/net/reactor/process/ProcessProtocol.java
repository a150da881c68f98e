package net.reactor.process;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The handler of one child process (Twisted's ProcessProtocol): it receives the child's output
 * and its end, and answers through its {@link ProcessTransport}. Subclass it and override the
 * events you care about.
 *
 * <p>Order of events: {@link #makeConnection} (which calls {@link #connectionMade}); then any
 * number of {@link #outReceived} and {@link #errReceived} calls, each stream in order; each of
 * {@link #inConnectionLost}, {@link #outConnectionLost} and {@link #errConnectionLost} once, when
 * that pipe closes; {@link #processExited} once, when the child has exited (output it wrote may
 * still arrive after it); and last {@link #processEnded} once, when the child has exited and all
 * three pipes are closed.
 *
 * <p><b>Threading:</b> every event is delivered on the reactor thread, and the transport may only
 * be used there.
 *
 * {@snippet :
 * final class Collect extends ProcessProtocol {
 *     final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
 *
 *     @Override
 *     public void outReceived(byte[] data) {
 *         out.writeBytes(data);
 *     }
 *
 *     @Override
 *     public void processEnded(ProcessExitException reason) {
 *         System.out.println("exit status " + reason.status() + ": " + out);
 *     }
 * }
 * }
 */
public abstract class ProcessProtocol {
    private @Nullable ProcessTransport transport;

    /** Creates a protocol that is not yet connected to a process. */
    protected ProcessProtocol() {}

    /**
     * Records the transport and fires {@link #connectionMade}. Called by the reactor (or a test
     * double) on the reactor thread, right after the child started.
     *
     * @param transport the child's transport
     * @throws IllegalStateException if this protocol was already connected
     */
    public void makeConnection(ProcessTransport transport) {
        Objects.requireNonNull(transport, "transport");
        if (this.transport != null) {
            throw new IllegalStateException("process protocol " + this + " is already connected");
        }
        this.transport = transport;
        connectionMade();
    }

    /**
     * The transport of the child this protocol handles.
     *
     * @return the transport given to {@link #makeConnection}
     * @throws IllegalStateException before {@link #makeConnection}
     */
    public final ProcessTransport transport() {
        ProcessTransport t = transport;
        if (t == null) {
            throw new IllegalStateException("process protocol " + this + " is not connected yet");
        }
        return t;
    }

    /** Fired once when the child has started, on the reactor thread. The default does nothing. */
    public void connectionMade() {}

    /**
     * Fired with each chunk the child wrote to its stdout (file descriptor 1). The array is the
     * protocol's own; chunk boundaries are arbitrary. The default does nothing.
     *
     * @param data the bytes, never empty
     */
    public void outReceived(byte[] data) {}

    /**
     * Fired with each chunk the child wrote to its stderr (file descriptor 2), kept apart from
     * stdout. The default does nothing.
     *
     * @param data the bytes, never empty
     */
    public void errReceived(byte[] data) {}

    /**
     * Fired once when the child's stdin is closed: after {@link ProcessTransport#closeStdin()}
     * once every byte written has gone, when a write fails (the child closed it or died), or when
     * the child exits. The default does nothing.
     */
    public void inConnectionLost() {}

    /**
     * Fired once when the child's stdout is closed: end of stream, or
     * {@link ProcessTransport#closeStdout()}. The default does nothing.
     */
    public void outConnectionLost() {}

    /**
     * Fired once when the child's stderr is closed: end of stream, or
     * {@link ProcessTransport#closeStderr()}. The default does nothing.
     */
    public void errConnectionLost() {}

    /**
     * Fired once when the child has exited; some of its output may still arrive afterwards.
     * The default does nothing.
     *
     * @param reason {@link ProcessDoneException} for status 0, {@link ProcessTerminatedException}
     *     with the exit code or signal otherwise
     */
    public void processExited(ProcessExitException reason) {}

    /**
     * Fired once, last, when the child has exited and its three pipes are closed. The default
     * does nothing.
     *
     * @param reason the same reason {@link #processExited} got
     */
    public void processEnded(ProcessExitException reason) {}
}
