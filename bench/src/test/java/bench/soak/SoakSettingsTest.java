package bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The soak's options and the protocol answers both sides compute. */
class SoakSettingsTest {

    private static final Path BENCH = Path.of("bench");

    @Test
    void defaultsAreTenMinutesOfAThousandConnections() {
        SoakSettings s = SoakSettings.parse(new String[0], BENCH);
        assertThat(s.duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.connections()).isEqualTo(1000);
        assertThat(s.every()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.warmup()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.out().toString()).startsWith("bench/results/").endsWith("-soak");
    }

    @Test
    void quickAndHourModes() {
        SoakSettings quick = SoakSettings.parse(new String[] {"--quick"}, BENCH);
        assertThat(quick.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(quick.warmup()).isEqualTo(Duration.ofSeconds(20));
        assertThat(quick.every()).isEqualTo(Duration.ofSeconds(2));
        assertThat(quick.out()).isEqualTo(BENCH.resolve("target/soak-quick"));
        SoakSettings hour = SoakSettings.parse(new String[] {"--hour", "--connections", "500", "--out", "x"}, BENCH);
        assertThat(hour.duration()).isEqualTo(Duration.ofHours(1));
        assertThat(hour.warmup()).isEqualTo(Duration.ofMinutes(5));
        assertThat(hour.every()).isEqualTo(Duration.ofSeconds(10));
        assertThat(hour.connections()).isEqualTo(500);
        assertThat(hour.out()).isEqualTo(Path.of("x"));
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> SoakSettings.parse(new String[] {"--frobnicate"}, BENCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> SoakSettings.parse(new String[] {"--minutes"}, BENCH))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SoakSettings.parse(new String[] {"--seconds", "30", "--warmup", "40"}, BENCH))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSlotsMixEchoLineAndTls() {
        int[] counts = new int[3];
        for (int slot = 0; slot < 1000; slot++) {
            counts[SoakLoad.kindOf(slot).ordinal()]++;
        }
        assertThat(counts).containsExactly(500, 300, 200);
    }

    @Test
    void lineRequestsCarryTheirExpectedAnswers() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        java.util.Set<String> verbs = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            String[] pair = SoakLoad.lineRequest(random);
            String verb = pair[0].substring(0, pair[0].indexOf(' '));
            String arg = pair[0].substring(verb.length() + 1);
            verbs.add(verb);
            switch (verb) {
                case "ECHO" -> assertThat(pair[1]).isEqualTo(arg);
                case "DB" -> assertThat(pair[1]).isEqualTo(Long.toString(SoakProtocol.rowValue(Integer.parseInt(arg))));
                case "UPD" -> assertThat(pair[1]).isEqualTo("1");
                case "TASK" -> assertThat(pair[1]).isEqualTo(Long.toString(SoakProtocol.taskAnswer(Long.parseLong(arg))));
                default -> throw new AssertionError(verb);
            }
        }
        assertThat(verbs).containsExactlyInAnyOrder("ECHO", "DB", "UPD", "TASK");
    }
}
