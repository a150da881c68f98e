package net.protocols.ftp;

/**
 * A failure that is an FTP reply: the three-digit code and its text. On the server, a shell fails
 * an operation with one to choose the reply the client sees (for example {@code 553} for a file
 * name it does not allow); the server answers other failures with a code of its own choosing
 * (see {@link FTPShell}). On the client, {@link FTPClient} fails an operation with the reply
 * that refused it (usually 4xx or 5xx; also a positive reply that the command does not allow).
 *
 * <p>Immutable; any thread.
 */
public class FTPReplyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String text;

    /**
     * Creates the failure.
     *
     * @param code the reply code, 100 to 599 (a server's failures are 400 to 599)
     * @param text the reply text, one line without CR or LF
     * @throws IllegalArgumentException if the code is not a reply code or the text has a line
     *     break
     */
    public FTPReplyException(int code, String text) {
        super(code + " " + text);
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("not a reply code: " + code);
        }
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a reply text is one line");
        }
        this.code = code;
        this.text = text;
    }

    /**
     * The reply code.
     *
     * @return 100 to 599
     */
    public int code() {
        return code;
    }

    /**
     * The reply text.
     *
     * @return one line
     */
    public String text() {
        return text;
    }
}
