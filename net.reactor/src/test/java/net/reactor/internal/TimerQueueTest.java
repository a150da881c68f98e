package net.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;
import net.reactor.DelayedCall;
import org.junit.jupiter.api.Test;

class TimerQueueTest {
    private long now;
    private final List<Throwable> errors = new ArrayList<>();
    private final Consumer<Throwable> onError = errors::add;
    private final TimerQueue queue = new TimerQueue(() -> now, () -> {});
    private final List<String> log = new ArrayList<>();

    private Runnable record(String name) {
        return () -> log.add(name);
    }

    @Test
    void negativeDelayIsRefused() {
        assertThatThrownBy(() -> queue.schedule(-1, record("a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThat(queue.size()).isZero();
    }

    @Test
    void emptyQueueIsNeverDue() {
        assertThat(queue.nextDueTime()).isEqualTo(Long.MAX_VALUE);
        assertThat(queue.runDue(Long.MAX_VALUE, onError)).isZero();
    }

    @Test
    void runsDueCallsInTimeOrderAndLeavesTheRest() {
        now = 100;
        queue.schedule(30, record("c"));
        queue.schedule(10, record("a"));
        queue.schedule(20, record("b"));
        queue.schedule(40, record("d"));

        assertThat(queue.nextDueTime()).isEqualTo(110);
        assertThat(queue.runDue(130, onError)).isEqualTo(3);
        assertThat(log).containsExactly("a", "b", "c");
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.nextDueTime()).isEqualTo(140);
    }

    @Test
    void callsDueAtTheSameTimeRunInSchedulingOrder() {
        for (int i = 0; i < 100; i++) {
            queue.schedule(5, record("x" + i));
        }
        queue.runDue(5, onError);
        assertThat(log).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 100).mapToObj(i -> "x" + i).toList());
    }

    @Test
    void getTimeIsTheAbsoluteDueTimeOnTheClock() {
        now = 1_000;
        DelayedCall call = queue.schedule(250, record("a"));
        assertThat(call.getTime()).isEqualTo(1_250);
    }

    @Test
    void zeroDelayCallScheduledByARunningCallWaitsForTheNextPass() {
        queue.schedule(0, () -> {
            log.add("first");
            queue.schedule(0, record("scheduled-while-running"));
        });
        queue.schedule(0, record("second"));

        assertThat(queue.runDue(0, onError)).isEqualTo(2);
        assertThat(log).containsExactly("first", "second");
        assertThat(queue.size()).isEqualTo(1);

        assertThat(queue.runDue(0, onError)).isEqualTo(1);
        assertThat(log).containsExactly("first", "second", "scheduled-while-running");
    }

    @Test
    void callScheduledDuringAPassThatWouldSortFirstIsStillHeldForTheNextPass() {
        // runDue's "now" is ahead of the clock, so a new call can be due earlier than old ones.
        queue.schedule(50, () -> {
            log.add("old-50");
            queue.schedule(0, record("new-at-0"));
        });
        queue.schedule(80, record("old-80"));

        assertThat(queue.runDue(100, onError)).isEqualTo(2);
        assertThat(log).containsExactly("old-50", "old-80");
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.nextDueTime()).isZero();
        queue.runDue(100, onError);
        assertThat(log).containsExactly("old-50", "old-80", "new-at-0");
    }

    @Test
    void aHeldCallIsCountedAndListedWhileThePassRuns() {
        List<Integer> sizes = new ArrayList<>();
        List<Integer> listed = new ArrayList<>();
        queue.schedule(0, () -> queue.schedule(0, record("held")));
        queue.schedule(0, () -> {
            sizes.add(queue.size());
            listed.add(queue.pending().size());
        });
        queue.runDue(0, onError);
        assertThat(sizes).containsExactly(1);
        assertThat(listed).containsExactly(1);
    }

    @Test
    void aHeldCallCancelledDuringThePassNeverRuns() {
        DelayedCall[] held = new DelayedCall[1];
        queue.schedule(0, () -> held[0] = queue.schedule(0, record("held")));
        queue.schedule(0, () -> held[0].cancel());
        queue.runDue(0, onError);
        assertThat(queue.size()).isZero();
        assertThat(queue.runDue(0, onError)).isZero();
        assertThat(log).isEmpty();
        assertThat(held[0].cancelled()).isTrue();
    }

    @Test
    void aHeldCallMovedDuringThePassKeepsItsNewTime() {
        DelayedCall[] held = new DelayedCall[1];
        queue.schedule(0, () -> held[0] = queue.schedule(0, record("held")));
        queue.schedule(0, () -> held[0].delay(Duration.ofNanos(40)));
        queue.runDue(0, onError);
        assertThat(queue.nextDueTime()).isEqualTo(40);
        assertThat(queue.runDue(39, onError)).isZero();
        assertThat(queue.runDue(40, onError)).isEqualTo(1);
        assertThat(log).containsExactly("held");
    }

    @Test
    void aPendingCallMovedSoonerDuringAPassRunsInThatPassIfDue() {
        DelayedCall later = queue.schedule(500, record("later"));
        queue.schedule(10, () -> {
            log.add("mover");
            later.reset(Duration.ZERO);
        });
        assertThat(queue.runDue(10, onError)).isEqualTo(2);
        assertThat(log).containsExactly("mover", "later");
    }

    @Test
    void aThrowingCallGoesToOnErrorAndTheOthersStillRun() {
        IllegalStateException boom = new IllegalStateException("boom");
        queue.schedule(1, record("a"));
        DelayedCall failing = queue.schedule(2, () -> {
            throw boom;
        });
        queue.schedule(3, record("c"));

        assertThat(queue.runDue(3, onError)).isEqualTo(3);
        assertThat(log).containsExactly("a", "c");
        assertThat(errors).containsExactly(boom);
        assertThat(failing.called()).isTrue();
        assertThat(failing.active()).isFalse();
    }

    @Test
    void anOnErrorThatThrowsLeavesTheRemainingCallsPending() {
        queue.schedule(1, () -> {
            throw new IllegalStateException("boom");
        });
        queue.schedule(2, record("b"));
        queue.schedule(0, () -> queue.schedule(0, record("held")));
        assertThatThrownBy(() -> queue.runDue(5, failure -> {
                    throw new IllegalArgumentException("handler failed", failure);
                }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(queue.size()).isEqualTo(2);
        queue.runDue(5, onError);
        assertThat(log).containsExactly("held", "b");
    }

    @Test
    void cancelRemovesTheCallAtOnce() {
        DelayedCall a = queue.schedule(10, record("a"));
        queue.schedule(20, record("b"));
        a.cancel();
        assertThat(a.active()).isFalse();
        assertThat(a.cancelled()).isTrue();
        assertThat(a.called()).isFalse();
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.pending()).doesNotContain(a);
        assertThat(queue.nextDueTime()).isEqualTo(20);
        queue.runDue(100, onError);
        assertThat(log).containsExactly("b");
    }

    @Test
    void cancellingTwiceSaysItWasAlreadyCancelled() {
        DelayedCall a = queue.schedule(10, record("a"));
        a.cancel();
        assertThatThrownBy(a::cancel)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already been cancelled");
    }

    @Test
    void cancellingACallThatRanSaysItWasAlreadyCalled() {
        DelayedCall a = queue.schedule(0, record("a"));
        queue.runDue(0, onError);
        assertThat(a.called()).isTrue();
        assertThatThrownBy(a::cancel)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already been called");
    }

    @Test
    void aCallIsMarkedCalledBeforeItRunsSoItCannotCancelItself() {
        DelayedCall[] self = new DelayedCall[1];
        List<Throwable> fromInside = new ArrayList<>();
        self[0] = queue.schedule(0, () -> {
            assertThat(self[0].called()).isTrue();
            try {
                self[0].cancel();
            } catch (IllegalStateException expected) {
                fromInside.add(expected);
            }
        });
        queue.runDue(0, onError);
        assertThat(errors).isEmpty();
        assertThat(fromInside).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("already been called"));
    }

    @Test
    void resetMovesTheCallRelativeToNow() {
        now = 100;
        DelayedCall a = queue.schedule(10, record("a"));
        now = 105;
        a.reset(Duration.ofNanos(50));
        assertThat(a.getTime()).isEqualTo(155);
        assertThat(queue.runDue(154, onError)).isZero();
        assertThat(queue.runDue(155, onError)).isEqualTo(1);
    }

    @Test
    void resetCanBringACallForward() {
        DelayedCall a = queue.schedule(1_000, record("a"));
        queue.schedule(500, record("b"));
        a.reset(Duration.ofNanos(100));
        assertThat(queue.nextDueTime()).isEqualTo(100);
        queue.runDue(1_000, onError);
        assertThat(log).containsExactly("a", "b");
    }

    @Test
    void delayMovesTheCallRelativeToItsCurrentTime() {
        now = 100;
        DelayedCall a = queue.schedule(10, record("a"));
        now = 105;
        a.delay(Duration.ofNanos(50));
        assertThat(a.getTime()).isEqualTo(160);
        a.delay(Duration.ofNanos(-100));
        assertThat(a.getTime()).isEqualTo(60);
        assertThat(queue.nextDueTime()).isEqualTo(60);
    }

    @Test
    void aMovedCallKeepsItsSchedulingOrderAmongEqualTimes() {
        // Twisted's Clock keeps a stable order for reschedules: the earlier-scheduled call wins ties.
        DelayedCall a = queue.schedule(1, record("a"));
        queue.schedule(3, record("b"));
        a.reset(Duration.ofNanos(3));
        queue.runDue(3, onError);
        assertThat(log).containsExactly("a", "b");
    }

    @Test
    void aCallResetLaterRunsAfterACallScheduledBetween() {
        // test_callLaterKeepsCallsOrdered from Twisted's test_task.
        DelayedCall a = queue.schedule(1, record("a"));
        a.reset(Duration.ofNanos(3));
        queue.schedule(2, record("b"));
        for (int t = 1; t <= 3; t++) {
            queue.runDue(t, onError);
        }
        assertThat(log).containsExactly("b", "a");
    }

    @Test
    void resetAndDelayRefuseCallsThatRanOrWereCancelled() {
        DelayedCall ran = queue.schedule(0, record("ran"));
        queue.runDue(0, onError);
        DelayedCall cancelled = queue.schedule(10, record("cancelled"));
        cancelled.cancel();

        assertThatThrownBy(() -> ran.reset(Duration.ZERO)).hasMessageContaining("reset").hasMessageContaining("already been called");
        assertThatThrownBy(() -> ran.delay(Duration.ZERO)).hasMessageContaining("delay").hasMessageContaining("already been called");
        assertThatThrownBy(() -> cancelled.reset(Duration.ZERO)).isInstanceOf(IllegalStateException.class).hasMessageContaining("already been cancelled");
        assertThatThrownBy(() -> cancelled.delay(Duration.ZERO)).isInstanceOf(IllegalStateException.class).hasMessageContaining("already been cancelled");
    }

    @Test
    void aMillionCallsScheduledThenCancelledLeaveNothingBehind() {
        SplittableRandom random = new SplittableRandom(42);
        List<DelayedCall> calls = new ArrayList<>(1_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            calls.add(queue.schedule(random.nextLong(1_000_000_000L), () -> {}));
        }
        assertThat(queue.size()).isEqualTo(1_000_000);
        // Cancel in an order unrelated to the heap's, so removals come from everywhere in it.
        for (int i = 0; i < calls.size(); i += 2) {
            calls.get(i).cancel();
        }
        for (int i = calls.size() - 1; i > 0; i -= 2) {
            calls.get(i).cancel();
        }
        assertThat(queue.size()).isZero();
        assertThat(queue.capacity()).isZero();
        assertThat(queue.nextDueTime()).isEqualTo(Long.MAX_VALUE);
        assertThat(queue.pending()).isEmpty();
    }

    @Test
    void theBackingArrayShrinksAsCallsGoAway() {
        List<DelayedCall> calls = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            calls.add(queue.schedule(i, () -> {}));
        }
        int full = queue.capacity();
        for (int i = 0; i < 9_990; i++) {
            calls.get(i).cancel();
        }
        assertThat(queue.capacity()).isLessThan(full / 100);
        assertThat(queue.size()).isEqualTo(10);
    }

    /** Random schedules, cancels, resets and delays, checked against a sorted reference model. */
    @Test
    void matchesASortedModelUnderRandomOperations() {
        record Model(long time, long order, String name) {}
        SplittableRandom random = new SplittableRandom(7);
        TreeSet<Model> model = new TreeSet<>(Comparator.comparingLong(Model::time).thenComparingLong(Model::order));
        List<DelayedCall> live = new ArrayList<>();
        List<Model> liveModel = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        long order = 0;
        for (int step = 0; step < 20_000; step++) {
            int op = random.nextInt(10);
            if (op < 5 || live.isEmpty()) {
                String name = "c" + step;
                long delay = random.nextLong(1_000);
                live.add(queue.schedule(delay, record(name)));
                Model m = new Model(now + delay, order++, name);
                liveModel.add(m);
                model.add(m);
            } else if (op < 7) {
                int i = random.nextInt(live.size());
                live.remove(i).cancel();
                model.remove(liveModel.remove(i));
            } else if (op < 8) {
                int i = random.nextInt(live.size());
                long delay = random.nextLong(1_000);
                live.get(i).reset(Duration.ofNanos(delay));
                Model old = liveModel.get(i);
                model.remove(old);
                Model moved = new Model(now + delay, old.order(), old.name());
                liveModel.set(i, moved);
                model.add(moved);
            } else if (op < 9) {
                int i = random.nextInt(live.size());
                long by = random.nextLong(-500, 500);
                live.get(i).delay(Duration.ofNanos(by));
                Model old = liveModel.get(i);
                model.remove(old);
                Model moved = new Model(old.time() + by, old.order(), old.name());
                liveModel.set(i, moved);
                model.add(moved);
            } else {
                now += random.nextLong(300);
                while (!model.isEmpty() && model.first().time() <= now) {
                    Model due = model.pollFirst();
                    expected.add(due.name());
                    int i = liveModel.indexOf(due);
                    liveModel.remove(i);
                    live.remove(i);
                }
                queue.runDue(now, onError);
                assertThat(log).isEqualTo(expected);
            }
            assertThat(queue.size()).isEqualTo(model.size());
            assertThat(queue.nextDueTime()).isEqualTo(model.isEmpty() ? Long.MAX_VALUE : model.first().time());
        }
    }

    @Test
    void everyMutationRunsTheThreadCheckFirst() {
        boolean[] refuse = {false};
        TimerQueue guarded = new TimerQueue(() -> now, () -> {
            if (refuse[0]) {
                throw new WrongThreadException("use callFromThread");
            }
        });
        DelayedCall call = guarded.schedule(10, record("a"));
        refuse[0] = true;

        assertThatThrownBy(() -> guarded.schedule(1, record("b"))).isInstanceOf(WrongThreadException.class);
        assertThatThrownBy(call::cancel).isInstanceOf(WrongThreadException.class);
        assertThatThrownBy(() -> call.reset(Duration.ZERO)).isInstanceOf(WrongThreadException.class);
        assertThatThrownBy(() -> call.delay(Duration.ZERO)).isInstanceOf(WrongThreadException.class);
        assertThatThrownBy(() -> guarded.runDue(100, onError)).isInstanceOf(WrongThreadException.class);
        // Nothing changed, and reads still work.
        assertThat(guarded.size()).isEqualTo(1);
        assertThat(call.active()).isTrue();
        assertThat(call.getTime()).isEqualTo(10);
        assertThat(guarded.nextDueTime()).isEqualTo(10);
    }

    @Test
    void hugeDelaysSaturateInsteadOfOverflowing() {
        now = 1_000;
        DelayedCall call = queue.schedule(Long.MAX_VALUE, record("never"));
        assertThat(call.getTime()).isEqualTo(Long.MAX_VALUE);
        call.reset(Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(call.getTime()).isEqualTo(Long.MAX_VALUE);
        call.delay(Duration.ofSeconds(Long.MIN_VALUE));
        assertThat(call.getTime()).isLessThan(0);
        assertThat(TimerQueue.nanos(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThat(TimerQueue.nanos(Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
        assertThat(TimerQueue.nanos(Duration.ofMillis(1500))).isEqualTo(1_500_000_000L);
    }

    @Test
    void nestedRunDueFromInsideACallKeepsOrder() {
        queue.schedule(1, () -> {
            log.add("outer");
            queue.schedule(0, record("inner-new"));
            queue.runDue(5, onError);
        });
        queue.schedule(2, record("old-2"));
        queue.schedule(7, record("old-7"));
        queue.runDue(10, onError);
        // The nested pass started after inner-new was scheduled, so inner-new is its to run.
        assertThat(log).containsExactly("outer", "inner-new", "old-2", "old-7");
        assertThat(queue.size()).isZero();
    }

    @Test
    void toStringSaysWhenAndWhat() {
        Runnable task = new Runnable() {
            @Override
            public void run() {}

            @Override
            public String toString() {
                return "flushLog";
            }
        };
        DelayedCall call = queue.schedule(1_500_000_000L, task);
        assertThat(call.toString()).contains("due in 1.500000s").contains("flushLog");
        call.cancel();
        assertThat(call.toString()).contains("cancelled").doesNotContain("flushLog");
        DelayedCall ran = queue.schedule(0, task);
        queue.runDue(0, onError);
        assertThat(ran.toString()).contains("called");
        assertThat(queue.toString()).contains("pending=0");
    }
}
