package net.protocols.policies;

import java.time.Duration;
import java.util.Objects;
import net.reactor.Factory;
import net.reactor.Protocol;
import net.reactor.ReactorTime;

/**
 * Closes connections that stay idle for a period (Twisted's {@code TimeoutFactory}): each
 * protocol is wrapped in a {@link TimeoutProtocol}, whose timer restarts whenever data is
 * received or written, in either direction. When it expires, the connection is closed cleanly
 * with an {@link IdleTimeoutException} as the reason.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
public class TimeoutFactory extends WrappingFactory {

    /** Twisted's default idle period: 30 minutes. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    private final ReactorTime time;
    private final Duration timeoutPeriod;

    /**
     * Creates a factory with the default 30-minute idle period.
     *
     * @param wrappedFactory builds the protocols to time out
     * @param time the clock of the reactor the connections run on
     */
    public TimeoutFactory(Factory wrappedFactory, ReactorTime time) {
        this(wrappedFactory, time, DEFAULT_TIMEOUT);
    }

    /**
     * Creates a factory.
     *
     * @param wrappedFactory builds the protocols to time out
     * @param time the clock of the reactor the connections run on
     * @param timeoutPeriod how long a connection may stay idle
     * @throws IllegalArgumentException if the period is negative
     */
    public TimeoutFactory(Factory wrappedFactory, ReactorTime time, Duration timeoutPeriod) {
        super(wrappedFactory);
        this.time = Objects.requireNonNull(time, "time");
        this.timeoutPeriod = Objects.requireNonNull(timeoutPeriod, "timeoutPeriod");
        if (timeoutPeriod.isNegative()) {
            throw new IllegalArgumentException("the timeout must not be negative: " + timeoutPeriod);
        }
    }

    /**
     * The idle period given to each new connection.
     *
     * @return the timeout
     */
    public Duration timeoutPeriod() {
        return timeoutPeriod;
    }

    /**
     * The clock the timers run on.
     *
     * @return the reactor's time
     */
    public ReactorTime time() {
        return time;
    }

    @Override
    protected ProtocolWrapper wrap(Protocol protocol) {
        return new TimeoutProtocol(this, protocol, timeoutPeriod);
    }
}
