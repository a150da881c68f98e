package net.protocols.ftp;

import net.reactor.ConnectionDoneException;

/**
 * The reason an FTP session was closed because the client sent more commands than the server
 * lets wait while it works on an earlier one ({@link FTP#MAX_WAITING}).
 *
 * <p>Immutable; any thread.
 */
public final class CommandFloodException extends ConnectionDoneException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the reason.
     *
     * @param limit the number of waiting commands allowed
     */
    public CommandFloodException(int limit) {
        super("more than " + limit + " FTP commands waiting: closed as a flood");
    }
}
