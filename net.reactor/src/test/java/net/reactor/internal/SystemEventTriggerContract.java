package net.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.deferred.Deferred;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import net.reactor.SystemEvent;
import net.reactor.SystemEventTrigger;
import net.reactor.TriggerPhase;
import org.junit.jupiter.api.Test;

/**
 * How start-up and shut-down triggers fire, written once and run against the real reactor and
 * against {@link net.reactor.testing.MemoryReactor}: the same scenario must give the same observed
 * order on both, or a test could pass on the fake and fail on the real thing.
 *
 * <p>Each scenario sets the reactor up before it runs (the creating thread may), runs it, and
 * then acts on the reactor thread through {@link #onReactor}. Subclasses say how to create, run,
 * reach and stop their reactor.
 */
abstract class SystemEventTriggerContract {
    /** What the triggers did, in order; written on the reactor thread, read on the test's. */
    final List<String> order = Collections.synchronizedList(new ArrayList<>());

    /** A reactor that has not run, with these options. */
    abstract Reactor create(ReactorOptions options);

    /** Runs the reactor created last; returns once its start-up triggers that can run have run. */
    abstract void start();

    /** Runs {@code action} on the reactor thread and returns once it (and what was queued before it) ran. */
    abstract void onReactor(Runnable action);

    /** Fails the test unless {@code stopped} completes; waits for it where there is something to wait for. */
    abstract void assertStops(CompletableFuture<Void> stopped) throws Exception;

    /** Lets {@code amount} of the reactor's time pass. */
    abstract void letTimePass(Duration amount) throws Exception;

    private Reactor create() {
        return create(ReactorOptions.defaults());
    }

    private SystemEventTrigger record(Reactor r, TriggerPhase phase, SystemEvent event, String label) {
        return r.addSystemEventTrigger(phase, event, () -> order.add(label));
    }

    private CompletableFuture<Void> stop(Reactor r) {
        CompletableFuture<CompletableFuture<Void>> stage = new CompletableFuture<>();
        onReactor(() -> stage.complete(r.stop().toCompletableFuture()));
        return stage.join();
    }

    @Test
    void phasesRunInOrderAndTheReactorIsRunningFromTheDuringPhaseOn() throws Exception {
        Reactor r = create();
        for (SystemEvent e : SystemEvent.values()) {
            for (TriggerPhase p : new TriggerPhase[] {TriggerPhase.AFTER, TriggerPhase.DURING, TriggerPhase.BEFORE}) {
                r.addSystemEventTrigger(p, e, () -> order.add(p + " " + e + " running=" + r.isRunning()));
            }
        }
        r.callWhenRunning(() -> order.add("callWhenRunning"));
        start();
        assertStops(stop(r));
        assertThat(order).containsExactly(
                "BEFORE STARTUP running=false", "DURING STARTUP running=true", "AFTER STARTUP running=true",
                "callWhenRunning",
                "BEFORE SHUTDOWN running=true", "DURING SHUTDOWN running=true", "AFTER SHUTDOWN running=true");
    }

    @Test
    void aDeferredFromADuringOrAfterStartupTriggerHoldsNothingUp() {
        Reactor r = create();
        Deferred<String> pending = new Deferred<>();
        r.addSystemEventTriggerDeferred(TriggerPhase.DURING, SystemEvent.STARTUP, () -> {
            order.add("during");
            return pending;
        });
        r.addSystemEventTriggerDeferred(TriggerPhase.AFTER, SystemEvent.STARTUP, () -> {
            order.add("after 1");
            return new Deferred<String>();
        });
        record(r, TriggerPhase.AFTER, SystemEvent.STARTUP, "after 2");
        r.callWhenRunning(() -> order.add("callWhenRunning"));
        start();
        assertThat(order).containsExactly("during", "after 1", "after 2", "callWhenRunning");
        onReactor(() -> pending.callback("late"));
        assertThat(order).hasSize(4);
    }

    @Test
    void aDeferredFromADuringOrAfterShutdownTriggerDoesNotHoldUpTheStop() throws Exception {
        Reactor r = create();
        r.addSystemEventTriggerDeferred(TriggerPhase.DURING, SystemEvent.SHUTDOWN, () -> {
            order.add("during");
            return new Deferred<String>();
        });
        r.addSystemEventTriggerDeferred(TriggerPhase.AFTER, SystemEvent.SHUTDOWN, () -> {
            order.add("after 1");
            return new Deferred<String>();
        });
        record(r, TriggerPhase.AFTER, SystemEvent.SHUTDOWN, "after 2");
        start();
        assertStops(stop(r));
        assertThat(order).containsExactly("during", "after 1", "after 2");
    }

    @Test
    void aTriggerAddedWhileItsPhaseRunsRunsInThatPhase() throws Exception {
        Reactor r = create();
        r.addSystemEventTrigger(TriggerPhase.BEFORE, SystemEvent.STARTUP, () -> {
            order.add("before 1");
            record(r, TriggerPhase.BEFORE, SystemEvent.STARTUP, "before 2, added by before 1");
            record(r, TriggerPhase.AFTER, SystemEvent.STARTUP, "after 2, added by before 1");
        });
        r.addSystemEventTrigger(TriggerPhase.AFTER, SystemEvent.STARTUP, () -> {
            order.add("after 1");
            record(r, TriggerPhase.AFTER, SystemEvent.STARTUP, "after 3, added by after 1");
        });
        r.addSystemEventTrigger(TriggerPhase.DURING, SystemEvent.SHUTDOWN, () -> {
            order.add("during shutdown 1");
            record(r, TriggerPhase.DURING, SystemEvent.SHUTDOWN, "during shutdown 2, added by during shutdown 1");
        });
        start();
        assertStops(stop(r));
        assertThat(order).containsExactly(
                "before 1", "before 2, added by before 1",
                "after 1", "after 2, added by before 1", "after 3, added by after 1",
                "during shutdown 1", "during shutdown 2, added by during shutdown 1");
    }

    @Test
    void aTriggerRemovedByAnEarlierTriggerOfItsPhaseDoesNotRun() throws Exception {
        Reactor r = create();
        List<SystemEventTrigger> later = new ArrayList<>();
        r.addSystemEventTrigger(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, () -> {
            order.add("before 1 removes before 2");
            r.removeSystemEventTrigger(later.getFirst());
        });
        later.add(record(r, TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, "before 2"));
        record(r, TriggerPhase.AFTER, SystemEvent.SHUTDOWN, "after");
        start();
        assertStops(stop(r));
        assertThat(order).containsExactly("before 1 removes before 2", "after");
    }

    @Test
    void removingATriggerTwiceIsAnErrorButRemovingOneThatRanIsNot() {
        Reactor r = create();
        SystemEventTrigger removed = record(r, TriggerPhase.DURING, SystemEvent.STARTUP, "removed");
        r.removeSystemEventTrigger(removed);
        assertThatThrownBy(() -> r.removeSystemEventTrigger(removed)).isInstanceOf(IllegalArgumentException.class);
        SystemEventTrigger ran = record(r, TriggerPhase.DURING, SystemEvent.STARTUP, "ran");
        start();
        List<Throwable> thrown = new ArrayList<>();
        onReactor(() -> {
            try {
                r.removeSystemEventTrigger(ran); // logged as a warning, as Twisted does
            } catch (RuntimeException e) {
                thrown.add(e);
            }
        });
        assertThat(thrown).isEmpty();
        assertThat(order).containsExactly("ran");
    }

    @Test
    void beforeShutdownDeferredsAreAwaitedTogetherAndHoldUpTheRest() throws Exception {
        Reactor r = create();
        Deferred<String> first = new Deferred<>();
        Deferred<String> second = new Deferred<>();
        r.addSystemEventTriggerDeferred(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, () -> {
            order.add("before 1");
            return first;
        });
        r.addSystemEventTriggerDeferred(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, () -> {
            order.add("before 2");
            return second;
        });
        record(r, TriggerPhase.DURING, SystemEvent.SHUTDOWN, "during");
        start();
        CompletableFuture<Void> stopped = stop(r);
        onReactor(() -> first.callback("one"));
        assertThat(order).containsExactly("before 1", "before 2");
        assertThat(stopped).isNotDone();
        onReactor(() -> second.callback("two"));
        assertStops(stopped);
        assertThat(order).containsExactly("before 1", "before 2", "during");
    }

    @Test
    void aBeforeShutdownDeferredThatNeverFiresHoldsUpTheStopForTheShutdownTimeoutOnly() throws Exception {
        Duration timeout = Duration.ofMillis(100);
        Reactor r = create(ReactorOptions.defaults().withShutdownTimeout(timeout));
        r.addSystemEventTriggerDeferred(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, () -> {
            order.add("before");
            return new Deferred<String>();
        });
        record(r, TriggerPhase.AFTER, SystemEvent.SHUTDOWN, "after");
        start();
        CompletableFuture<Void> stopped = stop(r);
        letTimePass(timeout);
        assertStops(stopped);
        assertThat(order).containsExactly("before", "after");
    }
}
