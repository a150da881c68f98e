package net.protocols.web;

/**
 * Why the server closed a connection after refusing a request: a malformed or ambiguous request
 * (400), a limit broken (413, 414, 431), a timeout (408), an unsupported version, coding or
 * expectation (505, 501, 417). The error response with {@link #status()} was written before the
 * close; the exception is the reason the connection's protocol sees in {@code connectionLost}.
 */
public final class HTTPRequestException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    /**
     * Creates the reason.
     *
     * @param status the status code answered
     * @param message what was wrong with the request
     */
    public HTTPRequestException(int status, String message) {
        super(status + " " + message);
        this.status = status;
    }

    /**
     * The status code that was answered.
     *
     * @return the code, 4xx or 5xx
     */
    public int status() {
        return status;
    }
}
