package net.deferred;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    @Test
    void successHoldsItsValue() {
        Outcome<String> o = Outcome.success("v");
        assertThat(o.isSuccess()).isTrue();
        assertThat(o.valueOrThrow()).isEqualTo("v");
        assertThat(o).isEqualTo(new Outcome.Success<>("v"));
    }

    @Test
    void failedRethrowsTheOriginalException() {
        IOException e = new IOException();
        Outcome<String> o = Outcome.failed(e);
        assertThat(o.isSuccess()).isFalse();
        assertThatThrownBy(o::valueOrThrow).isSameAs(e);
        assertThat(o).isEqualTo(Outcome.failed(new Failure(e)));
    }

    @Test
    void patternMatchingCoversBothCases() {
        Outcome<Integer> o = Outcome.success(3);
        String text = switch (o) {
            case Outcome.Success<Integer>(Integer v) -> "value " + v;
            case Outcome.Failed<Integer>(Failure f) -> "failure " + f;
        };
        assertThat(text).isEqualTo("value 3");
    }

    @Test
    void failedRefusesNull() {
        assertThatThrownBy(() -> new Outcome.Failed<String>(null)).isInstanceOf(NullPointerException.class);
    }
}
