package spindle.samples.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void readsValuesInBothFormsAndFlags() {
        Options o = new Options(new String[] {"--port", "9000", "--interface=0.0.0.0", "--tls"});
        assertThat(o.port("--port", 8000)).isEqualTo(9000);
        assertThat(o.value("--interface", "127.0.0.1")).isEqualTo("0.0.0.0");
        assertThat(o.flag("--tls")).isTrue();
        assertThat(o.flag("--demo")).isFalse();
        assertThat(o.valueOrNull("--jdbc")).isNull();
        o.finish();
    }

    @Test
    void theLastOfARepeatedOptionWins() {
        Options o = new Options(new String[] {"--port", "1", "--port", "2"});
        assertThat(o.port("--port", 0)).isEqualTo(2);
        o.finish();
    }

    @Test
    void refusesWhatItCannotUse() {
        assertThatThrownBy(() -> new Options(new String[] {"--port", "http"}).port("--port", 0))
                .isInstanceOf(UsageException.class).hasMessageContaining("integer");
        assertThatThrownBy(() -> new Options(new String[] {"--port", "70000"}).port("--port", 0))
                .isInstanceOf(UsageException.class).hasMessageContaining("65535");
        assertThatThrownBy(() -> new Options(new String[] {"--port"}).port("--port", 0))
                .isInstanceOf(UsageException.class).hasMessageContaining("needs a value");
        Options typo = new Options(new String[] {"--prot", "9000"});
        typo.port("--port", 8000);
        assertThatThrownBy(typo::finish).isInstanceOf(UsageException.class).hasMessage("unknown argument: --prot");
    }

    @Test
    void seesHelp() {
        assertThat(new Options(new String[] {"-h"}).help()).isTrue();
        assertThat(new Options(new String[] {"--help"}).help()).isTrue();
        assertThat(new Options(new String[] {}).help()).isFalse();
    }
}
