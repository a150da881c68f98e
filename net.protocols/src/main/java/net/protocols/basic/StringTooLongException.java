package net.protocols.basic;

/**
 * Thrown to the caller of {@link IntNStringReceiver#sendString} when a string is too long for
 * the length prefix: 255 bytes for an 8-bit prefix, 65535 for a 16-bit one (Twisted's
 * StringTooLongError). Nothing is written.
 */
public class StringTooLongException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param length the string's length
     * @param limit the first length the prefix cannot encode
     */
    public StringTooLongException(int length, long limit) {
        super("cannot send " + length + " bytes: the length prefix holds at most " + (limit - 1));
    }
}
