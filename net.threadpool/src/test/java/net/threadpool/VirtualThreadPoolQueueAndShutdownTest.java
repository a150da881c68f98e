package net.threadpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.threadpool.testing.LiveThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VirtualThreadPoolQueueAndShutdownTest {
    private static final AtomicInteger POOLS = new AtomicInteger();
    private final String name = "vtp" + POOLS.incrementAndGet();

    @Test
    void aBoundOfOneRunsQueuedWorkInExactlyTheOrderSubmitted() throws Exception {
        VirtualThreadPool pool = new VirtualThreadPool(name, 1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> order = new CopyOnWriteArrayList<>();
        pool.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        for (int i = 0; i < 20; i++) {
            int n = i;
            pool.execute(() -> order.add(n));
        }
        release.countDown();
        assertThat(pool.shutdown(Duration.ofSeconds(30))).isTrue();
        assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
        LiveThreads.assertNoneLeft(name);
    }

    @Test
    void countersTrackCompletedFailedAndCancelledWork() throws Exception {
        VirtualThreadPool pool = new VirtualThreadPool(name, 1);
        CountDownLatch release = new CountDownLatch(1);
        pool.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        pool.execute(() -> {
            throw new IllegalStateException("expected in this test: a failing task is logged and counted");
        });
        PoolTask dropped = pool.execute(() -> { });
        assertThat(dropped.cancel()).isTrue();
        assertThat(dropped.isDone()).isTrue();
        release.countDown();
        assertThat(pool.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(pool.stats()).isEqualTo(new VirtualThreadPool.Stats(3, 1, 1, 1, 0, 0));
        assertThat(pool.shutdown(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void shutdownLetsAcceptedWorkFinishAndRefusesNewWork() throws Exception {
        VirtualThreadPool pool = new VirtualThreadPool(name, 1);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            pool.execute(ran::incrementAndGet);
        }
        assertThat(pool.shutdown(Duration.ofSeconds(30))).isTrue();
        assertThat(ran).hasValue(3);
        assertThat(pool.isShutdown()).isTrue();
        assertThatThrownBy(() -> pool.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        LiveThreads.assertNoneLeft(name);
    }

    @Test
    void shutdownIsBoundedInterruptsAndNamesATaskThatIgnoresIt() throws Exception {
        VirtualThreadPool pool = new VirtualThreadPool(name, 2);
        CapturedLog warnings = new CapturedLog("net.threadpool");
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch politeInterrupted = new CountDownLatch(1);
        try {
            pool.execute(() -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    politeInterrupted.countDown();
                }
            });
            pool.execute(new Runnable() {
                @Override
                public void run() {
                    started.countDown();
                    while (true) {
                        try {
                            gate.await();
                            return;
                        } catch (InterruptedException ignored) {
                            // ignores interruption
                        }
                    }
                }

                @Override
                public String toString() {
                    return "stubborn pool task";
                }
            });
            PoolTask queued = pool.execute(() -> { });
            started.await();
            assertThat(pool.shutdown(Duration.ofMillis(1))).isFalse();
            assertThat(politeInterrupted.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(queued.isDone()).as("waiting work is dropped").isTrue();
            assertThat(warnings.records).anySatisfy(r -> assertThat(r.getMessage()).contains("stubborn pool task")
                    .contains("ignores interruption"));
        } finally {
            warnings.close();
            gate.countDown();
        }
        assertThat(pool.awaitIdle(Duration.ofSeconds(30))).isTrue();
        LiveThreads.assertNoneLeft(name);
    }

}
