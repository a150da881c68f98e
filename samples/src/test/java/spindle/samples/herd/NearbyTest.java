package spindle.samples.herd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearbyTest {
    private static final Location CENTRE = new Location(0, 0);
    // On the equator, 0.01 degrees of longitude is about 1.112 km.
    private static final Place A = new Place(1, "Far Cafe", new Location(0, 0.03));
    private static final Place B = new Place(2, "Near Cafe", new Location(0, 0.01));
    private static final Place C = new Place(3, "Middle Cafe", new Location(0.02, 0));
    private static final Place D = new Place(4, "Outside Cafe", new Location(0, 0.2));

    @Test
    void nearestFirstWithinTheRadiusAtMostMax() {
        List<Nearby> all = Nearby.select(CENTRE, 5, 10, List.of(A, B, C, D));
        assertThat(all).extracting(n -> n.place().name()).containsExactly("Near Cafe", "Middle Cafe", "Far Cafe");
        assertThat(Nearby.select(CENTRE, 5, 2, List.of(A, B, C, D))).extracting(n -> n.place().id()).containsExactly(2, 3);
    }

    @Test
    void equalDistancesAreOrderedByName() {
        Place east = new Place(7, "Zebra", new Location(0, 0.01));
        Place west = new Place(8, "Aardvark", new Location(0, -0.01));
        assertThat(Nearby.select(CENTRE, 5, 10, List.of(east, west))).extracting(n -> n.place().name())
                .containsExactly("Aardvark", "Zebra");
    }

    @Test
    void theLineIsNameDistanceAndCoordinates() {
        Nearby n = Nearby.select(CENTRE, 5, 1, List.of(B)).getFirst();
        assertThat(n.line()).isEqualTo("Near Cafe 1.112km +0.000000+0.010000");
    }
}
