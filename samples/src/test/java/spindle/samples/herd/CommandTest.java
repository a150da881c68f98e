package spindle.samples.herd;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandTest {

    @Test
    void parsesIAmAt() {
        Command c = Command.parse("IAMAT kiwi.cs.ucla.edu +34.068930-118.445127 1621464827.959498503");
        assertThat(c).isEqualTo(new Command.IAmAt("kiwi.cs.ucla.edu", "+34.068930-118.445127",
                new Location(34.068930, -118.445127), "1621464827.959498503", new BigDecimal("1621464827.959498503")));
    }

    @Test
    void fieldsMaySeparatedByRunsOfSpacesAndTabs() {
        assertThat(Command.parse("  IAMAT \t kiwi  -33.8688+151.2093\t1621464827 ")).isInstanceOf(Command.IAmAt.class);
    }

    @Test
    void parsesAtKeepingTheTextAsSent() {
        Command c = Command.parse("AT Alford +0.263873386 kiwi +34.068930-118.445127 1621464827.959498503");
        assertThat(c).isInstanceOf(Command.At.class);
        AtRecord r = ((Command.At) c).record();
        assertThat(r.line()).isEqualTo("AT Alford +0.263873386 kiwi +34.068930-118.445127 1621464827.959498503");
        assertThat(r.server()).isEqualTo("Alford");
        assertThat(r.location()).isEqualTo(new Location(34.068930, -118.445127));
    }

    @Test
    void parsesWhatsAtWithinItsBounds() {
        assertThat(Command.parse("WHATSAT kiwi 10 5")).isEqualTo(new Command.WhatsAt("kiwi", 10, 5));
        assertThat(Command.parse("WHATSAT kiwi 50 20")).isEqualTo(new Command.WhatsAt("kiwi", 50, 20));
        assertThat(Command.parse("WHATSAT kiwi 0.5 1")).isEqualTo(new Command.WhatsAt("kiwi", 0.5, 1));
    }

    @Test
    void parsesPeerForHerdServersOnly() {
        assertThat(Command.parse("PEER Welsh")).isEqualTo(new Command.Peer("Welsh"));
        assertThat(Command.parse("PEER Mallory")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "HELLO",
        "iamat kiwi +34.068930-118.445127 1621464827.9",
        "IAMAT kiwi +34.068930-118.445127",
        "IAMAT kiwi +34.068930-118.445127 1621464827.9 extra",
        "IAMAT kiwi 34.068930-118.445127 1621464827.9",
        "IAMAT kiwi +34.068930118.445127 1621464827.9",
        "IAMAT kiwi +94.068930-118.445127 1621464827.9",
        "IAMAT kiwi +34.068930-188.445127 1621464827.9",
        "IAMAT kiwi +34.068930-118.445127 yesterday",
        "IAMAT kiwi +34.068930-118.445127 1e9",
        "IAMAT kiwi +34.068930-118.445127 NaN",
        "IAMAT kiwi +34.068930-118.445127 0x10",
        "AT Mallory +0.263873386 kiwi +34.068930-118.445127 1621464827.9",
        "AT Alford 0.263873386 kiwi +34.068930-118.445127 1621464827.9",
        "AT Alford +0.263873386 kiwi +34.068930-118.445127",
        "WHATSAT kiwi 0 5",
        "WHATSAT kiwi 50.5 5",
        "WHATSAT kiwi 51 5",
        "WHATSAT kiwi -1 5",
        "WHATSAT kiwi 10 0",
        "WHATSAT kiwi 10 21",
        "WHATSAT kiwi ten 5",
        "WHATSAT kiwi 10 5.0",
        "WHATSAT kiwi 10",
        "WHATSAT kiwi 10 5 6",
        "PEER",
    })
    void refusesMalformedLines(String line) {
        assertThat(Command.parse(line)).isNull();
    }
}
