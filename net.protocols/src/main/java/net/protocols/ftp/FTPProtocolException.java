package net.protocols.ftp;

/**
 * A server that does not speak FTP: a reply line without a code, a multi-line reply that never
 * ends, an unparsable PASV answer. {@link FTPClient} closes the connection with it as the reason
 * and fails what was waiting.
 *
 * <p>Immutable; any thread.
 */
public final class FTPProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param message what was wrong
     */
    public FTPProtocolException(String message) {
        super(message);
    }
}
