package spindle.samples.herd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class PlacesDataTest {
    private static final Location CENTRE = new Location(34.068930, -118.445127);

    @Test
    void theShippedDataSetIsLabelledSyntheticAndCoversTheArea() throws Exception {
        try (var reader = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(PlacesData.class.getResourceAsStream("places.csv")), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).startsWith("# SYNTHETIC DATA");
        }
        List<Place> places = PlacesData.load();
        assertThat(places).hasSize(400);
        assertThat(new HashSet<>(places.stream().map(Place::id).toList())).hasSize(400);
        assertThat(new HashSet<>(places.stream().map(Place::name).toList())).hasSize(400);
        assertThat(places).allSatisfy(p -> assertThat(Geo.distanceKm(CENTRE, p.location())).isLessThanOrEqualTo(50.001));
        assertThat(places.stream().filter(p -> Geo.distanceKm(CENTRE, p.location()) <= 5)).hasSize(250);
    }

    @Test
    void seedsOnceAndTheBoxQueryFindsExactlyThePlacesInTheBox() throws Exception {
        String url = "jdbc:h2:mem:places-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        List<Place> places = PlacesData.load();
        try {
            assertThat(PlacesData.seed(url, places)).isEqualTo(400);
            assertThat(PlacesData.seed(url, places)).isZero();

            Geo.BoundingBox box = Geo.around(CENTRE, 3);
            List<Place> found = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(url);
                    PreparedStatement ps = c.prepareStatement(PlacesData.QUERY)) {
                Object[] params = PlacesData.queryParameters(box);
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(new Place(rs.getInt(1), rs.getString(2), new Location(rs.getDouble(3), rs.getDouble(4))));
                    }
                }
            }
            List<Place> expected = places.stream()
                    .filter(p -> p.location().latitude() >= box.minLatitude() && p.location().latitude() <= box.maxLatitude()
                            && p.location().longitude() >= box.minLongitude() && p.location().longitude() <= box.maxLongitude())
                    .toList();
            assertThat(found).isNotEmpty().containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            try (Connection c = DriverManager.getConnection(url)) {
                c.createStatement().execute("SHUTDOWN");
            }
        }
    }
}
