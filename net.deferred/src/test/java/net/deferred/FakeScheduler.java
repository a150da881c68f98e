package net.deferred;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A manual clock for tests: tasks run only when {@link #advance} passes their due time. */
final class FakeScheduler implements Scheduler {
    private Duration now = Duration.ZERO;
    private final List<Call> calls = new ArrayList<>();

    final class Call implements ScheduledCall {
        final Duration due;
        final Runnable task;
        boolean ran;
        boolean cancelled;

        Call(Duration due, Runnable task) {
            this.due = due;
            this.task = task;
        }

        @Override
        public void cancel() {
            if (!active()) {
                throw new IllegalStateException("call already " + (ran ? "ran" : "cancelled"));
            }
            cancelled = true;
            calls.remove(this);
        }

        @Override
        public boolean active() {
            return !ran && !cancelled;
        }
    }

    @Override
    public ScheduledCall callLater(Duration delay, Runnable task) {
        Call call = new Call(now.plus(delay), task);
        calls.add(call);
        return call;
    }

    void advance(Duration by) {
        now = now.plus(by);
        List<Call> due = new ArrayList<>();
        for (Call call : calls) {
            if (call.due.compareTo(now) <= 0) {
                due.add(call);
            }
        }
        for (Call call : due) {
            if (call.active()) {
                calls.remove(call);
                call.ran = true;
                call.task.run();
            }
        }
    }

    List<Call> pending() {
        return List.copyOf(calls);
    }
}
