package net.protocols.basic;

/**
 * A line, or the bytes buffered while waiting for its delimiter, is longer than the receiver's
 * maximum line length. {@link LineReceiver#lineLengthExceeded} and
 * {@link LineOnlyReceiver#lineLengthExceeded} close the connection with it by default.
 */
public class LineTooLongException extends FramingException {
    private static final long serialVersionUID = 1L;

    private final int length;
    private final int maxLength;

    /**
     * Creates the exception.
     *
     * @param length how many bytes were seen: the line's length when its delimiter arrived, or
     *     else the bytes buffered without a delimiter (the line is at least that long)
     * @param maxLength the receiver's limit at the time
     */
    public LineTooLongException(int length, int maxLength) {
        super("line too long: " + length + " bytes without a permitted delimiter, the maximum line length is "
                + maxLength);
        this.length = length;
        this.maxLength = maxLength;
    }

    /**
     * How many bytes the offending line had when it was rejected.
     *
     * @return the length seen; the line may be longer still
     */
    public int length() {
        return length;
    }

    /**
     * The limit that was exceeded.
     *
     * @return the receiver's maximum line length
     */
    public int maxLength() {
        return maxLength;
    }
}
