package net.reactor.task;

import java.time.Duration;
import java.util.Objects;
import net.deferred.Deferred;
import net.deferred.Failure;
import net.deferred.Outcome;
import net.deferred.ThrowingRunnable;
import net.deferred.ThrowingSupplier;
import net.reactor.DelayedCall;
import net.reactor.ReactorTime;
import net.reactor.internal.TimerQueue;
import org.jspecify.annotations.Nullable;

/**
 * Runs a task again and again at a fixed interval (Twisted's {@code task.LoopingCall}).
 *
 * {@snippet :
 * LoopingCall heartbeat = LoopingCall.of(reactor, () -> connection.sendPing());
 * heartbeat.start(Duration.ofSeconds(30))          // runs once now, then every 30 s
 *          .addErrback(failure -> {                  // the task threw: the loop has stopped
 *              log.log(ERROR, "heartbeat failed", failure.value());
 *              return heartbeat;
 *          });
 * // later
 * heartbeat.stop();                                  // fires start()'s Deferred with heartbeat
 * }
 *
 * <p><b>Schedule:</b> runs are due at the start time plus whole multiples of the interval. After
 * a run the next one is due at the first such instant strictly after the current time, so if a
 * run (or the reactor) is late, the missed intervals are skipped, not run in a burst to catch up.
 * {@link #withCount} tells the task how many intervals passed. With a zero interval the task runs
 * once per turn of the reactor's loop.
 *
 * <p><b>Tasks that return a Deferred</b> ({@link #ofDeferred}): the next run is not scheduled
 * until that Deferred fires, so runs never overlap; the next one is then due at the next interval
 * boundary after it fired.
 *
 * <p><b>Ending:</b> {@link #stop()} cancels the next run and fires the Deferred returned by
 * {@link #start} with this LoopingCall (if a task's Deferred is pending, once it fires). If the
 * task throws, or its Deferred fails, the loop stops and that Deferred fails with the same
 * failure — even if the task had called {@code stop()} first.
 *
 * <p><b>Threading:</b> create, start, stop and reset it on the reactor thread of its
 * {@link ReactorTime} (any thread, with a {@code net.reactor.testing.Clock}); the task runs
 * there.
 */
public final class LoopingCall {

    /**
     * A task for {@link #withCount}: told how many intervals elapsed since it last ran.
     */
    @FunctionalInterface
    public interface CountedTask {
        /**
         * Runs the task.
         *
         * @param count whole intervals since the previous run, at least 1 (1 when on time, more
         *     when runs were skipped; always 1 with a zero interval)
         * @throws Exception to stop the loop with this failure
         */
        void run(int count) throws Exception;
    }

    private final ReactorTime time;
    private final Body body;
    private boolean running;
    private long intervalNanos = -1;
    private long startTime;
    private boolean runAtStart;
    private @Nullable Deferred<LoopingCall> finished;
    private @Nullable DelayedCall nextRun;

    /** What one run does; it may return a Deferred to delay the next run. */
    @FunctionalInterface
    private interface Body {
        @Nullable Deferred<?> run(LoopingCall self) throws Exception;
    }

    private LoopingCall(ReactorTime time, Body body) {
        this.time = Objects.requireNonNull(time, "time");
        this.body = body;
    }

    /**
     * A looping call of a synchronous task.
     *
     * @param time the clock that schedules the runs (the reactor, or a test Clock)
     * @param task what to run each interval; throwing stops the loop
     * @return a looping call, not started
     */
    public static LoopingCall of(ReactorTime time, ThrowingRunnable task) {
        Objects.requireNonNull(task, "task");
        return new LoopingCall(time, self -> {
            task.run();
            return null;
        });
    }

    /**
     * A looping call of an asynchronous task: the next run waits until the task's Deferred
     * fires.
     *
     * @param time the clock that schedules the runs
     * @param task what to run each interval; its Deferred failing (or the task throwing) stops
     *     the loop; returning null counts as an immediate success
     * @return a looping call, not started
     */
    public static LoopingCall ofDeferred(ReactorTime time, ThrowingSupplier<? extends @Nullable Deferred<?>> task) {
        Objects.requireNonNull(task, "task");
        return new LoopingCall(time, self -> task.get());
    }

    /**
     * A looping call whose task is told how many intervals elapsed since it last ran (Twisted's
     * {@code LoopingCall.withCount}), for example to advance an animation by the right number of
     * frames after the process was suspended. The first run with {@code now == true} counts 1.
     * If a run comes early enough that no whole interval has passed, the task is not called.
     * After a {@link #stop()} and a new {@link #start}, the count still runs from the task's last
     * run, as in Twisted, so the first count after a restart includes the time it was stopped.
     *
     * @param time the clock that schedules the runs
     * @param task what to run, with the count
     * @return a looping call, not started
     */
    public static LoopingCall withCount(ReactorTime time, CountedTask task) {
        Objects.requireNonNull(task, "task");
        return new LoopingCall(time, new Counter(task));
    }

    /** The body of a {@link #withCount} loop: works out how many intervals passed. */
    private static final class Counter implements Body {
        private final CountedTask task;
        private boolean ranBefore;
        private long lastTime;

        Counter(CountedTask task) {
            this.task = task;
        }

        @Override
        public @Nullable Deferred<?> run(LoopingCall self) throws Exception {
            long now = self.time.nanoTime();
            long interval = self.intervalNanos;
            if (interval == 0) {
                lastTime = now;
                ranBefore = true;
                task.run(1);
                return null;
            }
            long previous = ranBefore ? lastTime : self.startTime - (self.runAtStart ? interval : 0);
            long count = self.intervalOf(now) - self.intervalOf(previous);
            if (count > 0) {
                lastTime = now;
                ranBefore = true;
                task.run((int) Math.min(count, Integer.MAX_VALUE));
            }
            return null;
        }
    }

    /**
     * Starts the loop with the first run now.
     *
     * @param interval time between runs, zero or more
     * @return fires with this LoopingCall after {@link #stop()}, or fails with the task's failure
     * @throws IllegalArgumentException if {@code interval} is negative
     * @throws IllegalStateException if it is already running
     */
    public Deferred<LoopingCall> start(Duration interval) {
        return start(interval, true);
    }

    /**
     * Starts the loop.
     *
     * @param interval time between runs, zero or more
     * @param now true to run the task at once, inside this call; false to run it first after one
     *     interval
     * @return fires with this LoopingCall after {@link #stop()}, or fails with the task's failure
     *     (already, if the first run failed inside this call)
     * @throws IllegalArgumentException if {@code interval} is negative
     * @throws IllegalStateException if it is already running
     */
    public Deferred<LoopingCall> start(Duration interval, boolean now) {
        Objects.requireNonNull(interval, "interval");
        if (running) {
            throw new IllegalStateException(this + " is already running");
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative: " + interval);
        }
        Deferred<LoopingCall> result = new Deferred<>();
        running = true;
        finished = result;
        intervalNanos = TimerQueue.nanos(interval);
        startTime = time.nanoTime();
        runAtStart = now;
        if (now) {
            runOnce();
        } else {
            scheduleFrom(startTime);
        }
        return result;
    }

    /**
     * Stops the loop: the next run is cancelled and the Deferred returned by {@link #start} fires
     * with this LoopingCall — at once, or, if the task's Deferred is pending, when it fires.
     *
     * @throws IllegalStateException if it is not running
     */
    public void stop() {
        if (!running) {
            throw new IllegalStateException(this + " is not running");
        }
        running = false;
        DelayedCall pending = nextRun;
        if (pending != null) {
            nextRun = null;
            pending.cancel();
            fireFinished();
        }
    }

    /**
     * Skips the pending run and restarts the interval from now: the next run is one interval
     * away. If the task's Deferred is pending, nothing changes.
     *
     * @throws IllegalStateException if it is not running
     */
    public void reset() {
        if (!running) {
            throw new IllegalStateException(this + " is not running");
        }
        DelayedCall pending = nextRun;
        if (pending != null) {
            nextRun = null;
            pending.cancel();
            startTime = time.nanoTime();
            scheduleFrom(startTime);
        }
    }

    /**
     * Whether the loop is running: between {@link #start} and {@link #stop()} or a failure.
     *
     * @return true while running
     */
    public boolean running() {
        return running;
    }

    /**
     * The interval given to the last {@link #start}.
     *
     * @return the interval, or null if never started
     */
    public @Nullable Duration interval() {
        return intervalNanos < 0 ? null : Duration.ofNanos(intervalNanos);
    }

    private void runOnce() {
        nextRun = null;
        Deferred<?> outcome;
        try {
            outcome = body.run(this);
        } catch (Throwable failure) {
            failed(new Failure(failure));
            return;
        }
        if (outcome == null) {
            succeeded();
            return;
        }
        outcome.addBoth(result -> {
            switch (result) {
                case Outcome.Success<?> ignored -> succeeded();
                case Outcome.Failed<?> f -> failed(f.failure());
            }
            return null;
        });
    }

    private void succeeded() {
        if (running) {
            scheduleFrom(time.nanoTime());
        } else {
            fireFinished();
        }
    }

    private void failed(Failure failure) {
        running = false;
        Deferred<LoopingCall> d = finished;
        finished = null;
        if (d != null) {
            d.errback(failure);
        }
    }

    private void fireFinished() {
        Deferred<LoopingCall> d = finished;
        finished = null;
        if (d != null) {
            d.callback(this);
        }
    }

    private void scheduleFrom(long when) {
        long delay;
        if (intervalNanos == 0) {
            delay = 0;
        } else {
            // Strictly after "when": a run exactly on a boundary waits for the next one.
            delay = intervalNanos - Math.floorMod(when - startTime, intervalNanos);
        }
        nextRun = time.callLater(Duration.ofNanos(delay), this::runOnce);
    }

    private long intervalOf(long t) {
        // Truncation toward zero, as Twisted's int(elapsed / interval).
        return (t - startTime) / intervalNanos;
    }

    @Override
    public String toString() {
        return "LoopingCall[" + (running ? "running every " + interval() : "stopped") + "]";
    }
}
