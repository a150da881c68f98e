package net.dbapi;

/**
 * A call waited for a connection longer than {@link ConnectionPoolOptions#acquireTimeout()} and
 * was given up. Nothing was sent to the database.
 */
public class AcquireTimeoutException extends RuntimeException {

    /**
     * Creates the exception.
     *
     * @param message the pool's name and how long the call waited
     */
    public AcquireTimeoutException(String message) {
        super(message);
    }
}
