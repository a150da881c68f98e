package net.dbapi;

/**
 * A call waited for a connection longer than {@link ConnectionPoolOptions#acquireTimeout()} and
 * was given up. Nothing was sent to the database. A {@link DatabaseException} with no SQLState,
 * so one {@code catch (DatabaseException e)} covers it with every other database failure.
 */
public class AcquireTimeoutException extends DatabaseException {

    /**
     * Creates the exception.
     *
     * @param message the pool's name and how long the call waited
     */
    public AcquireTimeoutException(String message) {
        super(message);
    }
}
