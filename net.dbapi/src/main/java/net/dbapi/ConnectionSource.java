package net.dbapi;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Where the pool's connections come from: a JDBC URL (found through {@link DriverManager}, which
 * loads the drivers present on the module path or class path) or a {@link DataSource}.
 *
 * {@snippet :
 * ConnectionSource h2 = ConnectionSource.url("jdbc:h2:mem:app;DB_CLOSE_DELAY=-1");
 * ConnectionSource pg = ConnectionSource.url("jdbc:postgresql://127.0.0.1/app", "app", secret);
 * ConnectionSource ds = ConnectionSource.dataSource(myDataSource);
 * }
 *
 * <p>{@link #connect()} is called on a connection's virtual thread, never on the reactor thread.
 */
@FunctionalInterface
public interface ConnectionSource {

    /**
     * Opens a new connection.
     *
     * @return a new connection, which the pool then owns
     * @throws SQLException if it cannot be opened
     */
    Connection connect() throws SQLException;

    /**
     * Connections from a JDBC URL with no credentials (enough for H2 in memory).
     *
     * @param url the JDBC URL
     * @return the source
     */
    static ConnectionSource url(String url) {
        return url(url, new Properties());
    }

    /**
     * Connections from a JDBC URL, a user and a password.
     *
     * @param url the JDBC URL
     * @param user the user name
     * @param password the password
     * @return the source
     */
    static ConnectionSource url(String url, String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", Objects.requireNonNull(user, "user"));
        p.setProperty("password", Objects.requireNonNull(password, "password"));
        return url(url, p);
    }

    /**
     * Connections from a JDBC URL and driver properties (such as {@code user} and
     * {@code password}). The properties are copied.
     *
     * @param url the JDBC URL
     * @param properties the driver properties
     * @return the source
     */
    static ConnectionSource url(String url, Properties properties) {
        Objects.requireNonNull(url, "url");
        Properties copy = new Properties();
        copy.putAll(Objects.requireNonNull(properties, "properties"));
        return new ConnectionSource() {
            @Override
            public Connection connect() throws SQLException {
                return DriverManager.getConnection(url, copy);
            }

            @Override
            public String toString() {
                // The URL shows up in log messages: never its password.
                return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
            }
        };
    }

    /**
     * Connections from a {@link DataSource}.
     *
     * @param dataSource the data source; its {@code getConnection()} is called for each connection
     * @return the source
     */
    static ConnectionSource dataSource(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new ConnectionSource() {
            @Override
            public Connection connect() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public String toString() {
                return dataSource.toString();
            }
        };
    }
}
