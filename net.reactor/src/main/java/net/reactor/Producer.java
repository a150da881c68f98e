package net.reactor;

/**
 * A source of data written into a {@link Consumer}. See {@link PushProducer} (it writes on its
 * own and can be paused) and {@link PullProducer} (it writes when asked).
 *
 * <p><b>Threading:</b> consumers call producers on the reactor thread.
 */
public interface Producer {

    /**
     * Stops producing for good: the consumer is going away. Called at most once by the consumer.
     */
    void stopProducing();
}
