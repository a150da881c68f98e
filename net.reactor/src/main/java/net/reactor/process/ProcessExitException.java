package net.reactor.process;

/**
 * How a child process ended, given to {@link ProcessProtocol#processExited} and
 * {@link ProcessProtocol#processEnded}: {@link ProcessDoneException} for exit status 0,
 * {@link ProcessTerminatedException} for any other status or a signal, as Twisted's
 * {@code ProcessDone} and {@code ProcessTerminated}.
 */
public abstract sealed class ProcessExitException extends RuntimeException
        permits ProcessDoneException, ProcessTerminatedException {
    private static final long serialVersionUID = 1L;

    private final int status;

    ProcessExitException(String message, int status) {
        super(message);
        this.status = status;
    }

    /**
     * The status the JDK reported ({@link Process#exitValue()}): the exit code, or 128 plus the
     * signal number for a child a signal ended (the JDK's own encoding on Linux and macOS).
     *
     * @return the raw status
     */
    public final int status() {
        return status;
    }
}
