package net.protocols.internal.tls;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import net.protocols.tls.TLSOptions;
import net.reactor.Reactor;
import net.reactor.ReactorTime;
import org.jspecify.annotations.Nullable;

/**
 * Where TLS handshake steps run when they leave the reactor thread: each step on a virtual
 * thread of its own, at most {@link #limit()} at a time, the rest waiting in arrival order, the
 * steps of handshakes already under way before the first steps of new ones.
 *
 * <p>Why that order: when new clients arrive faster than the steps can run, a single queue would
 * put every handshake's last step behind all the first steps that arrived meanwhile, so none
 * would complete until the burst is over (or the handshake timeout ends them). Serving the
 * handshakes under way first completes them at the rate the CPU allows, and makes the new ones
 * wait, as the accept backlog makes them wait when handshakes run inline.
 *
 * <p>Why virtual threads behind a gate rather than a pool: a step is pure CPU (BouncyCastle's key
 * exchange and signature, a few milliseconds) and a connection has at most one step in flight, so
 * the gate bounds the CPU a burst of new clients can take from the reactors to {@link #limit()}
 * threads, while waiting steps cost one queue entry each (bounded by the handshaking connections),
 * and nothing is left running to be shut down when no handshake is under way. On Java 24 and
 * later a virtual thread inside BouncyCastle's {@code synchronized} engine methods does not pin
 * its carrier (JEP 491), and a step never blocks anyway: it only holds a carrier while it
 * computes, as a platform thread would hold a core.
 *
 * <p><b>Threading:</b> {@link #execute} may be called from any thread.
 */
public final class HandshakeWorkers implements Executor {
    private static final HandshakeWorkers SHARED =
            new HandshakeWorkers(Math.max(1, Runtime.getRuntime().availableProcessors()), "spindle-tls-handshake");

    private final int limit;
    private final String name;
    private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Runnable> continuing = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();

    /**
     * A gate of its own (tests; the shared one serves every reactor of the process).
     *
     * @param limit how many steps may run at once, at least 1
     * @param name the prefix of the virtual threads' names
     */
    public HandshakeWorkers(int limit, String name) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit < 1: " + limit);
        }
        this.limit = limit;
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * The gate every TLS connection of this process uses: as many steps at once as there are
     * processors.
     *
     * @return the shared gate
     */
    public static HandshakeWorkers shared() {
        return SHARED;
    }

    /**
     * The workers a connection with these options uses, or null for inline handshakes: when the
     * options ask for them, or when the connection's clock is not a reactor (a test clock driving
     * an in-memory pipe, which runs everything deterministically on the test thread).
     *
     * @param options the connection's options
     * @param time the connection's clock
     * @return the shared gate, or null
     */
    public static @Nullable Executor forConnection(TLSOptions options, ReactorTime time) {
        return options.inlineHandshakes() || !(time instanceof Reactor) ? null : SHARED;
    }

    /**
     * How many steps may run at once.
     *
     * @return the limit
     */
    public int limit() {
        return limit;
    }

    /**
     * How many steps run now.
     *
     * @return between 0 and {@link #limit()}
     */
    public int running() {
        return running.get();
    }

    /**
     * How many steps wait for a free slot.
     *
     * @return the queue length
     */
    public int waiting() {
        return waiting.size() + continuing.size();
    }

    /**
     * Runs {@code step}, the first step of a handshake, on a virtual thread as soon as fewer than
     * {@link #limit()} run and no step of a handshake under way waits.
     *
     * @param step the work; what it throws is its own business (the TLS layer catches everything)
     */
    @Override
    public void execute(Runnable step) {
        execute(step, false);
    }

    /**
     * Runs {@code step} on a virtual thread as soon as fewer than {@link #limit()} run: a later
     * step of a handshake under way before any first step.
     *
     * @param step the work
     * @param underWay true for a later step of a handshake that has taken one already
     */
    public void execute(Runnable step, boolean underWay) {
        (underWay ? continuing : waiting).add(Objects.requireNonNull(step, "step"));
        drain();
    }

    private void drain() {
        while (!waiting.isEmpty() || !continuing.isEmpty()) {
            int now = running.get();
            if (now >= limit) {
                return; // a running step drains when it ends
            }
            if (!running.compareAndSet(now, now + 1)) {
                continue;
            }
            Runnable next = continuing.poll();
            Runnable step = next != null ? next : waiting.poll();
            if (step == null) {
                running.decrementAndGet(); // another thread took it
                continue;
            }
            Thread.ofVirtual().name(name + "-" + started.incrementAndGet()).start(() -> {
                try {
                    step.run();
                } finally {
                    running.decrementAndGet();
                    drain();
                }
            });
        }
    }
}
