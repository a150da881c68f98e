package net.protocols.policies;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import net.reactor.Address;
import net.reactor.DelayedCall;
import net.reactor.Factory;
import net.reactor.Producer;
import net.reactor.Protocol;
import net.reactor.PushProducer;
import net.reactor.ReactorTime;
import org.jspecify.annotations.Nullable;

/**
 * Limits the number of connections and the bandwidth of all of them together (Twisted's
 * {@code ThrottlingFactory}).
 *
 * <p><b>Connections.</b> Once {@code maxConnectionCount} connections are up, new ones are refused
 * ({@link #buildProtocol} returns null, which closes them at once).
 *
 * <p><b>Bandwidth.</b> The limits are in bytes per second, for all connections together. Bytes
 * received and bytes written are counted; once a second (on the given clock, starting when the
 * first connection is built) the counts are checked and reset. If more than the read limit was
 * received, every connection's transport is paused ({@code pauseProducing}, which stops reading)
 * for {@code received / limit - 1} seconds, so the average comes back to the limit; the same goes
 * for writes, except that what is paused is each connection's registered streaming producer (a
 * connection that writes without a producer is never throttled, as in Twisted). When the last
 * connection ends the timers stop.
 *
 * <p>A throttled transport stays paused even if the wrapped protocol resumes it meanwhile
 * (Twisted's would resume); it resumes only when both the throttle and the protocol allow it.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
public class ThrottlingFactory extends WrappingFactory {

    /** A limit that never applies. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    private static final System.Logger LOG = System.getLogger(ThrottlingFactory.class.getName());
    private static final Duration CHECK_PERIOD = Duration.ofSeconds(1);

    private final ReactorTime time;
    private final int maxConnectionCount;
    private final long readLimit;
    private final long writeLimit;
    private int connectionCount;
    private long readThisSecond;
    private long writtenThisSecond;
    private @Nullable DelayedCall checkReads;
    private @Nullable DelayedCall checkWrites;
    private @Nullable DelayedCall unthrottleReads;
    private @Nullable DelayedCall unthrottleWrites;

    /**
     * Creates a factory that only limits the number of connections.
     *
     * @param wrappedFactory builds the protocols to throttle
     * @param time the clock of the reactor the connections run on
     * @param maxConnectionCount how many connections may be up at once
     */
    public ThrottlingFactory(Factory wrappedFactory, ReactorTime time, int maxConnectionCount) {
        this(wrappedFactory, time, maxConnectionCount, UNLIMITED, UNLIMITED);
    }

    /**
     * Creates a factory with connection and bandwidth limits.
     *
     * @param wrappedFactory builds the protocols to throttle
     * @param time the clock of the reactor the connections run on
     * @param maxConnectionCount how many connections may be up at once
     *     ({@link Integer#MAX_VALUE} for no limit)
     * @param readLimit bytes per second received by all connections together, or
     *     {@link #UNLIMITED}
     * @param writeLimit bytes per second written by all connections together, or
     *     {@link #UNLIMITED}
     * @throws IllegalArgumentException if the connection count is negative or a bandwidth limit
     *     is not positive
     */
    public ThrottlingFactory(
            Factory wrappedFactory, ReactorTime time, int maxConnectionCount, long readLimit, long writeLimit) {
        super(wrappedFactory);
        this.time = Objects.requireNonNull(time, "time");
        if (maxConnectionCount < 0 || readLimit <= 0 || writeLimit <= 0) {
            throw new IllegalArgumentException("bad limits: connections " + maxConnectionCount
                    + " (must not be negative), read " + readLimit + " and write " + writeLimit
                    + " (must be positive)");
        }
        this.maxConnectionCount = maxConnectionCount;
        this.readLimit = readLimit;
        this.writeLimit = writeLimit;
    }

    /**
     * How many connections this factory has built that are not yet lost.
     *
     * @return the connection count
     */
    public int connectionCount() {
        return connectionCount;
    }

    /**
     * Bytes received since the last check.
     *
     * @return the read counter
     */
    public long readThisSecond() {
        return readThisSecond;
    }

    /**
     * Bytes written since the last check.
     *
     * @return the write counter
     */
    public long writtenThisSecond() {
        return writtenThisSecond;
    }

    /**
     * Builds a throttled protocol, or refuses the connection when {@code maxConnectionCount}
     * connections are up.
     *
     * @param address the peer's address
     * @return the wrapper, or null to refuse
     */
    @Override
    public @Nullable Protocol buildProtocol(Address address) {
        if (connectionCount >= maxConnectionCount) {
            LOG.log(Level.INFO, "refusing a connection from {0}: {1} connections are up", address, connectionCount);
            return null;
        }
        Protocol wrapper = super.buildProtocol(address);
        if (wrapper == null) {
            return null;
        }
        if (connectionCount == 0) {
            if (readLimit != UNLIMITED) {
                checkReadBandwidth();
            }
            if (writeLimit != UNLIMITED) {
                checkWriteBandwidth();
            }
        }
        connectionCount++;
        return wrapper;
    }

    @Override
    protected ProtocolWrapper wrap(Protocol protocol) {
        return new ThrottlingProtocol(this, protocol);
    }

    /**
     * Counts a lost connection; stops the timers after the last one.
     *
     * @param wrapper the wrapper whose connection ended
     */
    @Override
    protected void unregisterProtocol(ProtocolWrapper wrapper) {
        super.unregisterProtocol(wrapper);
        connectionCount--;
        if (connectionCount == 0) {
            checkReads = cancel(checkReads);
            checkWrites = cancel(checkWrites);
            unthrottleReads = cancel(unthrottleReads);
            unthrottleWrites = cancel(unthrottleWrites);
        }
    }

    private void checkReadBandwidth() {
        if (readThisSecond > readLimit) {
            throttle(true);
            unthrottleReads = time.callLater(throttleTime(readThisSecond, readLimit), () -> {
                unthrottleReads = null;
                unthrottle(true);
            });
        }
        readThisSecond = 0;
        checkReads = time.callLater(CHECK_PERIOD, this::checkReadBandwidth);
    }

    private void checkWriteBandwidth() {
        if (writtenThisSecond > writeLimit) {
            throttle(false);
            unthrottleWrites = time.callLater(throttleTime(writtenThisSecond, writeLimit), () -> {
                unthrottleWrites = null;
                unthrottle(false);
            });
        }
        writtenThisSecond = 0;
        checkWrites = time.callLater(CHECK_PERIOD, this::checkWriteBandwidth);
    }

    /** How long to pause so that one second's excess averages out: {@code count / limit - 1} s. */
    private static Duration throttleTime(long count, long limit) {
        double seconds = (double) count / limit - 1.0;
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    private void throttle(boolean reads) {
        LOG.log(Level.DEBUG, "throttling {0} on {1}", reads ? "reads" : "writes", this);
        for (ProtocolWrapper p : List.copyOf(protocols())) {
            ((ThrottlingProtocol) p).setThrottled(reads, true);
        }
    }

    private void unthrottle(boolean reads) {
        LOG.log(Level.DEBUG, "stopped throttling {0} on {1}", reads ? "reads" : "writes", this);
        for (ProtocolWrapper p : List.copyOf(protocols())) {
            ((ThrottlingProtocol) p).setThrottled(reads, false);
        }
    }

    private static @Nullable DelayedCall cancel(@Nullable DelayedCall call) {
        if (call != null && call.active()) {
            call.cancel();
        }
        return null;
    }

    /** Counts bytes both ways and applies the factory's throttling to one connection. */
    private static final class ThrottlingProtocol extends ProtocolWrapper {
        private final ThrottlingFactory factory;
        private @Nullable Producer producer;
        private boolean readsThrottled;
        private boolean writesThrottled;
        /** Whether the wrapped protocol itself paused reading. */
        private boolean pausedByProtocol;

        ThrottlingProtocol(ThrottlingFactory factory, Protocol wrapped) {
            super(factory, wrapped);
            this.factory = factory;
        }

        @Override
        public void dataReceived(byte[] data) {
            factory.readThisSecond += data.length;
            super.dataReceived(data);
        }

        @Override
        public void write(byte[] data) {
            factory.writtenThisSecond += data.length;
            super.write(data);
        }

        @Override
        public void writeSequence(List<byte[]> data) {
            long n = 0;
            for (byte[] chunk : data) {
                n += chunk.length;
            }
            factory.writtenThisSecond += n;
            super.writeSequence(data);
        }

        @Override
        public void registerProducer(Producer p, boolean streaming) {
            super.registerProducer(p, streaming);
            producer = p;
            if (writesThrottled && p instanceof PushProducer push) {
                push.pauseProducing();
            }
        }

        @Override
        public void unregisterProducer() {
            producer = null;
            super.unregisterProducer();
        }

        @Override
        public void pauseProducing() {
            pausedByProtocol = true;
            if (!readsThrottled) {
                super.pauseProducing();
            }
        }

        @Override
        public void resumeProducing() {
            pausedByProtocol = false;
            if (!readsThrottled) {
                super.resumeProducing();
            }
        }

        void setThrottled(boolean reads, boolean throttled) {
            if (!connected() || transport().isClosing()) {
                return;
            }
            if (reads) {
                if (readsThrottled == throttled) {
                    return;
                }
                readsThrottled = throttled;
                if (pausedByProtocol) {
                    return; // the transport is already paused and stays so
                }
                if (throttled) {
                    transport().pauseProducing();
                } else {
                    transport().resumeProducing();
                }
            } else {
                writesThrottled = throttled;
                if (producer instanceof PushProducer push) {
                    if (throttled) {
                        push.pauseProducing();
                    } else {
                        push.resumeProducing();
                    }
                }
            }
        }
    }
}
