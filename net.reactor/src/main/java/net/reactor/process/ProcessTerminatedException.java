package net.reactor.process;

import java.util.OptionalInt;
import net.reactor.internal.Signals;

/**
 * The child process exited with a non-zero status or was ended by a signal (Twisted's
 * ProcessTerminated): exactly one of {@link #exitCode()} and {@link #signal()} is present.
 *
 * <p>Java reports a child's end as one number: the exit code, or 128 plus the signal number when
 * a signal ended it. Spindle reads a status from 129 to 159 as a signal (1 to 31), so a child
 * that itself calls {@code exit(130)} reads as ended by SIGINT, as a shell would report it; the
 * raw number stays in {@link #status()}.
 */
public final class ProcessTerminatedException extends ProcessExitException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final int signal;

    private ProcessTerminatedException(String message, int status, int exitCode, int signal) {
        super(message, status);
        this.exitCode = exitCode;
        this.signal = signal;
    }

    /**
     * The reason for a status as the JDK reports it (see the class notes on signals).
     *
     * @param what what ended, for example the command, for the message
     * @param status {@link Process#exitValue()}, not 0
     * @return the reason
     * @throws IllegalArgumentException if {@code status} is 0
     */
    public static ProcessTerminatedException ofStatus(String what, int status) {
        if (status == 0) {
            throw new IllegalArgumentException("status 0 is a clean exit: ProcessDoneException");
        }
        if (status > 128 && status < 160) {
            int sig = status - 128;
            return new ProcessTerminatedException(what + " ended by signal " + sig + " (" + Signals.name(sig) + ")",
                    status, -1, sig);
        }
        return new ProcessTerminatedException(what + " exited with code " + status, status, status, -1);
    }

    /**
     * The exit code, when the child exited by itself.
     *
     * @return the code, or empty when a signal ended it
     */
    public OptionalInt exitCode() {
        return exitCode < 0 ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    /**
     * The signal number, when a signal ended the child.
     *
     * @return the signal (for example 9 for KILL), or empty when it exited by itself
     */
    public OptionalInt signal() {
        return signal < 0 ? OptionalInt.empty() : OptionalInt.of(signal);
    }
}
