package bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The peers' event loop for the cross-thread benchmarks: one platform thread blocked in a
 * {@link Selector}, fed tasks through a queue and woken only when it is (about to be) blocked:
 * the reactor's {@code callFromThread} design with the queue as the only variable.
 */
final class QueueLoop implements Executor, AutoCloseable {

    private final Queue<Runnable> queue;
    private final Selector selector;
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean running = true;

    QueueLoop(Queue<Runnable> queue) {
        this.queue = queue;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = Thread.ofPlatform().name("queue-loop").start(this::loop);
    }

    /** Offers {@code task} to the loop; wakes it only if it sleeps (coalescing wake-ups). */
    @Override
    public void execute(Runnable task) {
        queue.offer(task);
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            selector.wakeup();
        }
    }

    private void loop() {
        try {
            while (running) {
                Runnable task;
                while ((task = queue.poll()) != null) {
                    task.run();
                }
                sleeping.set(true);
                // A task offered after the drain but before the flag was set is seen here.
                if (queue.isEmpty() && running) {
                    selector.select();
                }
                sleeping.set(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the loop thread and waits for it. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
