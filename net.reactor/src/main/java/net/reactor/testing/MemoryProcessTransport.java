package net.reactor.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.reactor.Producer;
import net.reactor.process.ProcessDoneException;
import net.reactor.process.ProcessExitException;
import net.reactor.process.ProcessExitedAlreadyException;
import net.reactor.process.ProcessProtocol;
import net.reactor.process.ProcessTerminatedException;
import net.reactor.process.ProcessTransport;
import org.jspecify.annotations.Nullable;

/**
 * A pretend child process, returned by {@link MemoryReactor#spawnProcess}: it records what the
 * protocol writes to stdin, closes and signals, and lets the test play the child
 * ({@link #childWritesOut}, {@link #childWritesErr}, {@link #childExits}).
 *
 * <p><b>Threading:</b> the test's thread, as the memory reactor.
 */
public final class MemoryProcessTransport implements ProcessTransport {
    private final ProcessProtocol protocol;
    private final long pid;
    private final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
    private final List<String> signals = new ArrayList<>();
    private @Nullable Producer producer;
    private boolean stdinClosed;
    private boolean stdoutClosed;
    private boolean stderrClosed;
    private boolean paused;
    private boolean exited;

    MemoryProcessTransport(ProcessProtocol protocol, long pid) {
        this.protocol = protocol;
        this.pid = pid;
    }

    /**
     * Everything written to the pretend child's stdin so far.
     *
     * @return a copy of the bytes
     */
    public byte[] stdinBytes() {
        return stdin.toByteArray();
    }

    /**
     * The signals sent so far, in order, as given ("TERM").
     *
     * @return a snapshot
     */
    public List<String> signals() {
        return List.copyOf(signals);
    }

    /**
     * Whether {@link #closeStdin()} (or loseConnection) was called.
     *
     * @return true once stdin is closed
     */
    public boolean stdinClosed() {
        return stdinClosed;
    }

    /**
     * Whether {@link #pauseProducing()} is in force.
     *
     * @return true while paused
     */
    public boolean paused() {
        return paused;
    }

    /**
     * The pretend child writes to its stdout: the protocol's {@code outReceived} runs now.
     *
     * @param data the bytes
     */
    public void childWritesOut(byte[] data) {
        if (!stdoutClosed) {
            protocol.outReceived(data);
        }
    }

    /**
     * The pretend child writes to its stderr: the protocol's {@code errReceived} runs now.
     *
     * @param data the bytes
     */
    public void childWritesErr(byte[] data) {
        if (!stderrClosed) {
            protocol.errReceived(data);
        }
    }

    /**
     * The pretend child exits with {@code status} (128 + n for signal n, as the JDK reports it):
     * the pipes still open are lost, then {@code processExited} and {@code processEnded} run.
     *
     * @param status the exit status
     */
    public void childExits(int status) {
        if (exited) {
            throw new IllegalStateException("the pretend process " + pid + " has already exited");
        }
        exited = true;
        ProcessExitException reason = status == 0
                ? new ProcessDoneException("pretend process " + pid + " exited with code 0")
                : ProcessTerminatedException.ofStatus("pretend process " + pid, status);
        protocol.processExited(reason);
        closeStdin();
        closeStdout();
        closeStderr();
        protocol.processEnded(reason);
    }

    @Override
    public void write(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (!stdinClosed) {
            stdin.writeBytes(data);
        }
    }

    @Override
    public void writeSequence(List<byte[]> data) {
        data.forEach(this::write);
    }

    @Override
    public void closeStdin() {
        if (!stdinClosed) {
            stdinClosed = true;
            protocol.inConnectionLost();
        }
    }

    @Override
    public void closeStdout() {
        if (!stdoutClosed) {
            stdoutClosed = true;
            protocol.outConnectionLost();
        }
    }

    @Override
    public void closeStderr() {
        if (!stderrClosed) {
            stderrClosed = true;
            protocol.errConnectionLost();
        }
    }

    @Override
    public void loseConnection() {
        closeStdin();
        closeStdout();
        closeStderr();
    }

    /**
     * Records the signal; the pretend child does not exit by itself (call {@link #childExits}).
     *
     * @param signal the signal's name
     * @throws ProcessExitedAlreadyException after {@link #childExits}
     */
    @Override
    public void signalProcess(String signal) {
        if (exited) {
            throw new ProcessExitedAlreadyException("pretend process " + pid + " has already exited");
        }
        signals.add(signal);
    }

    @Override
    public long pid() {
        return pid;
    }

    /** Nothing is ever buffered: writes are recorded at once. */
    @Override
    public long bufferedBytes() {
        return 0;
    }

    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        if (this.producer != null) {
            throw new IllegalStateException("a producer is already registered: " + this.producer);
        }
        this.producer = producer;
    }

    @Override
    public void unregisterProducer() {
        producer = null;
    }

    @Override
    public void pauseProducing() {
        paused = true;
    }

    @Override
    public void resumeProducing() {
        paused = false;
    }

    @Override
    public void stopProducing() {
        loseConnection();
    }
}
