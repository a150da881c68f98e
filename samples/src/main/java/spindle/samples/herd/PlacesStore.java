package spindle.samples.herd;

import java.util.List;
import net.deferred.Deferred;

/**
 * Where the herd's places come from. The herd asks for the places inside a latitude/longitude
 * box around a client and computes exact distances itself.
 *
 * <p>Threading: called on the reactor thread; the Deferred fires on the reactor thread. The
 * store must not block the caller: the database work happens elsewhere.
 */
interface PlacesStore {

    /**
     * The places inside {@code box}, in no particular order.
     *
     * @return fires with the places, or fails with the database's error
     */
    Deferred<List<Place>> placesIn(Geo.BoundingBox box);
}
