package bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void medianOfAnOddCount() {
        Summary summary = Summary.of(List.of(3.0, 1.0, 2.0));
        assertThat(summary.median()).isEqualTo(2.0);
        assertThat(summary.min()).isEqualTo(1.0);
        assertThat(summary.max()).isEqualTo(3.0);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Summary.of(List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
    }

    @Test
    void textShowsTheRangeOnlyWhenThereIsOne() {
        assertThat(Summary.of(List.of(71_200.0)).text()).isEqualTo("71.2k");
        assertThat(Summary.of(List.of(70_100.0, 71_200.0, 73_000.0)).text()).isEqualTo("71.2k [70.1k–73.0k]");
        assertThat(Summary.format(2.5e6)).isEqualTo("2.50M");
        assertThat(Summary.format(0.776)).isEqualTo("0.78");
    }
}
