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
                rs -> new Place(rs.getInt(1), rs.getString(2), new Location(rs.getDouble(3), rs.getDouble(4))),
                PlacesData.queryParameters(box));
    }
}
