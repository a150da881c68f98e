package net.reactor.internal;

import java.util.Objects;
import net.reactor.Producer;
import net.reactor.PullProducer;
import net.reactor.PushProducer;
import org.jspecify.annotations.Nullable;

/**
 * The producer registered with the outgoing side of a pipe-backed transport (a child's stdin,
 * this program's stdout), and the rule every transport applies to it: a push producer is paused
 * when the buffer passes the high-water mark and resumed at the low-water mark, a pull producer
 * is asked for more each time the buffer empties. Reactor thread only; the owner keeps the byte
 * count and calls {@link #written} and {@link #drained} as it changes.
 */
final class ProducerSlot {
    private final ConnectionLoop loop;
    private @Nullable Producer producer;
    private boolean streaming;
    private boolean paused;

    ProducerSlot(ConnectionLoop loop) {
        this.loop = loop;
    }

    /**
     * Registers {@code p}, checking it as {@code Transport.registerProducer} promises. A closed
     * side stops the producer at once instead. A push producer over a full buffer starts paused;
     * a pull producer is asked for its first data.
     *
     * @param owner the transport, for the messages
     * @return whether it was registered (false: the side was closed and the producer stopped)
     * @throws IllegalStateException if a producer is already registered
     * @throws IllegalArgumentException if {@code p} does not implement the interface {@code streaming} names
     */
    boolean register(Object owner, Producer p, boolean streaming, long buffered, boolean closed) {
        Objects.requireNonNull(p, "producer");
        if (producer != null) {
            throw new IllegalStateException("a producer is already registered with " + owner + ": " + producer);
        }
        if (streaming && !(p instanceof PushProducer)) {
            throw new IllegalArgumentException("streaming producer " + p + " does not implement PushProducer");
        }
        if (!streaming && !(p instanceof PullProducer)) {
            throw new IllegalArgumentException("non-streaming producer " + p + " does not implement PullProducer");
        }
        if (closed) {
            p.stopProducing();
            return false;
        }
        producer = p;
        this.streaming = streaming;
        paused = false;
        if (!streaming) {
            ((PullProducer) p).resumeProducing();
        } else {
            written(buffered);
        }
        return true;
    }

    /** Forgets the producer without telling it anything (the user unregistered it). */
    void unregister() {
        producer = null;
        paused = false;
    }

    /** After bytes were queued: a push producer pauses above the high-water mark. */
    void written(long buffered) {
        if (producer instanceof PushProducer push && streaming && !paused
                && buffered > loop.options().highWaterMark()) {
            paused = true;
            push.pauseProducing();
        }
    }

    /** After bytes left the buffer: a pull producer is asked for more once it is empty, a paused push producer resumes at the low-water mark. */
    void drained(long buffered) {
        Producer p = producer;
        if (p == null) {
            return;
        }
        if (!streaming) {
            if (buffered == 0) {
                ((PullProducer) p).resumeProducing();
            }
        } else if (paused && buffered <= loop.options().lowWaterMark()) {
            paused = false;
            ((PushProducer) p).resumeProducing();
        }
    }

    /** The side closed: the producer is forgotten and told to stop (a failure is logged). */
    void stop() {
        Producer p = producer;
        producer = null;
        paused = false;
        if (p != null) {
            try {
                p.stopProducing();
            } catch (Throwable e) {
                loop.logUserError("stopProducing", p, e);
            }
        }
    }

    /** A pull producer is asked for more now (a close waits for it to unregister). */
    void nudgePull() {
        if (producer instanceof PullProducer pull && !streaming) {
            pull.resumeProducing();
        }
    }

    boolean isEmpty() {
        return producer == null;
    }

    /** Whether a close must wait: a pull producer, or a paused push producer, is registered. */
    boolean holdsClose() {
        return producer != null && (!streaming || paused);
    }
}
