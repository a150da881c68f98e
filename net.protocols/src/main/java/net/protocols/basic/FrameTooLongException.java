package net.protocols.basic;

/**
 * A length prefix announced a string longer than the receiver's maximum.
 * {@link IntNStringReceiver#lengthLimitExceeded} closes the connection with it by default; the
 * string is never delivered, even when its bytes have already arrived.
 */
public class FrameTooLongException extends FramingException {
    private static final long serialVersionUID = 1L;

    private final long length;
    private final int maxLength;

    /**
     * Creates the exception.
     *
     * @param length the length the prefix announced (unsigned, so up to 2<sup>32</sup>-1)
     * @param maxLength the receiver's limit
     */
    public FrameTooLongException(long length, int maxLength) {
        super("length prefix announces " + length + " bytes, the maximum is " + maxLength);
        this.length = length;
        this.maxLength = maxLength;
    }

    /**
     * The announced length.
     *
     * @return the value of the length prefix
     */
    public long length() {
        return length;
    }

    /**
     * The limit that was exceeded.
     *
     * @return the receiver's maximum string length
     */
    public int maxLength() {
        return maxLength;
    }
}
