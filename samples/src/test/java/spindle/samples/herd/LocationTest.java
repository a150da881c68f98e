package spindle.samples.herd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocationTest {

    @Test
    void parsesSignedDecimalDegrees() {
        assertThat(Location.parse("+34.068930-118.445127")).isEqualTo(new Location(34.068930, -118.445127));
        assertThat(Location.parse("-33.8688+151.2093")).isEqualTo(new Location(-33.8688, 151.2093));
        assertThat(Location.parse("+0+0")).isEqualTo(new Location(0, 0));
    }

    @Test
    void refusesWhatIsNotAPointOnEarth() {
        assertThat(Location.parse("34.068930-118.445127")).isNull();
        assertThat(Location.parse("+34.068930")).isNull();
        assertThat(Location.parse("+90.5+0")).isNull();
        assertThat(Location.parse("+0+180.1")).isNull();
        assertThat(Location.parse("+34.06.8-118")).isNull();
        assertThat(Location.parse("+34,068930-118,445127")).isNull();
    }

    @Test
    void formatsWithSignsAndSixDecimals() {
        assertThat(new Location(34.06893, -118.445127).iso6709()).isEqualTo("+34.068930-118.445127");
        assertThat(new Location(-5, 7.5).iso6709()).isEqualTo("-5.000000+7.500000");
    }
}
