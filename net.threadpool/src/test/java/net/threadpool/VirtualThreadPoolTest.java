package net.threadpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VirtualThreadPoolTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void runsOnNamedVirtualThreadsAndCounts() throws Exception {
        VirtualThreadPool pool = new VirtualThreadPool("names", 4);
        CompletableFuture<Thread> where = new CompletableFuture<>();
        pool.execute(() -> where.complete(Thread.currentThread()));
        pool.execute(() -> {
            throw new IllegalStateException("logged, not fatal");
        });
        Thread t = where.get(30, TimeUnit.SECONDS);
        assertThat(t.isVirtual()).isTrue();
        assertThat(t.getName()).startsWith("names-");
        assertThat(pool.awaitIdle(WAIT)).isTrue();
        VirtualThreadPool.Stats s = pool.stats();
        assertThat(s.submitted()).isEqualTo(2);
        assertThat(s.completed()).isEqualTo(1);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(pool.shutdown(WAIT)).isTrue();
    }

    @Test
    void boundsConcurrencyAndStartsWaitingWorkInFifoOrder() throws Exception {
        VirtualThreadPool pool = new VirtualThreadPool("fifo", 1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        pool.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 20; i++) {
            int n = i;
            pool.execute(() -> order.add(n));
        }
        assertThat(pool.activeCount()).isEqualTo(1);
        assertThat(pool.queuedCount()).isEqualTo(20);
        release.countDown();
        assertThat(pool.awaitIdle(WAIT)).isTrue();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add(i);
        }
        assertThat(order).isEqualTo(expected);
        pool.shutdown(WAIT);
    }

    @Test
    void raisingTheBoundStartsWaitingWork() throws Exception {
        VirtualThreadPool pool = new VirtualThreadPool("raise", 1);
        CountDownLatch bothRunning = new CountDownLatch(2);
        Runnable meet = () -> {
            bothRunning.countDown();
            try {
                bothRunning.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        pool.execute(meet);
        pool.execute(meet);
        pool.setMaxThreads(2);
        assertThat(bothRunning.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.shutdown(WAIT)).isTrue();
        assertThatThrownBy(() -> pool.setMaxThreads(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancelDropsWaitingWorkAndInterruptsRunningWork() throws Exception {
        VirtualThreadPool pool = new VirtualThreadPool("cancel", 1);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        PoolTask running = pool.execute(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
        });
        AtomicInteger ran = new AtomicInteger();
        PoolTask waiting = pool.execute(ran::incrementAndGet);
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(waiting.cancel()).isTrue();
        assertThat(waiting.isDone()).isTrue();
        assertThat(running.cancel()).isTrue();
        assertThat(interrupted.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.awaitIdle(WAIT)).isTrue();
        assertThat(running.cancel()).isFalse();
        // The interrupt aimed at the cancelled task does not leak into the next one.
        CompletableFuture<Boolean> flag = new CompletableFuture<>();
        pool.execute(() -> flag.complete(Thread.currentThread().isInterrupted()));
        assertThat(flag.get(30, TimeUnit.SECONDS)).isFalse();
        assertThat(ran.get()).isZero();
        assertThat(pool.stats().cancelled()).isEqualTo(1);
        pool.shutdown(WAIT);
    }

    @Test
    void shutdownRefusesNewWorkAndInterruptsStragglersAfterTheBound() throws Exception {
        VirtualThreadPool pool = new VirtualThreadPool("shutdown", 2);
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                // interrupted by shutdown: end
            }
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        // The bound is both the grace period and the wait after the interrupt: long enough that a
        // loaded machine still ends the interrupted task within it.
        assertThat(pool.shutdown(Duration.ofMillis(500))).isTrue();
        assertThat(pool.isShutdown()).isTrue();
        assertThat(pool.activeCount()).isZero();
        assertThatThrownBy(() -> pool.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);
    }
}
