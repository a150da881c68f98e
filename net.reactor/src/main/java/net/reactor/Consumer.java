package net.reactor;

/**
 * Something bytes are written into, which can be fed by a {@link Producer} with flow control.
 *
 * <p>With a streaming ({@link PushProducer}) producer the consumer pauses it when its buffer
 * passes the high-water mark and resumes it when the buffer drains. With a pull
 * ({@link PullProducer}) producer the consumer calls {@code resumeProducing} each time its
 * buffer drains.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
public interface Consumer {

    /**
     * Attaches a producer.
     *
     * @param producer the producer
     * @param streaming true for a {@link PushProducer}, false for a {@link PullProducer}
     * @throws IllegalStateException if a producer is already registered
     * @throws IllegalArgumentException if {@code producer} does not implement the interface
     *     that {@code streaming} names
     */
    void registerProducer(Producer producer, boolean streaming);

    /** Detaches the registered producer; a no-op when there is none. */
    void unregisterProducer();

    /**
     * Accepts bytes.
     *
     * @param data the bytes, kept until written; do not modify the array afterwards
     */
    void write(byte[] data);
}
