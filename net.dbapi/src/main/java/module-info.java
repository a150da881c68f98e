/**
 * Asynchronous database access for reactor code, in the manner of Twisted's {@code adbapi}: a
 * JDBC {@link net.dbapi.ConnectionPool} whose calls ({@code runQuery}, {@code runOperation},
 * {@code runInteraction}, {@code runWithConnection}, {@code runBatch}) run on virtual threads,
 * one long-lived virtual thread per connection, and return Deferreds that fire on the reactor
 * thread.
 *
 * <p>JDBC drivers are found the standard way ({@link java.sql.DriverManager}, which loads them as
 * services), so an application only has to put its driver on the module path or class path; a
 * {@link javax.sql.DataSource} works as well.
 */
module net.dbapi {
    // Deferred and Reactor appear in the API.
    requires transitive net.reactor;
    // Connection, ResultSet, SQLException and DataSource appear in the API.
    requires transitive java.sql;

    // Optional: nullness annotations, compile time only.
    requires static org.jspecify;
    // JDK Flight Recorder: spindle.PoolWait and spindle.Query, in an unexported package.
    requires jdk.jfr;

    // API
    exports net.dbapi;
}
