package spindle.samples.herd;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import net.deferred.Deferred;
import net.reactor.ReactorThreads;
import org.jspecify.annotations.Nullable;

/**
 * INTERIM: places read with plain JDBC on the reactor's thread pool, one shared connection,
 * until net.dbapi's ConnectionPool is merged and takes its place.
 */
final class ThreadedJdbcPlacesStore implements PlacesStore, AutoCloseable {
    private final ReactorThreads threads;
    private final String jdbcUrl;
    private final ReentrantLock lock = new ReentrantLock();
    private @Nullable Connection connection;

    ThreadedJdbcPlacesStore(ReactorThreads threads, String jdbcUrl) {
        this.threads = threads;
        this.jdbcUrl = jdbcUrl;
    }

    @Override
    public Deferred<List<Place>> placesIn(Geo.BoundingBox box) {
        Object[] params = PlacesData.queryParameters(box);
        return threads.deferToThread(() -> {
            lock.lock();
            try {
                Connection c = connection;
                if (c == null) {
                    c = DriverManager.getConnection(jdbcUrl);
                    connection = c;
                }
                try (PreparedStatement ps = c.prepareStatement(PlacesData.QUERY)) {
                    for (int i = 0; i < params.length; i++) {
                        ps.setObject(i + 1, params[i]);
                    }
                    List<Place> places = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            places.add(new Place(rs.getInt(1), rs.getString(2),
                                    new Location(rs.getDouble(3), rs.getDouble(4))));
                        }
                    }
                    return places;
                }
            } finally {
                lock.unlock();
            }
        });
    }

    @Override
    public void close() throws SQLException {
        lock.lock();
        try {
            Connection c = connection;
            connection = null;
            if (c != null) {
                c.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
