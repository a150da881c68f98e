package net.deferred;

/**
 * Thrown by {@link DeferredQueue#put} when the queue is full and nobody is waiting.
 */
public class QueueOverflowException extends IllegalStateException {
    /**
     * Creates the exception.
     *
     * @param message the detail message
     */
    public QueueOverflowException(String message) {
        super(message);
    }
}
