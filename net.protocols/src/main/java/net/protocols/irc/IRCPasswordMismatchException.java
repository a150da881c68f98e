package net.protocols.irc;

import net.reactor.ConnectionDoneException;

/**
 * The server refused the password given with {@link IRCClient#setPassword} (ERR_PASSWDMISMATCH,
 * 464): the reason an {@link IRCClient} closes the connection with, as Twisted's
 * {@code IRCPasswordMismatch} ends it.
 */
public class IRCPasswordMismatchException extends ConnectionDoneException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param serverText what the server said
     */
    public IRCPasswordMismatchException(String serverText) {
        super("The IRC server refused the password: " + serverText);
    }
}
