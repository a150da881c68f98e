package net.reactor;

/**
 * The connection was aborted because its write buffer passed the hard cap set with
 * {@link ReactorOptions#maxBufferedBytes()} (64 MiB by default): the peer does not read as fast as
 * this side writes, and nothing applied back-pressure. Given to {@link Protocol#connectionLost};
 * the reactor also logs one WARNING naming the peer and the figures.
 */
public class WriteBufferFullException extends ConnectionAbortedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the cap and how many bytes were buffered
     */
    public WriteBufferFullException(String message) {
        super(message);
    }
}
