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
     * Attaches a producer, in Twisted's form: the flag says which kind it is, and is checked
     * when the program runs. {@link #registerProducer(PushProducer)} and
     * {@link #registerProducer(PullProducer)} say the same with the producer's type, checked by
     * the compiler.
     *
     * @param producer the producer
     * @param streaming true for a {@link PushProducer}, false for a {@link PullProducer}
     * @throws IllegalStateException if a producer is already registered
     * @throws IllegalArgumentException if {@code producer} does not implement the interface
     *     that {@code streaming} names
     */
    void registerProducer(Producer producer, boolean streaming);

    /**
     * Attaches a streaming producer, which writes whenever it has data: the consumer pauses it
     * when its buffer passes the high-water mark and resumes it when the buffer drains (Twisted's
     * {@code registerProducer(producer, True)}).
     *
     * @param producer the producer
     * @throws IllegalStateException if a producer is already registered
     */
    default void registerProducer(PushProducer producer) {
        registerProducer(producer, true);
    }

    /**
     * Attaches a pull producer, which the consumer asks for more each time its buffer drains
     * (Twisted's {@code registerProducer(producer, False)}). A class that is both a push and a
     * pull producer chooses with a cast, or with {@link #registerProducer(Producer, boolean)}.
     *
     * @param producer the producer
     * @throws IllegalStateException if a producer is already registered
     */
    default void registerProducer(PullProducer producer) {
        registerProducer(producer, false);
    }

    /** Detaches the registered producer; a no-op when there is none. */
    void unregisterProducer();

    /**
     * Accepts bytes.
     *
     * @param data the bytes, kept until written; do not modify the array afterwards
     */
    void write(byte[] data);
}
