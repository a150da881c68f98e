package spindle.samples.herd;

import java.util.List;
import net.dbapi.Database;
import net.deferred.Deferred;

/**
 * The places, read through net.dbapi's connection pool: the query runs on one of the pool's
 * virtual threads, the rows are read there, and the Deferred fires on the reactor thread. The
 * reactor never waits for the database.
 */
final class PooledPlacesStore implements PlacesStore {
    private final Database database;

    PooledPlacesStore(Database database) {
        this.database = database;
    }

    @Override
    public Deferred<List<Place>> placesIn(Geo.BoundingBox box) {
        return database.runQuery(PlacesData.QUERY,
                // Mapped on the pool's thread; Spindle's rows count columns from 0 (id, name, latitude, longitude).
                row -> new Place(row.getInt(0), row.getString(1), new Location(row.getDouble(2), row.getDouble(3))),
                PlacesData.queryParameters(box));
    }
}
