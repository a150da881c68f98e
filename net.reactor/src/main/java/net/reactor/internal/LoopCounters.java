package net.reactor.internal;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntSupplier;
import net.reactor.ReactorCounters;
import net.reactor.TurnTimeHistogram;

/**
 * The live counters behind {@link net.reactor.ReactorMetrics#counters()}.
 *
 * <p>Written only on the reactor thread, so a count needs no atomic read-modify-write: each slot
 * is read plainly and stored with release semantics (a plain store on x86 and ARM's cheapest
 * ordered one), and readers on other threads load it with acquire semantics. That keeps the cost
 * on the loop to an add and a store, with no lock and no contended cache line.
 */
final class LoopCounters {
    private static final int ACCEPTED = 0;
    private static final int CONNECTED = 1;
    private static final int CLOSED = 2;
    private static final int BYTES_READ = 3;
    private static final int BYTES_WRITTEN = 4;
    private static final int DELAYED_PENDING = 5;
    private static final int DATAGRAMS_RECEIVED = 6;
    private static final int DATAGRAMS_SENT = 7;
    private static final int DATAGRAM_BYTES_RECEIVED = 8;
    private static final int DATAGRAM_BYTES_SENT = 9;
    private static final int DATAGRAMS_DROPPED = 10;
    private static final int SLOTS = 11;

    private final String reactorName;
    private final AtomicLongArray slots = new AtomicLongArray(SLOTS);
    private final AtomicLongArray turnBuckets = new AtomicLongArray(TurnTimeHistogram.BUCKETS);
    private final IntSupplier queued;

    /**
     * @param queued the callFromThread queue's size, safe to call from any thread
     */
    LoopCounters(String reactorName, IntSupplier queued) {
        this.reactorName = reactorName;
        this.queued = queued;
    }

    String reactorName() {
        return reactorName;
    }

    private void add(int slot, long n) {
        slots.setRelease(slot, slots.getPlain(slot) + n);
    }

    /** Reactor thread: a stream connection was set up. */
    void connectionOpened(boolean accepted) {
        add(accepted ? ACCEPTED : CONNECTED, 1);
    }

    /** Reactor thread: a stream connection was closed. */
    void connectionClosed() {
        add(CLOSED, 1);
    }

    /** Reactor thread. */
    void bytesRead(long n) {
        add(BYTES_READ, n);
    }

    /** Reactor thread; negative when a closing connection drops bytes it had counted. */
    void bytesWritten(long n) {
        add(BYTES_WRITTEN, n);
    }

    /** Reactor thread: a UDP port read a datagram of {@code n} bytes (delivered whole or truncated). */
    void datagramReceived(int n) {
        add(DATAGRAMS_RECEIVED, 1);
        add(DATAGRAM_BYTES_RECEIVED, n);
    }

    /** Reactor thread: a UDP port handed a datagram of {@code n} bytes to the system. */
    void datagramSent(int n) {
        add(DATAGRAMS_SENT, 1);
        add(DATAGRAM_BYTES_SENT, n);
    }

    /** Reactor thread: a UDP port dropped a datagram on write. */
    void datagramDropped() {
        add(DATAGRAMS_DROPPED, 1);
    }

    /** Reactor thread, at the end of a turn. */
    void turnEnded(long nanos, int delayedPending) {
        int b = TurnTimeHistogram.bucketOf(nanos);
        turnBuckets.setRelease(b, turnBuckets.getPlain(b) + 1);
        if (slots.getPlain(DELAYED_PENDING) != delayedPending) {
            slots.setRelease(DELAYED_PENDING, delayedPending);
        }
    }

    /** Any thread. */
    ReactorCounters snapshot() {
        // Closed before opened: both only grow, so open = opened - closed is never negative.
        long closed = slots.getAcquire(CLOSED);
        long accepted = slots.getAcquire(ACCEPTED);
        long connected = slots.getAcquire(CONNECTED);
        long[] buckets = new long[TurnTimeHistogram.BUCKETS];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = turnBuckets.getAcquire(i);
        }
        return new ReactorCounters(accepted + connected - closed, accepted, connected, closed,
                slots.getAcquire(BYTES_READ), Math.max(0, slots.getAcquire(BYTES_WRITTEN)),
                slots.getAcquire(DATAGRAMS_RECEIVED), slots.getAcquire(DATAGRAMS_SENT),
                slots.getAcquire(DATAGRAM_BYTES_RECEIVED), slots.getAcquire(DATAGRAM_BYTES_SENT),
                slots.getAcquire(DATAGRAMS_DROPPED), Math.max(0, queued.getAsInt()), slots.getAcquire(DELAYED_PENDING), TurnTimeHistogram.of(buckets));
    }
}
