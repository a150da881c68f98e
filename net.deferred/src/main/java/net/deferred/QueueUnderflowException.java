package net.deferred;

/**
 * Thrown by {@link DeferredQueue#get} when the queue is empty and the backlog of waiting
 * getters is full.
 */
public class QueueUnderflowException extends IllegalStateException {
    /**
     * Creates the exception.
     *
     * @param message the detail message
     */
    public QueueUnderflowException(String message) {
        super(message);
    }
}
