package spindle.samples.herd;

/**
 * Distances on a spherical Earth: the haversine formula, and the latitude/longitude box that
 * holds every point within a distance (so a database can narrow the search with two indexed
 * ranges before the exact distance is computed).
 */
final class Geo {
    /** The mean Earth radius the herd computes with, in km. */
    static final double EARTH_RADIUS_KM = 6371.0;

    /** Widens boxes by about 0.1 m so a point on the edge is never lost to rounding. */
    private static final double MARGIN_DEGREES = 1e-6;

    private Geo() {}

    /**
     * A box of latitudes and longitudes. When {@code minLongitude > maxLongitude} the box crosses
     * the 180th meridian and holds longitudes from {@code minLongitude} to 180 and from -180 to
     * {@code maxLongitude}.
     */
    record BoundingBox(double minLatitude, double maxLatitude, double minLongitude, double maxLongitude) {
        boolean crossesAntimeridian() {
            return minLongitude > maxLongitude;
        }
    }

    /** The great-circle distance between two points, in km (haversine formula). */
    static double distanceKm(Location a, Location b) {
        double phi1 = Math.toRadians(a.latitude());
        double phi2 = Math.toRadians(b.latitude());
        double dPhi = phi2 - phi1;
        double dLambda = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
                + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /**
     * The smallest box holding every point within {@code radiusKm} of {@code center} (the
     * longitude span is {@code asin(sin r / cos lat)}, which is exact on a sphere); it spans every
     * longitude when the circle reaches a pole.
     */
    static BoundingBox around(Location center, double radiusKm) {
        double angular = radiusKm / EARTH_RADIUS_KM;
        double lat = Math.toRadians(center.latitude());
        double minLat = Math.toDegrees(lat - angular) - MARGIN_DEGREES;
        double maxLat = Math.toDegrees(lat + angular) + MARGIN_DEGREES;
        if (maxLat >= 90 || minLat <= -90) {
            return new BoundingBox(Math.max(minLat, -90), Math.min(maxLat, 90), -180, 180);
        }
        double dLon = Math.toDegrees(Math.asin(Math.sin(angular) / Math.cos(lat))) + MARGIN_DEGREES;
        double minLon = center.longitude() - dLon;
        double maxLon = center.longitude() + dLon;
        if (minLon < -180) {
            minLon += 360;
        }
        if (maxLon > 180) {
            maxLon -= 360;
        }
        return new BoundingBox(minLat, maxLat, minLon, maxLon);
    }
}
