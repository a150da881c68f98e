/**
 * A JDBC connection pool for reactor code: {@link net.dbapi.ConnectionPool} and the
 * {@link net.dbapi.Database} operations it offers, the {@link net.dbapi.Transaction} an
 * interaction receives, {@link net.dbapi.Row}s, options and the errors a call can fail with.
 *
 * <p>Every call returns a {@link net.deferred.Deferred} that fires on the reactor thread; the
 * JDBC work itself runs on a virtual thread that owns the connection, and no JDBC object ever
 * crosses to the reactor thread.
 */
@NullMarked
package net.dbapi;

import org.jspecify.annotations.NullMarked;
