package net.protocols.ftp;

/**
 * A path the server will not touch: it would leave the shell's root (through a symbolic link),
 * holds a NUL byte, or is longer than the limits. Answered {@code 550}; the session goes on.
 *
 * <p>Immutable; any thread.
 */
public final class PathRefusedException extends FTPReplyException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param why why the path is refused, for the reply text (one line)
     */
    public PathRefusedException(String why) {
        super(550, why);
    }
}
