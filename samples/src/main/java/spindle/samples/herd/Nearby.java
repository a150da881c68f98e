package spindle.samples.herd;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A place and its distance from a client: one line of a WHATSAT answer,
 * {@code NAME DISTANCEkm +LAT+LON}, for example {@code Lantern Corner Cafe 0.575km +34.074130-118.443909}.
 *
 * @param place the place
 * @param distanceKm its haversine distance from the client, in km
 */
record Nearby(Place place, double distanceKm) {

    /** The answer line: name, distance in km with three decimals, ISO 6709 coordinates. */
    String line() {
        return String.format(Locale.ROOT, "%s %.3fkm %s", place.name(), distanceKm, place.location().iso6709());
    }

    /**
     * The places within {@code radiusKm} of {@code center}, nearest first (ties by name, then
     * id), at most {@code maxResults}.
     */
    static List<Nearby> select(Location center, double radiusKm, int maxResults, List<Place> candidates) {
        return candidates.stream()
                .map(p -> new Nearby(p, Geo.distanceKm(center, p.location())))
                .filter(n -> n.distanceKm() <= radiusKm)
                .sorted(Comparator.comparingDouble(Nearby::distanceKm)
                        .thenComparing(n -> n.place().name())
                        .thenComparingInt(n -> n.place().id()))
                .limit(maxResults)
                .toList();
    }
}
