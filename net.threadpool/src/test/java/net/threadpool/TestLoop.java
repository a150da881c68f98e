package net.threadpool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.threadpool.spi.TaskRegistry;
import net.threadpool.testing.LiveThreads;

/**
 * A minimal event loop for testing the façade without net.reactor: one platform thread running
 * queued tasks, marked as a reactor thread, shutting its task registry down when closed, as a
 * reactor does.
 */
final class TestLoop implements LoopExecutor, AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Runnable STOP = () -> {};

    final String name;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final TaskRegistry registry;
    private final Thread thread;
    private volatile boolean stopped;

    TestLoop() {
        name = "tl" + COUNTER.incrementAndGet();
        registry = new TaskRegistry(name, this);
        thread = Thread.ofPlatform().name(name + "-loop").unstarted(() -> registry.runAsReactorThread(this::loop));
        thread.start();
    }

    private void loop() {
        while (true) {
            Runnable r;
            try {
                r = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (r == STOP) {
                return;
            }
            try {
                r.run();
            } catch (RuntimeException e) {
                e.printStackTrace();
            }
        }
    }

    @Override
    public void callFromThread(Runnable task) {
        if (!stopped) {
            queue.add(task);
        }
    }

    @Override
    public boolean isReactorThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public BlockingTasks blockingTasks() {
        return registry.tasks();
    }

    /** The loop's side of its tasks (shutdown, awaitIdle), which a reactor keeps to itself. */
    TaskRegistry registry() {
        return registry;
    }

    Thread thread() {
        return thread;
    }

    /** Runs {@code action} on the loop thread and returns its result. */
    <T> T call(Supplier<T> action) {
        CompletableFuture<T> f = new CompletableFuture<>();
        callFromThread(() -> {
            try {
                f.complete(action.get());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("loop call failed", e);
        }
    }

    void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    /** Stops the loop, then shuts its tasks down as a reactor does, and checks no thread is left. */
    @Override
    public void close() throws Exception {
        callFromThread(STOP);
        thread.join(TimeUnit.SECONDS.toMillis(30));
        stopped = true;
        registry.shutdown(Duration.ofSeconds(5), () -> new IllegalStateException("test loop " + name + " stopped"));
        LiveThreads.assertNoneLeft(name);
    }
}
