package net.reactor.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import net.reactor.DelayedCall;
import org.jspecify.annotations.Nullable;

/**
 * The timer heap behind every {@code callLater}: the real reactor's and the fake
 * {@code net.reactor.testing.Clock}'s.
 *
 * <p>An indexed binary min-heap ordered by (due time, sequence number). Each pending call knows
 * its slot, so {@code cancel}, {@code reset} and {@code delay} are O(log n) removals or sifts and a
 * cancelled call leaves the heap at once: nothing lingers until its due time, and the backing
 * array shrinks as calls go away. The sequence number is taken when a call is scheduled and kept
 * when it is moved, so calls due at the same instant run in the order they were scheduled (the
 * order Twisted's {@code task.Clock} gives; its real reactor promises no order for ties).
 *
 * <p>Times are {@code long} nanoseconds on the clock given to the constructor, compared as signed
 * values; additions saturate at {@link Long#MAX_VALUE} and {@link Long#MIN_VALUE}, so an absurdly
 * long delay means "never" rather than an overflow into the past.
 *
 * <p><b>Threading:</b> not thread-safe. The {@code threadCheck} hook runs at the start of every
 * mutating call ({@link #schedule}, {@link #runDue}, and {@code cancel}, {@code reset} and
 * {@code delay} on a call) and is expected to throw {@link WrongThreadException} when the caller
 * may not touch the queue. The reads ({@link #size()}, {@link #nextDueTime()},
 * {@link #pending()}) do not check.
 */
public final class TimerQueue {
    private static final int INITIAL_CAPACITY = 16;
    private static final Entry[] EMPTY = new Entry[0];

    private final LongSupplier nanoClock;
    private final Runnable threadCheck;
    private Entry[] heap = EMPTY;
    private int size;
    private long nextSequence;
    /** Calls scheduled during a {@link #runDue} pass that were due in it, held for the next. */
    private final List<Entry> heldForNextPass = new ArrayList<>();

    /**
     * Creates an empty queue.
     *
     * @param nanoClock the clock that {@code schedule} and {@code reset} count from, in
     *     nanoseconds
     * @param threadCheck runs before every mutation; throws {@link WrongThreadException} when the
     *     calling thread may not mutate the queue (pass {@code () -> {}} for no check)
     */
    public TimerQueue(LongSupplier nanoClock, Runnable threadCheck) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.threadCheck = Objects.requireNonNull(threadCheck, "threadCheck");
    }

    /**
     * Converts a duration to nanoseconds, saturating instead of overflowing.
     *
     * @param duration any duration
     * @return {@code duration} in nanoseconds, clamped to the range of a {@code long}
     */
    public static long nanos(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        try {
            return duration.toNanos();
        } catch (ArithmeticException overflow) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * Schedules {@code task} to run {@code delayNanos} from now. It runs in the first
     * {@link #runDue} whose {@code now} is at or past its due time and which started after this
     * call.
     *
     * @param delayNanos how long from now, in nanoseconds, zero or more
     * @param task what to run
     * @return the pending call, which can be cancelled or moved
     * @throws IllegalArgumentException if {@code delayNanos} is negative
     * @throws WrongThreadException if the thread check refuses the calling thread
     */
    public DelayedCall schedule(long delayNanos, Runnable task) {
        threadCheck.run();
        Objects.requireNonNull(task, "task");
        if (delayNanos < 0) {
            throw new IllegalArgumentException("negative delay: " + delayNanos + " ns");
        }
        Entry entry = new Entry(saturatedAdd(nanoClock.getAsLong(), delayNanos), nextSequence++, task);
        insert(entry);
        return entry;
    }

    /**
     * When the earliest pending call is due.
     *
     * @return its due time, or {@link Long#MAX_VALUE} when nothing is pending
     */
    public long nextDueTime() {
        return size == 0 ? Long.MAX_VALUE : heap[0].time;
    }

    /**
     * Runs every pending call due at or before {@code now}, in (due time, scheduling order)
     * order. Each call is marked as called before it runs, so it cannot cancel itself. Calls
     * scheduled while this method runs wait for the next {@code runDue}, even with a zero delay,
     * as in Twisted's reactor: a timer that keeps rescheduling itself cannot starve I/O. A call
     * that was already pending and is moved while this method runs still runs in this pass if its
     * new time is due. A call that throws is handed to {@code onError} and the others still run.
     *
     * @param now the current time on this queue's clock
     * @param onError receives what a call threw; if it throws in turn, that propagates and the
     *     remaining due calls stay pending
     * @return how many calls ran
     * @throws WrongThreadException if the thread check refuses the calling thread
     */
    public int runDue(long now, Consumer<Throwable> onError) {
        threadCheck.run();
        Objects.requireNonNull(onError, "onError");
        long barrier = nextSequence;
        int ran = 0;
        try {
            while (size > 0 && heap[0].time <= now) {
                Entry entry = heap[0];
                removeAt(0);
                if (entry.sequence >= barrier) {
                    // Scheduled by a call run in this pass: it belongs to the next pass.
                    entry.held = true;
                    heldForNextPass.add(entry);
                    continue;
                }
                Runnable task = entry.task;
                entry.state = State.CALLED;
                entry.task = null;
                ran++;
                try {
                    Objects.requireNonNull(task).run();
                } catch (Throwable failure) {
                    onError.accept(failure);
                }
            }
        } finally {
            // A nested runDue (a call that drives a fake clock) may already have put them back.
            for (Entry entry : heldForNextPass) {
                entry.held = false;
                insert(entry);
            }
            heldForNextPass.clear();
        }
        return ran;
    }

    /**
     * How many calls are pending.
     *
     * @return the number of calls that have neither run nor been cancelled
     */
    public int size() {
        return size + heldForNextPass.size();
    }

    /**
     * The pending calls.
     *
     * @return an unmodifiable snapshot, in no particular order
     */
    public List<DelayedCall> pending() {
        List<DelayedCall> snapshot = new ArrayList<>(size());
        snapshot.addAll(Arrays.asList(heap).subList(0, size));
        snapshot.addAll(heldForNextPass);
        return Collections.unmodifiableList(snapshot);
    }

    /** The backing array's length, for tests that check cancelled calls free their slots. */
    int capacity() {
        return heap.length;
    }

    @Override
    public String toString() {
        return "TimerQueue[pending=" + size() + "]";
    }

    // ---- heap mechanics -------------------------------------------------------------------

    private void insert(Entry entry) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, Math.max(INITIAL_CAPACITY, heap.length * 2));
        }
        entry.index = size;
        heap[size++] = entry;
        siftUp(entry.index);
    }

    private void removeAt(int index) {
        Entry removed = heap[index];
        int last = --size;
        if (index != last) {
            Entry moved = heap[last];
            heap[index] = moved;
            moved.index = index;
            heap[last] = null;
            // The entry moved into the hole may belong above or below it.
            if (!siftUp(index)) {
                siftDown(index);
            }
        } else {
            heap[last] = null;
        }
        removed.index = -1;
        shrinkIfSparse();
    }

    private void shrinkIfSparse() {
        if (size == 0) {
            heap = EMPTY;
        } else if (heap.length > INITIAL_CAPACITY && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, Math.max(INITIAL_CAPACITY, heap.length / 2));
        }
    }

    /** Re-establishes the heap order after {@code entry}'s time changed. */
    private void moved(Entry entry) {
        if (!siftUp(entry.index)) {
            siftDown(entry.index);
        }
    }

    private boolean siftUp(int index) {
        Entry entry = heap[index];
        int start = index;
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            Entry above = heap[parent];
            if (!entry.before(above)) {
                break;
            }
            heap[index] = above;
            above.index = index;
            index = parent;
        }
        heap[index] = entry;
        entry.index = index;
        return index != start;
    }

    private void siftDown(int index) {
        Entry entry = heap[index];
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < size && heap[right].before(heap[child])) {
                child = right;
            }
            Entry below = heap[child];
            if (!below.before(entry)) {
                break;
            }
            heap[index] = below;
            below.index = index;
            index = child;
        }
        heap[index] = entry;
        entry.index = index;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        // Overflow happened when both operands share a sign that the sum does not.
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    private enum State {
        PENDING,
        CALLED,
        CANCELLED
    }

    /** One scheduled call: its heap slot, its place in the order, and its state. */
    private final class Entry implements DelayedCall {
        private long time;
        private final long sequence;
        private @Nullable Runnable task;
        private State state = State.PENDING;
        private int index = -1;
        /** True while {@link #runDue} holds this call out of the heap for its next pass. */
        private boolean held;

        Entry(long time, long sequence, Runnable task) {
            this.time = time;
            this.sequence = sequence;
            this.task = task;
        }

        boolean before(Entry other) {
            return time < other.time || (time == other.time && sequence < other.sequence);
        }

        @Override
        public long getTime() {
            return time;
        }

        @Override
        public void cancel() {
            threadCheck.run();
            requirePending("cancel");
            state = State.CANCELLED;
            task = null;
            if (held) {
                held = false;
                heldForNextPass.remove(this);
            } else {
                removeAt(index);
            }
        }

        @Override
        public void reset(Duration delay) {
            threadCheck.run();
            requirePending("reset");
            moveTo(saturatedAdd(nanoClock.getAsLong(), nanos(delay)));
        }

        @Override
        public void delay(Duration by) {
            threadCheck.run();
            requirePending("delay");
            moveTo(saturatedAdd(time, nanos(by)));
        }

        private void moveTo(long newTime) {
            time = newTime;
            // A held call goes back into the heap, with its new time, when its runDue ends.
            if (!held) {
                moved(this);
            }
        }

        private void requirePending(String operation) {
            switch (state) {
                case CALLED -> throw new IllegalStateException(
                        "cannot " + operation + " " + this + ": it has already been called");
                case CANCELLED -> throw new IllegalStateException(
                        "cannot " + operation + " " + this + ": it has already been cancelled");
                case PENDING -> {}
            }
        }

        @Override
        public boolean active() {
            return state == State.PENDING;
        }

        @Override
        public boolean called() {
            return state == State.CALLED;
        }

        @Override
        public boolean cancelled() {
            return state == State.CANCELLED;
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("DelayedCall#").append(sequence).append('[');
            switch (state) {
                case PENDING -> {
                    long remaining = time - nanoClock.getAsLong();
                    text.append("due in ").append(formatSeconds(remaining)).append(", ").append(task);
                }
                case CALLED -> text.append("called");
                case CANCELLED -> text.append("cancelled");
            }
            return text.append(", t=").append(time).append("ns]").toString();
        }
    }

    private static String formatSeconds(long nanos) {
        if (nanos == Long.MAX_VALUE || nanos == Long.MIN_VALUE) {
            return nanos > 0 ? "never" : "long ago";
        }
        return String.format(java.util.Locale.ROOT, "%.6fs", nanos / 1e9);
    }
}
