package net.reactor;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import net.deferred.Deferred;

/**
 * The reactor's lifecycle: running, stopping, and the system event triggers that run around
 * start-up and shut-down.
 *
 * <p><b>Threading:</b> {@link #run()} turns the calling thread into the reactor thread.
 * {@link #stop()}, {@link #isRunning()} and {@link #isReactorThread()} are safe from any thread.
 * The other methods may be called, before the reactor runs, by the thread that created it, and
 * once it runs only on the reactor thread; a call from another thread fails with
 * {@link WrongThreadException}. Other threads get there with
 * {@link ReactorThreads#callFromThread(Runnable)}.
 */
public interface ReactorCore {

    /**
     * Runs the event loop on the calling thread until {@link #stop()} completes. Start-up
     * triggers and {@link #callWhenRunning} tasks run first.
     *
     * @throws ReactorAlreadyRunningException if the reactor is already running
     * @throws ReactorNotRestartableException if it has already run and stopped
     * @throws WrongThreadException if called on a virtual thread (the reactor thread is a platform
     *     thread; use {@link #start(String)})
     */
    void run();

    /**
     * Runs the event loop on a new platform thread with the given name, as {@link #run()} would.
     *
     * @param threadName the reactor thread's name
     * @return the started thread
     * @throws ReactorAlreadyRunningException if the reactor is already running
     * @throws ReactorNotRestartableException if it has already run and stopped
     */
    Thread start(String threadName);

    /**
     * Asks the reactor to stop: "before shutdown" triggers run (a trigger's Deferred delays the
     * shutdown, up to a bound), every listening port and connection is closed (each protocol gets
     * {@code connectionLost}), "during" and "after" triggers run, and the loop returns. Safe from
     * any thread; calling it again returns the same stage.
     *
     * <p>Shutdown happens in the loop's next turn, never inside this call. Stopping an idle
     * reactor takes one turn of the loop (no quiet period). When the stage completes, every port
     * and socket is closed, the thread pool has stopped (bounded by the shutdown timeout), the
     * stall detector's thread has ended, and pending {@link ReactorThreads#blockingCallFromThread}
     * calls have failed with {@link ReactorNotRunningException}.
     *
     * @return completes (on the reactor thread) when the reactor has stopped
     * @throws ReactorNotRunningException if the reactor was never started (Twisted's
     *     ReactorNotRunning)
     */
    CompletionStage<Void> stop();

    /**
     * Whether the event loop is running.
     *
     * @return true from the "during startup" phase (as Twisted: false while "before startup"
     *     triggers run) until shutdown has finished
     */
    boolean isRunning();

    /**
     * Whether the calling thread is this reactor's thread.
     *
     * @return true on the reactor thread
     */
    boolean isReactorThread();

    /**
     * Runs {@code task} on the reactor thread once the reactor is running (at once, on the
     * reactor thread, if it already is).
     *
     * @param task what to run
     */
    void callWhenRunning(Runnable task);

    /**
     * Adds a trigger that runs {@code action} in the given phase of the given event.
     *
     * @param phase before, during or after the event
     * @param event start-up or shut-down
     * @param action what to run on the reactor thread
     * @return a handle for {@link #removeSystemEventTrigger}
     */
    SystemEventTrigger addSystemEventTrigger(TriggerPhase phase, SystemEvent event, Runnable action);

    /**
     * Adds a trigger whose action returns a Deferred; the next phase waits until it fires (for
     * "before shutdown", up to the reactor's shutdown bound).
     *
     * @param phase before, during or after the event
     * @param event start-up or shut-down
     * @param action what to run on the reactor thread
     * @return a handle for {@link #removeSystemEventTrigger}
     */
    SystemEventTrigger addSystemEventTriggerDeferred(
            TriggerPhase phase, SystemEvent event, Supplier<? extends Deferred<?>> action);

    /**
     * Removes a trigger that has not run yet. Removing one that has already run only logs a
     * warning (Twisted warns for an already-run "before" trigger).
     *
     * @param trigger a handle returned by this reactor
     * @throws IllegalArgumentException if the trigger is unknown or already removed
     */
    void removeSystemEventTrigger(SystemEventTrigger trigger);
}
