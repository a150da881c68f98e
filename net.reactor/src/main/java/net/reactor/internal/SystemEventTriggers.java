package net.reactor.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.reactor.DelayedCall;
import net.reactor.ReactorTime;
import net.reactor.SystemEvent;
import net.reactor.SystemEventTrigger;
import net.reactor.TriggerPhase;
import org.jspecify.annotations.Nullable;

/**
 * The system event triggers of one reactor and the three-phase firing of an event, as Twisted's
 * {@code _ThreePhaseEvent}: the "before" triggers run in FIFO order and the Deferreds they return
 * are awaited together (for shut-down, at most the reactor's shutdown timeout), then the
 * built-in "during" action, the "during" triggers, then the "after" triggers. A trigger that
 * throws, or whose Deferred fails, is logged and the firing goes on. Triggers are removed as they
 * run; triggers added to a phase that is running or still to come run in this firing.
 *
 * <p>The real reactor and {@code net.reactor.testing.MemoryReactor} both keep their triggers
 * here, so a test on the fake sees the firing order the real reactor gives. All either needs to
 * give is a clock for the shut-down bound and a logger.
 *
 * <p><b>Threading:</b> reactor thread only (or the creating thread before the reactor runs).
 */
public final class SystemEventTriggers {

    private final ReactorTime time;
    private final System.Logger log;
    private final Map<SystemEvent, EnumMap<TriggerPhase, ArrayDeque<Trigger>>> triggers = new EnumMap<>(SystemEvent.class);

    /**
     * Creates an empty set of triggers.
     *
     * @param time schedules the bound on the "before" Deferreds (see {@link #fire})
     * @param log where failing triggers and a bound that ran out are reported
     */
    public SystemEventTriggers(ReactorTime time, System.Logger log) {
        this.time = Objects.requireNonNull(time, "time");
        this.log = Objects.requireNonNull(log, "log");
        for (SystemEvent e : SystemEvent.values()) {
            EnumMap<TriggerPhase, ArrayDeque<Trigger>> phases = new EnumMap<>(TriggerPhase.class);
            for (TriggerPhase p : TriggerPhase.values()) {
                phases.put(p, new ArrayDeque<>());
            }
            triggers.put(e, phases);
        }
    }

    /**
     * Adds a trigger at the end of its phase's queue.
     *
     * @param phase when in the event it runs
     * @param event the event it waits for
     * @param action what it does; a Deferred it returns is awaited only in the "before" phase
     * @param description how logs name it
     * @return the handle {@link #remove} takes
     */
    public SystemEventTrigger add(TriggerPhase phase, SystemEvent event,
            Supplier<? extends @Nullable Deferred<?>> action, String description) {
        Trigger t = new Trigger(phase, event, action, description);
        triggers.get(event).get(phase).add(t);
        return t;
    }

    /**
     * Adds a trigger that returns nothing to wait for, named after {@code action}.
     *
     * @param phase when in the event it runs
     * @param event the event it waits for
     * @param action what it does
     * @return the handle {@link #remove} takes
     */
    public SystemEventTrigger add(TriggerPhase phase, SystemEvent event, Runnable action) {
        Objects.requireNonNull(action, "action");
        return add(phase, event, action, String.valueOf(action));
    }

    /**
     * Adds a {@code callWhenRunning} task for a reactor that is not running yet: it runs after
     * start-up, with the "after" triggers, in the order it was added.
     *
     * @param task what to run
     * @return the handle {@link #remove} takes
     */
    public SystemEventTrigger addWhenRunning(Runnable task) {
        Objects.requireNonNull(task, "task");
        return add(TriggerPhase.AFTER, SystemEvent.STARTUP, task, "callWhenRunning(" + task + ")");
    }

    private SystemEventTrigger add(TriggerPhase phase, SystemEvent event, Runnable action, String description) {
        return add(phase, event, () -> {
            action.run();
            return null;
        }, description);
    }

    /**
     * Removes a trigger that has not run. Removing one that has run is logged, not refused, as in
     * Twisted: whether it ran may depend on timing the caller cannot see.
     *
     * @param handle a handle {@link #add} returned
     * @throws IllegalArgumentException if the trigger is not one of these, or was removed already
     */
    public void remove(SystemEventTrigger handle) {
        Objects.requireNonNull(handle, "trigger");
        if (!(handle instanceof Trigger t) || t.owner() != this) {
            throw new IllegalArgumentException("not a trigger of this reactor: " + handle);
        }
        switch (t.state) {
            case Trigger.REMOVED -> throw new IllegalArgumentException("trigger already removed: " + t);
            case Trigger.RAN -> log.log(Level.WARNING, "removing trigger {0}, which has already run", t);
            default -> {
                triggers.get(t.event).get(t.phase).remove(t);
                t.state = Trigger.REMOVED;
            }
        }
    }

    /**
     * The triggers that have neither run nor been removed.
     *
     * @return a snapshot, by event, then phase, then the order they were added
     */
    public List<SystemEventTrigger> pending() {
        List<SystemEventTrigger> all = new ArrayList<>();
        for (EnumMap<TriggerPhase, ArrayDeque<Trigger>> phases : triggers.values()) {
            for (ArrayDeque<Trigger> phase : phases.values()) {
                all.addAll(phase);
            }
        }
        return List.copyOf(all);
    }

    /**
     * Fires {@code event}: before triggers, waiting for their Deferreds (at most {@code bound},
     * or without bound when null), then {@code builtInDuring}, the during and after triggers,
     * then {@code done}.
     *
     * @param event the event to fire
     * @param bound how long the "before" Deferreds may hold up the rest, on this set's clock; null
     *     for no bound
     * @param builtInDuring the reactor's own action, first in the "during" phase
     * @param done runs once the "after" triggers have run
     */
    public void fire(SystemEvent event, @Nullable Duration bound, Runnable builtInDuring, Runnable done) {
        EnumMap<TriggerPhase, ArrayDeque<Trigger>> phases = triggers.get(event);
        List<Deferred<?>> waits = new ArrayList<>();
        ArrayDeque<Trigger> before = phases.get(TriggerPhase.BEFORE);
        for (Trigger t = before.poll(); t != null; t = before.poll()) {
            Deferred<?> d = t.run();
            if (d != null && !d.called()) {
                waits.add(d);
            } else if (d != null) {
                logIfFailed(t, d);
            }
        }
        Runnable rest = () -> {
            runSafely("built-in " + event + " action", builtInDuring);
            runPhase(phases.get(TriggerPhase.DURING));
            runPhase(phases.get(TriggerPhase.AFTER));
            done.run();
        };
        if (waits.isEmpty()) {
            rest.run();
            return;
        }
        new Join(event, waits, bound, rest).start();
    }

    private void logIfFailed(Trigger t, Deferred<?> d) {
        whenFired(d, o -> {
            if (o instanceof Outcome.Failed<?> f) {
                log.log(Level.ERROR, "system event trigger " + t + " failed", f.failure().value());
            }
        });
    }

    private void runPhase(ArrayDeque<Trigger> phase) {
        for (Trigger t = phase.poll(); t != null; t = phase.poll()) {
            Deferred<?> d = t.run();
            if (d != null) {
                logIfFailed(t, d);
            }
        }
    }

    private void runSafely(String what, Runnable r) {
        try {
            r.run();
        } catch (Throwable e) {
            log.log(Level.ERROR, what + " failed", e);
        }
    }

    /** Adds a callback that sees the outcome and passes nothing on (the failure is consumed). */
    private static <T> void whenFired(Deferred<T> d, java.util.function.Consumer<Outcome<T>> action) {
        d.addBoth(o -> {
            action.accept(o);
            return null;
        });
    }

    /** Waits for the "before" Deferreds, with an optional bound. */
    private final class Join {
        private final SystemEvent event;
        private final List<Deferred<?>> waits;
        private final @Nullable Duration bound;
        private final Runnable then;
        private int pending;
        private boolean finished;
        private @Nullable DelayedCall timeout;

        Join(SystemEvent event, List<Deferred<?>> waits, @Nullable Duration bound, Runnable then) {
            this.event = event;
            this.waits = waits;
            this.bound = bound;
            this.then = then;
            this.pending = waits.size();
        }

        void start() {
            if (bound != null) {
                timeout = time.callLater(bound, this::timedOut);
            }
            for (Deferred<?> d : waits) {
                whenFired(d, this::oneFired);
            }
        }

        private void oneFired(Outcome<?> o) {
            if (o instanceof Outcome.Failed<?> f) {
                log.log(Level.ERROR, "a \"before " + event + "\" trigger's Deferred failed", f.failure().value());
            }
            if (--pending == 0) {
                finish();
            }
        }

        private void timedOut() {
            timeout = null;
            if (!finished) {
                log.log(Level.WARNING, "{0} of the \"before {1}\" triggers'' Deferreds did not fire within {2};"
                        + " going on without them", pending, event, bound);
                finish();
            }
        }

        private void finish() {
            if (finished) {
                return;
            }
            finished = true;
            DelayedCall t = timeout;
            if (t != null && t.active()) {
                t.cancel();
            }
            then.run();
        }
    }

    /** One registered trigger. */
    private final class Trigger implements SystemEventTrigger {
        static final int PENDING = 0;
        static final int RAN = 1;
        static final int REMOVED = 2;

        final TriggerPhase phase;
        final SystemEvent event;
        final Supplier<? extends @Nullable Deferred<?>> action;
        final String description;
        int state = PENDING;

        Trigger(TriggerPhase phase, SystemEvent event, Supplier<? extends @Nullable Deferred<?>> action,
                String description) {
            this.phase = Objects.requireNonNull(phase, "phase");
            this.event = Objects.requireNonNull(event, "event");
            this.action = Objects.requireNonNull(action, "action");
            this.description = description;
        }

        SystemEventTriggers owner() {
            return SystemEventTriggers.this;
        }

        @Nullable Deferred<?> run() {
            state = RAN;
            try {
                return action.get();
            } catch (Throwable e) {
                log.log(Level.ERROR, "system event trigger " + this + " failed", e);
                return null;
            }
        }

        @Override
        public TriggerPhase phase() {
            return phase;
        }

        @Override
        public SystemEvent event() {
            return event;
        }

        @Override
        public String toString() {
            return phase.name().toLowerCase(java.util.Locale.ROOT) + " " + event.name().toLowerCase(java.util.Locale.ROOT)
                    + " trigger " + description;
        }
    }
}
