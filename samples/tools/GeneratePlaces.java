/*
 * Generates the herd's SYNTHETIC places data set, deterministically:
 *
 *   java samples/tools/GeneratePlaces.java > samples/src/main/resources/spindle/samples/herd/places.csv
 *
 * The places are invented: made-up names at random points around +34.068930-118.445127 (the
 * example location of the herd's protocol). The machine this project was built on had no
 * internet access, so no real data set could be fetched; a fixed seed makes the file the same on
 * every run, so it can be regenerated and checked. Densest near the centre, so a WHATSAT with a
 * small radius finds something:
 *   250 places within 5 km, 100 between 5 and 20 km, 50 between 20 and 50 km.
 */
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

public class GeneratePlaces {
    static final double CENTER_LAT = 34.068930;
    static final double CENTER_LON = -118.445127;
    static final double EARTH_RADIUS_KM = 6371.0;

    static final List<String> FIRST = List.of(
            "Juniper", "Maple", "Cedar", "Harbor", "Sunset", "Canyon", "Willow", "Granite", "Orchard", "Meadow",
            "Copper", "Laurel", "Sycamore", "Bluebird", "Pacific", "Mesa", "Ridge", "Poppy", "Olive", "Saffron",
            "Driftwood", "Lantern", "Marigold", "Redwood", "Coral", "Sierra", "Hillside", "Palisade", "Arroyo", "Bayview");
    static final List<String> SECOND = List.of(
            "Street", "Lane", "Court", "Square", "Terrace", "Corner", "Grove", "Point", "Row", "Park");
    static final List<String> KIND = List.of(
            "Cafe", "Library", "Bakery", "Bookshop", "Gallery", "Garden", "Museum", "Noodle Bar", "Taqueria",
            "Pharmacy", "Cinema", "Gym", "Market", "Diner", "Tea House", "Hardware", "Music Hall", "Clinic",
            "Bike Shop", "Playground");

    public static void main(String[] args) {
        SplittableRandom random = new SplittableRandom(6709);
        Set<String> names = new HashSet<>();
        StringBuilder out = new StringBuilder();
        out.append("# SYNTHETIC DATA: invented places, not real ones. Generated deterministically by\n");
        out.append("# samples/tools/GeneratePlaces.java (seed 6709) around +34.068930-118.445127: 250 places\n");
        out.append("# within 5 km, 100 between 5 and 20 km, 50 between 20 and 50 km.\n");
        out.append("id,name,latitude,longitude\n");
        int id = 0;
        id = ring(random, names, out, id, 250, 0, 5);
        id = ring(random, names, out, id, 100, 5, 20);
        ring(random, names, out, id, 50, 20, 50);
        System.out.print(out);
    }

    /** Places uniformly distributed over the area of the ring between inner and outer km. */
    static int ring(SplittableRandom random, Set<String> names, StringBuilder out, int id, int count,
            double innerKm, double outerKm) {
        for (int i = 0; i < count; i++) {
            double u = random.nextDouble();
            double distance = Math.sqrt(innerKm * innerKm + u * (outerKm * outerKm - innerKm * innerKm));
            double bearing = random.nextDouble(2 * Math.PI);
            double[] point = destination(CENTER_LAT, CENTER_LON, bearing, distance);
            String name;
            do {
                name = FIRST.get(random.nextInt(FIRST.size())) + " " + SECOND.get(random.nextInt(SECOND.size()))
                        + " " + KIND.get(random.nextInt(KIND.size()));
            } while (!names.add(name));
            id++;
            out.append(String.format(Locale.ROOT, "%d,%s,%.6f,%.6f%n", id, name, point[0], point[1]));
        }
        return id;
    }

    /** The point {@code km} away from (lat, lon) on a sphere, along the initial bearing. */
    static double[] destination(double lat, double lon, double bearing, double km) {
        double phi1 = Math.toRadians(lat);
        double lambda1 = Math.toRadians(lon);
        double delta = km / EARTH_RADIUS_KM;
        double phi2 = Math.asin(Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(bearing));
        double lambda2 = lambda1 + Math.atan2(Math.sin(bearing) * Math.sin(delta) * Math.cos(phi1),
                Math.cos(delta) - Math.sin(phi1) * Math.sin(phi2));
        return new double[] {Math.toDegrees(phi2), Math.toDegrees(lambda2)};
    }
}
