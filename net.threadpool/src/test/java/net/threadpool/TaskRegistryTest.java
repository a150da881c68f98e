package net.threadpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.deferred.Deferred;
import net.threadpool.spi.TaskRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reactor-only side of the façade: where it is exported, what the user's view leaves out,
 * and the one awaitIdle shared by a loop's registry and a VirtualThreadPool.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskRegistryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final TestLoop loop = new TestLoop();

    @AfterEach
    void close() throws Exception {
        loop.close();
    }

    @Test
    void theReactorOnlyPackageIsExportedToNetReactorAlone() {
        Module module = BlockingTasks.class.getModule();
        assertThat(module.isNamed()).as("the tests run in the named module").isTrue();
        ModuleDescriptor descriptor = module.getDescriptor();
        assertThat(descriptor.exports()).extracting(e -> e.source() + " to " + e.targets()).containsExactlyInAnyOrder(
                "net.threadpool to []", "net.threadpool.testing to []", "net.threadpool.spi to [net.reactor]");
        assertThat(module.isExported("net.threadpool.spi")).isFalse();
        assertThat(TaskRegistry.class.getModule()).isSameAs(module);
    }

    @Test
    void theUsersViewHasNoneOfTheReactorsOperations() {
        assertThat(BlockingTasks.class.isSealed()).as("only Spindle implements it").isTrue();
        assertThat(Arrays.stream(BlockingTasks.class.getMethods()).map(Method::getName))
                .doesNotContain("shutdown", "runAsReactorThread", "awaitIdle", "isShutdown")
                .contains("await", "spawn", "deferToThreadPool", "callBound", "runBound", "stats");
        assertThat(loop.blockingTasks()).isSameAs(loop.registry().tasks()).isSameAs(Blocking.on(loop));
    }

    @Test
    void awaitIdleCountsACancelActionThatOutlivesItsTask() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch taskMayEnd = new CountDownLatch(1);
        CountDownLatch actionMayEnd = new CountDownLatch(1);
        Deferred<String> d = loop.call(() -> Blocking.spawn(loop, () -> {
            try (Blocking.CancelRegistration ignored = Blocking.cancelWith(() -> {
                taskMayEnd.countDown();
                actionMayEnd.await(); // a Statement.cancel() that takes its time
            })) {
                started.countDown();
                taskMayEnd.await();
            }
            return "ended";
        }));
        started.await();
        loop.run(d::cancel); // on the loop thread: the action runs on a thread of its own
        Until.until("the task ended", () -> loop.blockingTasks().stats().running() == 0);
        assertThat(loop.registry().awaitIdle(Duration.ZERO)).as("the cancel action still runs").isFalse();
        actionMayEnd.countDown();
        assertThat(loop.registry().awaitIdle(WAIT)).isTrue();
    }

    @Test
    void aPoolAndARegistryWaitForIdleByTheSameRules() throws Exception {
        VirtualThreadPool pool = new VirtualThreadPool("idle-rules", 1);
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        assertThat(pool.awaitIdle(forever)).as("a timeout too long for nanoseconds waits forever").isTrue();
        assertThat(loop.registry().awaitIdle(forever)).isTrue();
        assertThatThrownBy(() -> pool.awaitIdle(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> loop.registry().awaitIdle(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);

        // An interrupt does not end the wait, and is kept for later.
        CountDownLatch release = new CountDownLatch(1);
        pool.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<String> waited = new CompletableFuture<>();
        Thread waiter = Thread.ofPlatform().name("idle-waiter").start(() -> {
            boolean idle = pool.awaitIdle(WAIT);
            waited.complete("idle=" + idle + " interrupted=" + Thread.currentThread().isInterrupted());
        });
        Until.until("the waiter waits", () -> waiter.getState() == Thread.State.TIMED_WAITING);
        waiter.interrupt();
        release.countDown();
        assertThat(waited.get(30, TimeUnit.SECONDS)).isEqualTo("idle=true interrupted=true");
        assertThat(pool.shutdown(WAIT)).isTrue();
    }
}
