package spindle.it.faults;

import net.dbapi.ConnectionSource;

/**
 * A private, throw-away database server that {@link DatabaseKilledUnderLoad} may kill and start
 * again: each implementation runs its own server (own data directory, port and socket), so the
 * shared servers that {@code .ci/databases.sh} starts are never disturbed. Used from the test's
 * thread only.
 */
interface KillableDatabase extends AutoCloseable {

    /** The server's name for messages and the results table, e.g. "MariaDB". */
    String name();

    /** How {@link #kill()} kills it, for the results table, e.g. "SIGKILL of mariadbd". */
    String howKilled();

    /** Where the pool under test gets its connections; they are recognisable to {@link #poolSessions()}. */
    ConnectionSource poolSource();

    /** Kills the server at once, as a crash would: no session is ended cleanly. Returns when it is gone. */
    void kill() throws Exception;

    /** Starts the server again on the same data directory and port; returns when it accepts connections. */
    void restart() throws Exception;

    /** The sessions the server holds for the pool's connections, counted by the server itself. */
    long poolSessions() throws Exception;
}
