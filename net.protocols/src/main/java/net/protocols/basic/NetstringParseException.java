package net.protocols.basic;

/**
 * The peer sent something that is not a netstring: a length that does not start with a digit,
 * has a leading zero or exceeds the maximum, a length not followed by {@code ':'}, or a payload
 * not followed by {@code ','}. {@link NetstringReceiver} closes the connection with it (Twisted's
 * NetstringParseError).
 */
public class NetstringParseException extends FramingException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which rule the input broke
     */
    public NetstringParseException(String message) {
        super(message);
    }
}
