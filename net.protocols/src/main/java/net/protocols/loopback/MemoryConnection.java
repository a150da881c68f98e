package net.protocols.loopback;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.deferred.Deferred;
import net.reactor.Address;
import net.reactor.ConnectionAbortedException;
import net.reactor.ConnectionDoneException;
import net.reactor.ConnectionLostException;
import net.reactor.Producer;
import net.reactor.Protocol;
import net.reactor.PullProducer;
import net.reactor.PushProducer;
import net.reactor.ReactorTime;
import net.reactor.Transport;
import net.reactor.UNIXAddress;
import org.jspecify.annotations.Nullable;

/**
 * Two protocols joined in memory: the engine of {@link Loopback#loopbackAsync}.
 *
 * <p>Writes are queued per direction and never delivered from inside {@code write}; a pump moves
 * them, server to client first, then client to server, until neither side has anything to say,
 * and runs again (through {@code callLater(0)}) when something new is written. A close waits for
 * the closing side's queue to be delivered; then both protocols get {@code connectionLost},
 * server first, and the Deferred fires.
 */
final class MemoryConnection {
    private static final Address ADDRESS = new UNIXAddress(null);

    private final ReactorTime time;
    private final PumpPolicy policy;
    private final Side server;
    private final Side client;
    private final Deferred<@Nullable Void> done = new Deferred<>();
    private boolean pumping;
    private boolean scheduled;
    private boolean finished;

    MemoryConnection(ReactorTime time, Protocol server, Protocol client, PumpPolicy policy) {
        this.time = Objects.requireNonNull(time, "time");
        this.policy = Objects.requireNonNull(policy, "policy");
        if (server == client) {
            throw new IllegalArgumentException("a protocol cannot be both ends of a loopback: " + server);
        }
        this.server = new Side(Objects.requireNonNull(server, "server"), "server");
        this.client = new Side(Objects.requireNonNull(client, "client"), "client");
    }

    Deferred<@Nullable Void> start() {
        Side current = server;
        try {
            server.protocol.makeConnection(server);
            current = client;
            client.protocol.makeConnection(client);
        } catch (RuntimeException | Error e) {
            fail(current, e);
            return done;
        }
        pump();
        return done;
    }

    /** Runs the pump now unless it is running or scheduled. */
    private void wake() {
        if (!pumping && !scheduled && !finished) {
            scheduled = true;
            time.callLater(Duration.ZERO, () -> {
                scheduled = false;
                pump();
            });
        }
    }

    private void pump() {
        if (pumping || finished) {
            return;
        }
        pumping = true;
        // The side whose handler runs, blamed if it throws.
        Side current = client;
        try {
            while (!finished) {
                current = client;
                boolean serverSent = deliver(server, client);
                current = server;
                boolean clientSent = deliver(client, server);
                if (server.closedAndFlushed() || client.closedAndFlushed()) {
                    break;
                }
                if (!serverSent && !clientSent) {
                    return; // idle: the next write, close or resume wakes the pump
                }
            }
        } catch (RuntimeException | Error e) {
            fail(current, e);
            return;
        } finally {
            pumping = false;
        }
        finish();
    }

    /** Delivers what {@code from} wrote to {@code to}, unless {@code to} paused its reading. */
    private boolean deliver(Side from, Side to) {
        if (from.queue.isEmpty() || to.readPaused) {
            return false;
        }
        List<byte[]> queued = new ArrayList<>(from.queue);
        from.queue.clear();
        from.buffered = 0;
        List<byte[]> chunks = policy.chunks(queued);
        boolean sent = false;
        for (int i = 0; i < chunks.size(); i++) {
            if (to.readPaused || finished) {
                // Keep the rest, in order, ahead of anything written meanwhile.
                for (int j = chunks.size() - 1; j >= i; j--) {
                    from.queue.addFirst(chunks.get(j));
                    from.buffered += chunks.get(j).length;
                }
                break;
            }
            byte[] chunk = chunks.get(i);
            if (chunk.length > 0) {
                to.protocol.dataReceived(chunk);
                sent = true;
            }
        }
        if (sent && from.queue.isEmpty() && !finished && from.producer instanceof PullProducer pull && !from.streaming) {
            pull.resumeProducing();
        }
        return sent;
    }

    /** Ends both connections, server first; fires the Deferred. */
    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        Throwable serverReason = server.lossReason(client);
        Throwable clientReason = client.lossReason(server);
        @Nullable Throwable error = null;
        for (Side side : List.of(server, client)) {
            try {
                side.stopProducer();
                side.protocol.connectionLost(side == server ? serverReason : clientReason);
            } catch (RuntimeException | Error e) {
                if (error == null) {
                    error = e;
                } else {
                    error.addSuppressed(e);
                }
            }
        }
        if (error == null) {
            done.callback(null);
        } else {
            done.errback(error);
        }
    }

    /**
     * A handler threw, as it would make a real transport close: the culprit's connection is lost
     * with that exception, the peer's uncleanly, and the Deferred fails with it.
     */
    private void fail(Side culprit, Throwable error) {
        if (finished) {
            throw new IllegalStateException("a loopback handler failed after the connection ended", error);
        }
        finished = true;
        for (Side side : List.of(server, client)) {
            Throwable reason = side == culprit
                    ? error
                    : new ConnectionLostException("the " + culprit.name + " failed: " + error, error);
            try {
                side.stopProducer();
                side.protocol.connectionLost(reason);
            } catch (RuntimeException | Error e) {
                if (e != error) {
                    error.addSuppressed(e);
                }
            }
        }
        done.errback(error);
    }

    /** One end: its protocol and the transport that protocol writes into. */
    private final class Side implements Transport {
        final Protocol protocol;
        final String name;
        final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        long buffered;
        @Nullable Producer producer;
        boolean streaming;
        boolean readPaused;
        /** Set by loseConnection, stopProducing or abortConnection. */
        @Nullable Throwable closeReason;
        boolean aborted;

        Side(Protocol protocol, String name) {
            this.protocol = protocol;
            this.name = name;
        }

        /**
         * Whether this side asked to close, everything it wrote has been delivered, and no pull
         * producer is still feeding it (a close waits for that producer to unregister, as a TCP
         * transport's does).
         */
        boolean closedAndFlushed() {
            return closeReason != null && queue.isEmpty() && (producer == null || streaming || aborted);
        }

        /** What this side's protocol hears when the connection ends. */
        Throwable lossReason(Side peer) {
            if (closeReason != null) {
                return closeReason;
            }
            if (peer.aborted) {
                return new ConnectionLostException("Connection to the other side was lost in a non-clean fashion.");
            }
            return new ConnectionDoneException("Connection was closed cleanly.");
        }

        void stopProducer() {
            Producer p = producer;
            producer = null;
            if (p != null) {
                p.stopProducing();
            }
        }

        @Override
        public void write(byte[] data) {
            Objects.requireNonNull(data, "data");
            // As on TCP, bytes written after loseConnection still go out before the close;
            // after an abort or the end of the connection they are dropped.
            if (aborted || finished || data.length == 0) {
                return;
            }
            queue.add(data);
            buffered += data.length;
            wake();
        }

        @Override
        public void writeSequence(List<byte[]> data) {
            Objects.requireNonNull(data, "data");
            int total = 0;
            for (byte[] chunk : data) {
                total += chunk.length;
            }
            byte[] joined = new byte[total];
            int at = 0;
            for (byte[] chunk : data) {
                System.arraycopy(chunk, 0, joined, at, chunk.length);
                at += chunk.length;
            }
            write(joined);
        }

        @Override
        public void loseConnection() {
            loseConnection(new ConnectionDoneException("Connection was closed cleanly."));
        }

        @Override
        public void loseConnection(Throwable reason) {
            Objects.requireNonNull(reason, "reason");
            if (isClosing()) {
                return;
            }
            closeReason = reason;
            wake();
        }

        @Override
        public void abortConnection() {
            if (finished || aborted) {
                return;
            }
            aborted = true;
            closeReason = new ConnectionAbortedException("Connection was aborted.");
            queue.clear();
            buffered = 0;
            wake();
        }

        @Override
        public Address getPeer() {
            return ADDRESS;
        }

        @Override
        public Address getHost() {
            return ADDRESS;
        }

        @Override
        public long bufferedBytes() {
            return buffered;
        }

        @Override
        public boolean isClosing() {
            return closeReason != null || finished;
        }

        @Override
        public void registerProducer(Producer p, boolean isStreaming) {
            Objects.requireNonNull(p, "producer");
            if (producer != null) {
                throw new IllegalStateException("cannot register " + p + ": " + producer + " is already registered");
            }
            if (isStreaming ? !(p instanceof PushProducer) : !(p instanceof PullProducer)) {
                throw new IllegalArgumentException((isStreaming ? "a streaming producer must be a PushProducer: "
                        : "a non-streaming producer must be a PullProducer: ") + p);
            }
            if (finished) {
                p.stopProducing();
                return;
            }
            producer = p;
            streaming = isStreaming;
            if (!isStreaming) {
                ((PullProducer) p).resumeProducing();
            }
        }

        @Override
        public void unregisterProducer() {
            producer = null;
            streaming = false;
            if (closeReason != null) {
                wake(); // a close may have been waiting for this producer
            }
        }

        @Override
        public void pauseProducing() {
            readPaused = true;
        }

        @Override
        public void resumeProducing() {
            if (readPaused) {
                readPaused = false;
                wake();
            }
        }

        @Override
        public void stopProducing() {
            loseConnection();
        }

        @Override
        public String toString() {
            return "loopback transport of the " + name + " " + protocol;
        }
    }
}
