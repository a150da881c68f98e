package net.reactor.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

    @Test
    void theDefaultIsTwisteds() {
        assertThat(BackoffPolicy.DEFAULT)
                .isEqualTo(new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), 1.5, Duration.ofSeconds(1)));
    }

    @Test
    void growsExponentiallyUpToTheCapPlusJitter() {
        BackoffPolicy policy = new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), 1.5, Duration.ofSeconds(1));
        assertThat(policy.delay(1, ClientServiceTest.QUARTER)).isEqualTo(Duration.ofMillis(1750));
        assertThat(policy.delay(2, ClientServiceTest.QUARTER)).isEqualTo(Duration.ofMillis(2500));
        assertThat(policy.delay(20, ClientServiceTest.QUARTER)).isEqualTo(Duration.ofMillis(60250));
    }

    @Test
    void hugeAttemptCountsStayAtTheCap() {
        BackoffPolicy policy = new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), 1e10, Duration.ZERO);
        assertThat(policy.delay(Integer.MAX_VALUE, new SplittableRandom(1))).isEqualTo(Duration.ofSeconds(60));
        BackoffPolicy zeroInitial = new BackoffPolicy(Duration.ZERO, Duration.ofSeconds(60), 1e300, Duration.ZERO);
        assertThat(zeroInitial.delay(100, new SplittableRandom(1))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void jitterStaysWithinItsBound() {
        BackoffPolicy policy = new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), 1.0, Duration.ofSeconds(1));
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 1000; i++) {
            assertThat(policy.delay(3, random)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        }
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(-1), Duration.ZERO, 1.5, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ZERO, Duration.ZERO, 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ZERO, Duration.ZERO, Double.POSITIVE_INFINITY, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BackoffPolicy.DEFAULT.delay(0, new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
