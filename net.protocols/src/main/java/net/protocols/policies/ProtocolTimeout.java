package net.protocols.policies;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import net.reactor.DelayedCall;
import net.reactor.Protocol;
import net.reactor.ReactorTime;
import org.jspecify.annotations.Nullable;

/**
 * A timeout a protocol owns and resets on activity: Twisted's {@code TimeoutMixin} as an object,
 * since Java has no mix-ins. When the period passes without {@link #resetTimeout()}, the timeout
 * action runs; {@link #closing} makes one whose action closes the connection.
 *
 * <p>As in Twisted, the protocol decides what counts as activity: call {@link #resetTimeout()}
 * (typically in {@code dataReceived}), and {@code setTimeout(null)} in {@code connectionLost}.
 * After the timeout has fired, {@code resetTimeout()} does nothing until {@link #setTimeout}
 * starts a new one.
 *
 * <p><b>Threading:</b> reactor thread only; the action runs there.
 *
 * {@snippet :
 * final class Chat extends LineReceiver {
 *     private final ProtocolTimeout idle;
 *
 *     Chat(ReactorTime time) {
 *         idle = ProtocolTimeout.closing(time, this);
 *     }
 *
 *     @Override
 *     public void connectionMade() {
 *         idle.setTimeout(Duration.ofMinutes(5));
 *     }
 *
 *     @Override
 *     protected void lineReceived(byte[] line) {
 *         idle.resetTimeout();
 *         // ...
 *     }
 *
 *     @Override
 *     public void connectionLost(Throwable reason) {
 *         idle.setTimeout(null);
 *         super.connectionLost(reason);
 *     }
 * }
 * }
 */
public final class ProtocolTimeout {
    private final ReactorTime time;
    /** Receives the period that expired. */
    private final Consumer<Duration> timeoutConnection;
    private @Nullable Duration timeout;
    private @Nullable DelayedCall call;

    /**
     * Creates a timeout, not yet running.
     *
     * @param time the clock of the reactor the protocol runs on
     * @param timeoutConnection what to do when the timeout expires (Twisted's
     *     {@code timeoutConnection})
     */
    public ProtocolTimeout(ReactorTime time, Runnable timeoutConnection) {
        this(time, expired -> timeoutConnection.run());
        Objects.requireNonNull(timeoutConnection, "timeoutConnection");
    }

    private ProtocolTimeout(ReactorTime time, Consumer<Duration> timeoutConnection) {
        this.time = Objects.requireNonNull(time, "time");
        this.timeoutConnection = timeoutConnection;
    }

    /**
     * Creates a timeout whose expiry closes {@code protocol}'s connection cleanly, with an
     * {@link IdleTimeoutException} as the reason (Twisted's default {@code timeoutConnection}).
     *
     * @param time the clock of the reactor the protocol runs on
     * @param protocol the protocol whose transport is closed
     * @return a timeout, not yet running
     */
    public static ProtocolTimeout closing(ReactorTime time, Protocol protocol) {
        Objects.requireNonNull(protocol, "protocol");
        return new ProtocolTimeout(time, expired -> {
            if (protocol.connected()) {
                protocol.transport().loseConnection(new IdleTimeoutException(expired));
            }
        });
    }

    /**
     * Sets the period and (re)starts the timer: {@code null} cancels it; otherwise a running timer
     * is moved to expire {@code period} from now, or a new one starts.
     *
     * @param period the new timeout, or null for none
     * @return the previous period, or null if there was none
     */
    public @Nullable Duration setTimeout(@Nullable Duration period) {
        Duration previous = timeout;
        timeout = period;
        DelayedCall pending = call;
        if (pending != null) {
            if (period == null) {
                if (pending.active()) {
                    pending.cancel();
                }
                call = null;
            } else {
                pending.reset(period);
            }
        } else if (period != null) {
            call = time.callLater(period, this::timedOut);
        }
        return previous;
    }

    /** Restarts the running timer from now; does nothing if no timer is running. */
    public void resetTimeout() {
        DelayedCall pending = call;
        Duration period = timeout;
        if (pending != null && period != null) {
            pending.reset(period);
        }
    }

    /**
     * The current period.
     *
     * @return the timeout, or null if none is set
     */
    public @Nullable Duration timeout() {
        return timeout;
    }

    /**
     * Whether a timer is running.
     *
     * @return true until it expires or is cancelled
     */
    public boolean isRunning() {
        return call != null;
    }

    private void timedOut() {
        call = null;
        timeoutConnection.accept(Objects.requireNonNull(timeout, "a running timer has a period"));
    }
}
