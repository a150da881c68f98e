package spindle.samples.herd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeoTest {

    @Test
    void oneDegreeOfLongitudeOnTheEquatorIsOneDegreeOfTheGreatCircle() {
        double expected = Geo.EARTH_RADIUS_KM * Math.PI / 180;
        assertThat(Geo.distanceKm(new Location(0, 0), new Location(0, 1))).isCloseTo(expected, within(1e-9));
    }

    @Test
    void antipodesAreHalfTheCircumferenceApart() {
        double expected = Geo.EARTH_RADIUS_KM * Math.PI;
        // Haversine is ill-conditioned at the antipode (asin near 1): a metre is the honest tolerance.
        assertThat(Geo.distanceKm(new Location(10, 20), new Location(-10, -160))).isCloseTo(expected, within(1e-3));
    }

    @Test
    void distanceIsSymmetricAndZeroToItself() {
        Location a = new Location(34.068930, -118.445127);
        Location b = new Location(34.052235, -118.243683);
        assertThat(Geo.distanceKm(a, b)).isEqualTo(Geo.distanceKm(b, a));
        assertThat(Geo.distanceKm(a, a)).isZero();
        // UCLA to downtown Los Angeles: about 18.6 km as the crow flies.
        assertThat(Geo.distanceKm(a, b)).isBetween(18.0, 19.0);
    }

    @Test
    void theBoxHoldsEveryPointWithinTheRadius() {
        SplittableRandom random = new SplittableRandom(42);
        Location[] centres = {
            new Location(34.068930, -118.445127), new Location(0, 0), new Location(-60, 179.9),
            new Location(70, -179.95), new Location(89.9, 10)};
        for (Location centre : centres) {
            for (double radius : new double[] {0.1, 5, 50}) {
                Geo.BoundingBox box = Geo.around(centre, radius);
                for (int i = 0; i < 2000; i++) {
                    Location p = pointNear(random, centre, radius * 1.2);
                    if (Geo.distanceKm(centre, p) <= radius) {
                        assertThat(contains(box, p)).as("%s within %s km of %s, box %s", p, radius, centre, box).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void aBoxAcrossThe180thMeridianWraps() {
        Geo.BoundingBox box = Geo.around(new Location(0, 179.99), 10);
        assertThat(box.crossesAntimeridian()).isTrue();
        assertThat(contains(box, new Location(0, -179.99))).isTrue();
        assertThat(contains(box, new Location(0, 0))).isFalse();
    }

    private static boolean contains(Geo.BoundingBox box, Location p) {
        boolean lat = p.latitude() >= box.minLatitude() && p.latitude() <= box.maxLatitude();
        boolean lon = box.crossesAntimeridian()
                ? p.longitude() >= box.minLongitude() || p.longitude() <= box.maxLongitude()
                : p.longitude() >= box.minLongitude() && p.longitude() <= box.maxLongitude();
        return lat && lon;
    }

    private static Location pointNear(SplittableRandom random, Location c, double km) {
        double dLat = Math.toDegrees(km / Geo.EARTH_RADIUS_KM);
        double lat = Math.max(-90, Math.min(90, c.latitude() + random.nextDouble(-dLat, dLat)));
        double cos = Math.max(Math.cos(Math.toRadians(c.latitude())), 1e-3);
        double dLon = Math.min(180, dLat / cos);
        double lon = c.longitude() + random.nextDouble(-dLon, dLon);
        if (lon > 180) {
            lon -= 360;
        } else if (lon < -180) {
            lon += 360;
        }
        return new Location(lat, lon);
    }
}
