package net.protocols.basic;

/**
 * A line, or the bytes buffered while waiting for its delimiter, is longer than the receiver's
 * maximum line length. {@link LineReceiver#lineLengthExceeded} and
 * {@link LineOnlyReceiver#lineLengthExceeded} close the connection with it by default.
 *
 * <p>The message tells the two cases apart, because they call for different fixes: a complete
 * line that is too long ("a line of 5000 bytes was received, longer than the maximum line length
 * of 1024": raise the limit, or the peer sends too much), and bytes that never reached a
 * delimiter ("no delimiter within the maximum line length of 1024 bytes": often the peer ends
 * its lines with another delimiter, such as {@code "\n"} where {@code "\r\n"} is expected).
 */
public class LineTooLongException extends FramingException {
    private static final long serialVersionUID = 1L;

    private final int length;
    private final int maxLength;
    private final boolean delimiterFound;

    /**
     * Creates the exception.
     *
     * @param length how many bytes were seen: the line's length (without its delimiter) when
     *     {@code delimiterFound}, or else the bytes buffered without a delimiter (the line is at
     *     least that long)
     * @param maxLength the receiver's limit at the time
     * @param delimiterFound true if the line was complete (its delimiter had arrived), false if
     *     no delimiter was found within the limit
     */
    public LineTooLongException(int length, int maxLength, boolean delimiterFound) {
        super(delimiterFound
                ? "line too long: a line of " + length + " bytes was received, longer than the maximum line length of "
                        + maxLength
                : "line too long: no delimiter within the maximum line length of " + maxLength + " bytes ("
                        + length + " bytes received without one)");
        this.length = length;
        this.maxLength = maxLength;
        this.delimiterFound = delimiterFound;
    }

    /**
     * How many bytes the offending line had when it was rejected.
     *
     * @return the line's length if {@link #delimiterFound()}; otherwise the bytes buffered
     *     without a delimiter, and the line may be longer still
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

    /**
     * Whether the overlong line was complete.
     *
     * @return true if its delimiter had arrived, false if none was found within the limit
     */
    public boolean delimiterFound() {
        return delimiterFound;
    }
}
