package net.reactor.process;

/** The child process exited with status 0 (Twisted's ProcessDone). */
public final class ProcessDoneException extends ProcessExitException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the reason for a clean exit.
     *
     * @param message what ended, for example the command
     */
    public ProcessDoneException(String message) {
        super(message, 0);
    }

    /**
     * The exit code, always 0.
     *
     * @return 0
     */
    public int exitCode() {
        return 0;
    }
}
