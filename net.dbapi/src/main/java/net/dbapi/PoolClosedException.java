package net.dbapi;

/**
 * The pool is closed (by {@link ConnectionPool#close()} or because its reactor shut down), so the
 * call was refused; or the reactor shut down while the call still waited for a connection.
 * Nothing was sent to the database. A {@link DatabaseException} with no SQLState, so one
 * {@code catch (DatabaseException e)} covers it with every other database failure.
 */
public class PoolClosedException extends DatabaseException {

    /**
     * Creates the exception.
     *
     * @param message the pool's name and why it is closed
     */
    public PoolClosedException(String message) {
        super(message);
    }
}
