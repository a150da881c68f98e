package net.protocols.policies;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import net.reactor.DelayedCall;
import net.reactor.Protocol;
import net.reactor.Transport;
import org.jspecify.annotations.Nullable;

/**
 * The wrapper {@link TimeoutFactory} puts around each protocol (Twisted's
 * {@code TimeoutProtocol}): its timer starts when the connection is made, restarts on every
 * {@code dataReceived}, {@code write} and {@code writeSequence}, stops when the connection is
 * lost, and on expiry closes the connection with an {@link IdleTimeoutException}.
 *
 * <p>The wrapped protocol can reach it as its transport to change its own timeout, for example
 * {@code ((TimeoutProtocol) transport()).setTimeout(null)} during a long download.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
public class TimeoutProtocol extends ProtocolWrapper {
    private final TimeoutFactory factory;
    private @Nullable Duration timeoutPeriod;
    private @Nullable DelayedCall timeoutCall;

    /**
     * Creates the wrapper.
     *
     * @param factory the factory whose clock the timer uses
     * @param wrappedProtocol the protocol to wrap
     * @param timeoutPeriod the idle period
     */
    public TimeoutProtocol(TimeoutFactory factory, Protocol wrappedProtocol, Duration timeoutPeriod) {
        super(factory, wrappedProtocol);
        this.factory = factory;
        this.timeoutPeriod = Objects.requireNonNull(timeoutPeriod, "timeoutPeriod");
    }

    /**
     * Starts the timer, then connects as every wrapper does.
     *
     * @param transport the real transport
     */
    @Override
    public void makeConnection(Transport transport) {
        Duration period = timeoutPeriod;
        if (period != null && timeoutCall == null) {
            timeoutCall = factory.time().callLater(period, this::timeoutFunc);
        }
        super.makeConnection(transport);
    }

    /**
     * Replaces the timer: cancels the running one and, unless {@code period} is null, starts a
     * new one.
     *
     * @param period the new idle period, or null for none
     */
    public void setTimeout(@Nullable Duration period) {
        cancelTimeout();
        timeoutPeriod = period;
        if (period != null) {
            timeoutCall = factory.time().callLater(period, this::timeoutFunc);
        }
    }

    /** Cancels the timer; the connection no longer times out until {@link #setTimeout}. */
    public void cancelTimeout() {
        timeoutPeriod = null;
        DelayedCall call = timeoutCall;
        timeoutCall = null;
        if (call != null && call.active()) {
            call.cancel();
        }
    }

    /** Restarts the timer from now, if one is running. */
    public void resetTimeout() {
        DelayedCall call = timeoutCall;
        Duration period = timeoutPeriod;
        if (call != null && period != null && call.active()) {
            call.reset(period);
        }
    }

    /**
     * The current idle period.
     *
     * @return the period, or null if the timeout was cancelled
     */
    public @Nullable Duration timeoutPeriod() {
        return timeoutPeriod;
    }

    @Override
    public void dataReceived(byte[] data) {
        resetTimeout();
        super.dataReceived(data);
    }

    @Override
    public void write(byte[] data) {
        resetTimeout();
        super.write(data);
    }

    @Override
    public void writeSequence(List<byte[]> data) {
        resetTimeout();
        super.writeSequence(data);
    }

    @Override
    public void connectionLost(Throwable reason) {
        cancelTimeout();
        super.connectionLost(reason);
    }

    /**
     * Called when the timer expires: closes the connection cleanly with the reason, and aborts it
     * if it is still open one period later. A clean close waits for the write buffer to drain, which
     * a peer that never reads never allows; Twisted's {@code TimeoutProtocol} would then wait for
     * ever, so this follows its HTTP channel's abort timeout instead.
     */
    protected void timeoutFunc() {
        Duration period = timeoutPeriod;
        timeoutCall = null;
        if (connected()) {
            loseConnection(new IdleTimeoutException(period == null ? Duration.ZERO : period));
            if (period != null && connected()) {
                timeoutCall = factory.time().callLater(period, this::abortIfStillOpen);
            }
        }
    }

    private void abortIfStillOpen() {
        timeoutCall = null;
        if (connected()) {
            abortConnection();
        }
    }
}
