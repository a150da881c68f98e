package net.reactor;

/**
 * A non-streaming producer: its consumer asks it for more data each time its buffer drains.
 *
 * <p><b>Threading:</b> called on the reactor thread.
 */
public interface PullProducer extends Producer {

    /** Asked by the consumer for the next piece of data: write some now (or unregister when done). */
    void resumeProducing();
}
