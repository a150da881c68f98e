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
 * <p><b>Threading:</b> reactor thread only (or the creating thread before the reactor runs).
 */
final class SystemEventTriggers {

    private final SelectReactor reactor;
    private final Map<SystemEvent, EnumMap<TriggerPhase, ArrayDeque<Trigger>>> triggers = new EnumMap<>(SystemEvent.class);

    SystemEventTriggers(SelectReactor reactor) {
        this.reactor = reactor;
        for (SystemEvent e : SystemEvent.values()) {
            EnumMap<TriggerPhase, ArrayDeque<Trigger>> phases = new EnumMap<>(TriggerPhase.class);
            for (TriggerPhase p : TriggerPhase.values()) {
                phases.put(p, new ArrayDeque<>());
            }
            triggers.put(e, phases);
        }
    }

    SystemEventTrigger add(TriggerPhase phase, SystemEvent event, Supplier<? extends @Nullable Deferred<?>> action,
            String description) {
        Trigger t = new Trigger(phase, event, action, description);
        triggers.get(event).get(phase).add(t);
        return t;
    }

    void remove(SystemEventTrigger handle) {
        Objects.requireNonNull(handle, "trigger");
        if (!(handle instanceof Trigger t) || t.owner() != this) {
            throw new IllegalArgumentException("not a trigger of this reactor: " + handle);
        }
        switch (t.state) {
            case Trigger.REMOVED -> throw new IllegalArgumentException("trigger already removed: " + t);
            case Trigger.RAN -> reactor.log().log(Level.WARNING, "removing trigger {0}, which has already run", t);
            default -> {
                triggers.get(t.event).get(t.phase).remove(t);
                t.state = Trigger.REMOVED;
            }
        }
    }

    /**
     * Fires {@code event}: before triggers, waiting for their Deferreds (at most {@code bound},
     * or without bound when null), then {@code builtInDuring}, the during and after triggers,
     * then {@code done}.
     */
    void fire(SystemEvent event, @Nullable Duration bound, Runnable builtInDuring, Runnable done) {
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
                reactor.log().log(Level.ERROR, "system event trigger " + t + " failed", f.failure().value());
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
            reactor.log().log(Level.ERROR, what + " failed", e);
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
                timeout = reactor.callLater(bound, this::timedOut);
            }
            for (Deferred<?> d : waits) {
                whenFired(d, this::oneFired);
            }
        }

        private void oneFired(Outcome<?> o) {
            if (o instanceof Outcome.Failed<?> f) {
                reactor.log().log(Level.ERROR, "a \"before " + event + "\" trigger's Deferred failed", f.failure().value());
            }
            if (--pending == 0) {
                finish();
            }
        }

        private void timedOut() {
            timeout = null;
            if (!finished) {
                reactor.log().log(Level.WARNING, "{0} of the \"before {1}\" triggers'' Deferreds did not fire within {2};"
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
                reactor.log().log(Level.ERROR, "system event trigger " + this + " failed", e);
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
