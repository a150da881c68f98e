package bench.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadRunTest {

    @Test
    void parsesTheNumbersOfAResultLine() {
        Map<String, Double> figures = LoadRun.parse(
                "RESULT workload=pingpong connections=100 ops=129765 ops_per_s=1.29963e+05 p99_us=1593.34");
        assertThat(figures).containsEntry("connections", 100.0)
                .containsEntry("ops", 129765.0)
                .containsEntry("ops_per_s", 129963.0)
                .containsEntry("p99_us", 1593.34)
                .doesNotContainKey("workload");
    }

    @Test
    void quickSettingsRunAboutASecondPerWorkload() {
        Settings settings = Settings.parse(new String[] {"--quick"}, java.nio.file.Path.of("bench"));
        assertThat(settings.repetitions()).isEqualTo(1);
        assertThat(settings.warmupSeconds() + settings.durationSeconds()).isEqualTo(1.0);
        assertThat(settings.out().toString()).endsWith("quick-results");
    }
}
