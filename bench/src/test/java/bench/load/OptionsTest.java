package bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void parsesNamedValuesWithDefaults() {
        Options options = Options.parse(new String[] {
            "--workload", "pingpong", "--port", "4321", "--connections", "100", "--warmup", "0.5"});
        assertThat(options.workload()).isEqualTo("pingpong");
        assertThat(options.server().getPort()).isEqualTo(4321);
        assertThat(options.connections()).isEqualTo(100);
        assertThat(options.messageSize()).isEqualTo(64);
        assertThat(options.warmupNanos()).isEqualTo(500_000_000L);
        assertThat(options.durationNanos()).isEqualTo(2_000_000_000L);
        assertThat(options.serverPid()).isZero();
    }

    @Test
    void refusesAMissingPort() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--workload", "bulk"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--port");
    }
}
