package net.reactor.internal;

import java.util.Objects;
import net.reactor.Producer;
import net.reactor.PullProducer;
import net.reactor.PushProducer;
import org.jspecify.annotations.Nullable;

/**
 * The outgoing side of a pipe-backed transport (a child's stdin, this program's stdout): how
 * many bytes wait for the pipe's writer thread, the producer registered with it, and the rule
 * every transport applies to that producer: a push producer is paused when the backlog passes
 * the high-water mark and resumed at the low-water mark, a pull producer is asked for more each
 * time the backlog empties. Reactor thread only; the owner reports bytes queued and written.
 */
final class OutgoingBacklog {
    private final ConnectionLoop loop;
    private long bytes;
    private @Nullable Producer producer;
    private boolean streaming;
    private boolean paused;

    OutgoingBacklog(ConnectionLoop loop) {
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
    boolean register(Object owner, Producer p, boolean streaming, boolean closed) {
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
            pauseAboveHighWater();
        }
        return true;
    }

    /** Forgets the producer without telling it anything (the user unregistered it). */
    void unregister() {
        producer = null;
        paused = false;
    }

    /** Bytes waiting for the pipe. */
    long bytes() {
        return bytes;
    }

    /** Whether more than the high-water mark waits (with no producer, the owner stops reading). */
    boolean aboveHighWater() {
        return bytes > loop.options().highWaterMark();
    }

    /** {@code n} bytes were queued for the pipe: a push producer pauses above the high-water mark. */
    void queued(long n) {
        bytes += n;
        pauseAboveHighWater();
    }

    private void pauseAboveHighWater() {
        if (producer instanceof PushProducer push && streaming && !paused && aboveHighWater()) {
            paused = true;
            push.pauseProducing();
        }
    }

    /** {@code n} bytes were written to the pipe; the producer is told only while {@code open}. */
    void written(long n, boolean open) {
        bytes = Math.max(0, bytes - n); // bytes dropped by stop() may still be reported written
        if (open) {
            drained();
        }
    }

    /** A pull producer is asked for more once the backlog is empty, a paused push producer resumes at the low-water mark. */
    private void drained() {
        Producer p = producer;
        if (p == null) {
            return;
        }
        if (!streaming) {
            if (bytes == 0) {
                ((PullProducer) p).resumeProducing();
            }
        } else if (paused && bytes <= loop.options().lowWaterMark()) {
            paused = false;
            ((PushProducer) p).resumeProducing();
        }
    }

    /** The side closed: what waited is dropped, the producer forgotten and told to stop (a failure is logged). */
    void stop() {
        bytes = 0;
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
