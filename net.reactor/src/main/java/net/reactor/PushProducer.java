package net.reactor;

/**
 * A streaming producer: it writes whenever it has data, and its consumer pauses it when its
 * buffer is too full and resumes it when the buffer drains. A {@link Transport} is one: pausing
 * it stops reading from the socket.
 *
 * <p><b>Threading:</b> called on the reactor thread.
 */
public interface PushProducer extends Producer {

    /** Stops writing into the consumer until {@link #resumeProducing()}. */
    void pauseProducing();

    /** Starts writing into the consumer again after {@link #pauseProducing()}. */
    void resumeProducing();
}
