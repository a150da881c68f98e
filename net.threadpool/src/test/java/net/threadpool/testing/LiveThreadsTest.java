package net.threadpool.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LiveThreadsTest {

    @Test
    void seesAParkedVirtualThreadUntilItEnds() throws Exception {
        String prefix = "live-threads-test-" + System.nanoTime();
        CountDownLatch release = new CountDownLatch(1);
        Thread virtual = Thread.ofVirtual().name(prefix + "-v").start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(Thread.getAllStackTraces().keySet()).as("what the JDK lists without a dump")
                .doesNotContain(virtual);
        assertThat(LiveThreads.named(prefix)).containsExactly(prefix + "-v");
        assertThat(LiveThreads.awaitNoneLeft(prefix, Duration.ZERO)).containsExactly(prefix + "-v");

        release.countDown();
        virtual.join();
        assertThat(LiveThreads.awaitNoneLeft(prefix, Duration.ofSeconds(30))).isEmpty();
        LiveThreads.assertNoneLeft(prefix);
    }

    @Test
    void assertNoneLeftNamesTheThreadsStillAlive() throws Exception {
        String prefix = "live-threads-leak-" + System.nanoTime();
        CountDownLatch release = new CountDownLatch(1);
        Thread leaked = Thread.ofPlatform().name(prefix).start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(LiveThreads.awaitNoneLeft(prefix, Duration.ofMillis(1))).containsExactly(prefix);
        } finally {
            release.countDown();
            leaked.join();
        }
        assertThatThrownBy(() -> LiveThreads.awaitNoneLeft(prefix, null)).isInstanceOf(NullPointerException.class);
    }
}
