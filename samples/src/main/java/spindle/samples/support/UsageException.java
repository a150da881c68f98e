package spindle.samples.support;

/**
 * A command line a sample cannot run with: an unknown option, a missing or malformed value.
 * {@link spindle.samples.Main} prints the message and the sample's usage and exits with status 2.
 */
public final class UsageException extends RuntimeException {

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the command line, for the user
     */
    public UsageException(String message) {
        super(message);
    }
}
