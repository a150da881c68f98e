package net.reactor.process;

/**
 * A signal was asked for a child process that has already exited (Twisted's
 * ProcessExitedAlready). Its process id may already belong to another process, so nothing was
 * sent.
 */
public class ProcessExitedAlreadyException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which process and which signal
     */
    public ProcessExitedAlreadyException(String message) {
        super(message);
    }
}
