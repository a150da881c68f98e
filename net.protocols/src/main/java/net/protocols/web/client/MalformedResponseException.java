package net.protocols.web.client;

/**
 * The server's response could not be framed: a bad status line, a malformed or over-long header
 * field, too many fields, conflicting or invalid lengths, a bad chunk. The connection has been
 * closed (it cannot be trusted for another request) when this is reported.
 */
public class MalformedResponseException extends HTTPClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong with the response
     */
    public MalformedResponseException(String message) {
        super(message);
    }
}
