package bench.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Settings parse(String... args) {
        return Settings.parse(args, Path.of("bench"));
    }

    @Test
    void theDefaultRunTakesMediansOfThreeWithShortWarmUpsThatMayWaitForTheJit() {
        Settings settings = parse();
        assertThat(settings.repetitions()).isEqualTo(3);
        assertThat(settings.warmupSeconds()).isEqualTo(0.5);
        assertThat(settings.warmupMaxSeconds()).isEqualTo(2.0);
        assertThat(settings.durationSeconds()).isEqualTo(1.25);
        assertThat(settings.groups()).containsExactly("tcp", "lines", "tls", "amp");
        assertThat(settings.full()).isFalse();
    }

    @Test
    void theFullRunKeepsTheLongerWindows() {
        Settings settings = parse("--full");
        assertThat(settings.warmupSeconds()).isEqualTo(1.0);
        assertThat(settings.durationSeconds()).isEqualTo(2.0);
        assertThat(settings.warmupMaxSeconds()).isEqualTo(4.0);
        assertThat(settings.full()).isTrue();
    }

    @Test
    void aWarmUpMaximumBelowTheMinimumIsRaisedToIt() {
        assertThat(parse("--warmup", "3", "--warmup-max", "1").warmupMaxSeconds()).isEqualTo(3.0);
        assertThat(parse("--quick").warmupMaxSeconds()).isEqualTo(parse("--quick").warmupSeconds());
    }

    @Test
    void quickAndFullExcludeEachOtherAndGroupsAreChecked() {
        assertThatThrownBy(() -> parse("--quick", "--full")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("--only", "udp")).hasMessageContaining("tcp, lines, tls or amp");
        assertThat(parse("--only", "lines").groups()).containsExactly("lines");
    }

    @Test
    void theDefaultPlanIsEstimatedUnderTenMinutesAndTheFullOneLonger() {
        Plan standard = Plan.of(parse());
        Plan full = Plan.of(parse("--full"));
        assertThat(standard.seconds()).isLessThan(600);
        assertThat(full.seconds()).isGreaterThan(standard.seconds());
        assertThat(standard.describe()).contains("tcp", "lines", "tls", "amp", "jmh", "total");
    }
}
