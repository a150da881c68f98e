package net.dbapi;

import org.jspecify.annotations.Nullable;

/**
 * The work of {@link Database#runInteraction}: statements run through a {@link Transaction},
 * committed together when this returns and rolled back when it throws.
 *
 * <p>Runs on the connection's virtual thread, never on the reactor thread: it may block, and it
 * must not touch transports, Deferreds or other reactor-confined objects (hand values back as its
 * result instead). It must not keep the Transaction, or any JDBC object, beyond its return, nor
 * return one: the result crosses to the reactor thread. It cannot make calls of the pool itself
 * (they belong on the reactor thread), and must not wait for one: with every connection busy it
 * would wait for its own connection until the acquire timeout.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface Interaction<T extends @Nullable Object> {

    /**
     * Runs the interaction.
     *
     * @param txn the transaction, valid only during this call
     * @return the value the call's Deferred fires with
     * @throws Exception to roll the transaction back and fail the call's Deferred with it (an
     *     {@link java.sql.SQLException} is delivered as a {@link DatabaseException})
     */
    T interact(Transaction txn) throws Exception;
}
