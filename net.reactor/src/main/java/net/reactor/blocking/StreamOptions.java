package net.reactor.blocking;

/**
 * Buffer bounds of a {@link BlockingConnection}: together with the transport's own high-water
 * mark they bound the memory one connection can use, whatever the peer or the handler does.
 *
 * @param inboundBufferSize received bytes held for the reader; when this many are waiting the
 *     transport stops reading from the socket, and it resumes once the reader has taken half of
 *     them (one read from the socket may overshoot by up to the reactor's read buffer size)
 * @param outboundBufferSize written bytes held until the reactor hands them to the transport;
 *     a writer blocks while this many wait, and while the transport's own buffer is above its
 *     high-water mark
 */
public record StreamOptions(int inboundBufferSize, int outboundBufferSize) {
    /** The default size of each buffer: 64 KiB, Twisted's write high-water mark. */
    public static final int DEFAULT_BUFFER_SIZE = 64 * 1024;

    /**
     * Validates the sizes.
     *
     * @throws IllegalArgumentException if a size is below 1
     */
    public StreamOptions {
        if (inboundBufferSize < 1 || outboundBufferSize < 1) {
            throw new IllegalArgumentException("buffer sizes must be at least 1, got " + inboundBufferSize + " and "
                    + outboundBufferSize);
        }
    }

    /**
     * 64 KiB each way.
     *
     * @return the default options
     */
    public static StreamOptions defaults() {
        return new StreamOptions(DEFAULT_BUFFER_SIZE, DEFAULT_BUFFER_SIZE);
    }

    /**
     * Returns a copy with another inbound bound.
     *
     * @param inboundBufferSize the bound
     * @return the changed options
     */
    public StreamOptions withInboundBufferSize(int inboundBufferSize) {
        return new StreamOptions(inboundBufferSize, outboundBufferSize);
    }

    /**
     * Returns a copy with another outbound bound.
     *
     * @param outboundBufferSize the bound
     * @return the changed options
     */
    public StreamOptions withOutboundBufferSize(int outboundBufferSize) {
        return new StreamOptions(inboundBufferSize, outboundBufferSize);
    }
}
