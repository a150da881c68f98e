package net.dbapi;

/**
 * A call was refused at once because every connection was busy and the wait queue already held
 * {@link ConnectionPoolOptions#queueLimit()} calls. Nothing was sent to the database. Shed load,
 * or raise the queue limit or the connection count. A {@link DatabaseException} with no SQLState,
 * so one {@code catch (DatabaseException e)} covers it with every other database failure.
 */
public class PoolExhaustedException extends DatabaseException {

    /**
     * Creates the exception.
     *
     * @param message the pool's name and limits
     */
    public PoolExhaustedException(String message) {
        super(message);
    }
}
