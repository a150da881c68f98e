package net.protocols.ftp;

import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import net.deferred.Deferred;
import net.deferred.ThrowingSupplier;
import net.reactor.ReactorThreads;

/**
 * A thread pool that runs nothing until the test says so: each deferToThread/callInThread task
 * waits in a queue, and {@link #runOne()} runs the oldest and fires its Deferred, on the test's
 * thread. So a test sees a transfer in the middle, with reads or writes still pending.
 */
final class QueuedThreads implements ReactorThreads {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void callFromThread(Runnable task) {
        tasks.add(task);
    }

    @Override
    public void callInThread(Runnable task) {
        tasks.add(task);
    }

    @Override
    public <T> Deferred<T> deferToThread(Callable<T> task) {
        Deferred<T> d = new Deferred<>();
        tasks.add(() -> {
            T value;
            try {
                value = task.call();
            } catch (Exception e) {
                d.errback(e);
                return;
            }
            d.callback(value);
        });
        return d;
    }

    @Override
    public <T> T blockingCallFromThread(ThrowingSupplier<? extends Deferred<T>> call) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void suggestThreadPoolSize(int maxThreads) {}

    int pending() {
        return tasks.size();
    }

    boolean runOne() {
        Runnable r = tasks.poll();
        if (r == null) {
            return false;
        }
        r.run();
        return true;
    }

    void runAll() {
        while (runOne()) {
            // each task may queue the next
        }
    }
}
