package net.protocols.irc;

/**
 * A line is not an IRC message: it is empty, has no command, or has a malformed tag section,
 * prefix or command. {@link IRCClient} drops such a line and goes on with the next one.
 */
public class IRCParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the line
     */
    public IRCParseException(String message) {
        super(message);
    }
}
