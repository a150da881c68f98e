package net.reactor.process;

/**
 * {@link ProcessOutput#getProcessOutput} was not told to accept stderr and the child wrote to it
 * (Twisted's getProcessOutput errbacks with an IOError "got stderr" then).
 */
public class ProcessStderrException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what the child wrote to stderr first
     */
    public ProcessStderrException(String message) {
        super(message);
    }
}
