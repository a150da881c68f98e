package net.protocols.internal.tls;

import java.util.Objects;
import net.reactor.Producer;
import net.reactor.PullProducer;
import net.reactor.PushProducer;
import net.reactor.Transport;
import org.jspecify.annotations.Nullable;

/**
 * The producer registered with a TLS connection, and the stand-in registered for it with the
 * transport below (Twisted's {@code _ProducerMembrane}). The transport below sees only
 * ciphertext, so it pauses and resumes the stand-in; the bridge passes that on to the real
 * producer, and also keeps a streaming producer paused while its plaintext waits for the
 * handshake. There is no high-water mark here: the transport below has the one, from the
 * reactor's options.
 *
 * <p><b>Threading:</b> reactor thread, like the connection that owns it.
 */
final class ProducerBridge {

    /** What the bridge needs from its connection. */
    interface Connection {
        /**
         * The transport below, which the stand-in is registered with.
         *
         * @return the transport below
         */
        Transport below();

        /**
         * Whether plaintext is waiting to be encrypted (the handshake is still running).
         *
         * @return true while some is
         */
        boolean plaintextWaiting();

        /**
         * Whether the connection still takes writes.
         *
         * @return true while open
         */
        boolean acceptsWrites();

        /** The producer resumed or went away: a close it was holding back may proceed now. */
        void producerReleased();

        /**
         * Whether the connection is gone: a producer registered then is stopped at once.
         *
         * @return true once the transport below has reported the end
         */
        boolean lost();
    }

    private final Connection connection;
    private final StandIn standIn = new StandIn();
    private @Nullable Producer producer;
    private boolean streaming;
    /** Whether this bridge has paused the producer (and not resumed it since). */
    private boolean paused;
    private boolean stopped;
    /** Whether the transport below has paused the stand-in. */
    private boolean pausedBelow;
    private boolean standInRegistered;

    ProducerBridge(Connection connection) {
        this.connection = connection;
    }

    /**
     * Registers a producer, checking it as a transport would.
     *
     * @param producer the producer
     * @param streaming whether it is a push producer
     * @param standInBelow whether to register the stand-in below (not once close_notify is out,
     *     nor after a failure or an abort)
     * @throws IllegalStateException if a producer is already registered
     * @throws IllegalArgumentException if the producer is not of the kind {@code streaming} names
     */
    void register(Producer producer, boolean streaming, boolean standInBelow) {
        Objects.requireNonNull(producer, "producer");
        if (this.producer != null) {
            throw new IllegalStateException("a producer is already registered: " + this.producer);
        }
        if (streaming ? !(producer instanceof PushProducer) : !(producer instanceof PullProducer)) {
            throw new IllegalArgumentException(producer + " is not a " + (streaming ? "PushProducer" : "PullProducer"));
        }
        if (connection.lost()) {
            producer.stopProducing(); // as a transport does once its connection is gone
            return;
        }
        this.producer = producer;
        this.streaming = streaming;
        this.paused = false;
        this.stopped = false;
        this.pausedBelow = false;
        if (standInBelow) {
            standInRegistered = true;
            connection.below().registerProducer(standIn, streaming); // a pull producer is asked for data at once
        }
        update();
    }

    /**
     * Takes over a producer that the transport below had (see
     * {@link net.reactor.ProtocolLayer#adoptProducer}): if the transport had paused it, it stays
     * paused here until the transport drains and resumes the stand-in, which it counts as paused.
     *
     * @param producer the producer
     * @param streaming whether it is a push producer
     * @param pausedByBelow whether the transport below had paused it
     * @param standInBelow as for {@link #register}
     */
    void adopt(Producer producer, boolean streaming, boolean pausedByBelow, boolean standInBelow) {
        register(producer, streaming, standInBelow);
        if (pausedByBelow && streaming && standInRegistered && this.producer == producer) {
            pausedBelow = true;
            paused = true; // it is paused already: no second pauseProducing
        }
    }

    /** Lets go of the producer, and of the stand-in below. */
    void unregister() {
        if (producer == null) {
            return;
        }
        producer = null;
        detach();
    }

    /** Unregisters the stand-in below (close_notify is going out, or the connection failed). */
    void detach() {
        if (standInRegistered) {
            standInRegistered = false;
            connection.below().unregisterProducer();
        }
    }

    /**
     * Pauses or resumes a streaming producer as the transport below and the waiting plaintext
     * require. Safe to call at any time: it acts only on a change.
     */
    void update() {
        if (!(producer instanceof PushProducer push) || !streaming || stopped) {
            return;
        }
        boolean shouldPause = pausedBelow || connection.plaintextWaiting();
        if (shouldPause && !paused) {
            paused = true;
            push.pauseProducing();
        } else if (!shouldPause && paused) {
            paused = false;
            push.resumeProducing();
            connection.producerReleased();
        }
    }

    /** Stops the producer for good, once (the connection is lost). */
    void stop() {
        Producer p = producer;
        if (p != null && !stopped) {
            stopped = true;
            p.stopProducing();
        }
    }

    /**
     * Whether a registered producer holds back the close: a pull producer, or a paused push
     * producer, until it unregisters (as a TCP transport's close waits).
     *
     * @return true while it does
     */
    boolean holdsClose() {
        return producer != null && (!streaming || paused);
    }

    /**
     * The producer.
     *
     * @return the registered producer, or null
     */
    @Nullable Producer producer() {
        return producer;
    }

    /** Stands for the protocol's producer in the transport below, which sees only ciphertext. */
    private final class StandIn implements PushProducer, PullProducer {
        @Override
        public void pauseProducing() {
            pausedBelow = true;
            update();
        }

        @Override
        public void resumeProducing() {
            pausedBelow = false;
            if (producer instanceof PullProducer pull && !streaming) {
                if (!stopped && connection.acceptsWrites()) {
                    pull.resumeProducing();
                }
            } else {
                update();
            }
        }

        @Override
        public void stopProducing() {
            stop();
        }

        @Override
        public String toString() {
            return "TLS stand-in for " + producer;
        }
    }
}
