package net.protocols.web.client;

/**
 * A server answered with an HTTP status its caller cannot use (Twisted's {@code web.error.Error}),
 * for example an {@code XMLRPCProxy} call answered 404 or 500 instead of an XML-RPC response.
 */
public class HTTPStatusException extends HTTPClientException {
    private static final long serialVersionUID = 1L;
    private final int code;
    private final String phrase;

    /**
     * Creates the exception.
     *
     * @param code the status code received
     * @param phrase the reason phrase received
     */
    public HTTPStatusException(int code, String phrase) {
        super("HTTP " + code + " " + phrase);
        this.code = code;
        this.phrase = phrase;
    }

    /**
     * The status code received.
     *
     * @return the code
     */
    public int code() {
        return code;
    }

    /**
     * The reason phrase received.
     *
     * @return the phrase, possibly empty
     */
    public String phrase() {
        return phrase;
    }
}
