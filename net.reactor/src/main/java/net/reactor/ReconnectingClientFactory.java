package net.reactor;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ClientFactory} that reconnects, with exponential back-off, whenever a connection
 * attempt fails or an established connection is lost (Twisted's
 * {@code ReconnectingClientFactory}, with its defaults and its arithmetic).
 *
 * {@snippet :
 * final class FeedFactory extends ReconnectingClientFactory {
 *     FeedFactory(Reactor reactor) {
 *         super(reactor);
 *     }
 *
 *     @Override
 *     public Protocol buildProtocol(Address address) {
 *         resetDelay();                 // connected: the next outage starts from the initial delay
 *         return new FeedProtocol();
 *     }
 * }
 * reactor.connectTCP("feed.example.org", 7000, new FeedFactory(reactor));
 * }
 *
 * <p><b>Back-off:</b> each {@link #retry} counts one more retry, gives up (logging it) once
 * {@code maxRetries} is exceeded, and otherwise multiplies the current delay by {@code factor},
 * caps it at {@code maxDelay}, replaces it by a normally distributed value with that mean and a
 * standard deviation of {@code delay * jitter}, and calls {@link Connector#connect()} after that
 * delay. The jittered value is kept as the current delay, so the jitter compounds from one retry
 * to the next, and it may exceed {@code maxDelay} slightly, exactly as in Twisted. Note that even
 * the first retry waits {@code initialDelay * factor} (about 2.7 s with the defaults), not
 * {@code initialDelay}. A jittered delay below zero (absurdly unlikely) is treated as zero.
 *
 * <p><b>Resetting:</b> as in Twisted, nothing resets the back-off automatically: call
 * {@link #resetDelay()} once a connection succeeds, typically in {@link #buildProtocol}.
 * {@link #stopTrying()} cancels a pending retry, abandons an attempt in progress and stops
 * reconnecting until {@code resetDelay()} is called.
 *
 * <p><b>Time:</b> retries are scheduled on the {@link ReactorTime} given to the constructor (the
 * connector does not expose one), so a test can drive them with
 * {@code net.reactor.testing.Clock} or {@code MemoryReactor}. The jitter's random source can be
 * injected too, for deterministic tests.
 *
 * <p><b>Threading:</b> every method is called on the reactor thread.
 */
public abstract class ReconnectingClientFactory extends ClientFactory {
    private static final System.Logger LOG = System.getLogger(ReconnectingClientFactory.class.getName());

    /** Twisted's default delay before back-off starts: 1 second. */
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(1);

    /** Twisted's default back-off factor: Euler's number, e. */
    public static final double DEFAULT_FACTOR = 2.7182818284590451;

    /** Twisted's default jitter (relative standard deviation of each delay): 0.11962656472. */
    public static final double DEFAULT_JITTER = 0.11962656472;

    /** Twisted's default cap on the delay, before jitter: one hour. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(3600);

    private final ReactorTime time;
    private final RandomGenerator random;
    private double initialDelay = seconds(DEFAULT_INITIAL_DELAY);
    private double factor = DEFAULT_FACTOR;
    private double jitter = DEFAULT_JITTER;
    private double maxDelay = seconds(DEFAULT_MAX_DELAY);
    private @Nullable Integer maxRetries;
    private double delay = initialDelay;
    private int retries;
    private boolean continueTrying = true;
    private @Nullable Connector connector;
    private @Nullable DelayedCall pendingRetry;

    /**
     * Creates a factory with Twisted's defaults that schedules retries on {@code time}.
     *
     * @param time the clock for retries: the reactor, or a test clock
     */
    protected ReconnectingClientFactory(ReactorTime time) {
        this(time, new SplittableRandom());
    }

    /**
     * Creates a factory with Twisted's defaults, a clock, and a random source for the jitter.
     *
     * @param time the clock for retries: the reactor, or a test clock
     * @param random where the jitter comes from ({@link RandomGenerator#nextGaussian()} is asked
     *     for one value per retry); used on the reactor thread only
     */
    protected ReconnectingClientFactory(ReactorTime time, RandomGenerator random) {
        this.time = Objects.requireNonNull(time, "time");
        this.random = Objects.requireNonNull(random, "random");
    }

    // ---- settings -------------------------------------------------------------------------

    /**
     * The delay that back-off starts from, and that {@link #resetDelay()} restores.
     *
     * @return the initial delay; 1 s by default
     */
    public Duration getInitialDelay() {
        return duration(initialDelay);
    }

    /**
     * Sets the delay that back-off starts from. Takes effect at the next {@link #resetDelay()}
     * (set it before connecting to use it from the start).
     *
     * @param initialDelay zero or more
     * @throws IllegalArgumentException if negative
     */
    public void setInitialDelay(Duration initialDelay) {
        this.initialDelay = nonNegativeSeconds(initialDelay, "initialDelay");
        if (retries == 0) {
            delay = this.initialDelay;
        }
    }

    /**
     * How much each retry multiplies the delay by.
     *
     * @return the factor; e by default
     */
    public double getFactor() {
        return factor;
    }

    /**
     * Sets how much each retry multiplies the delay by.
     *
     * @param factor a finite number, normally above 1
     * @throws IllegalArgumentException if not finite or not positive
     */
    public void setFactor(double factor) {
        if (!Double.isFinite(factor) || factor <= 0) {
            throw new IllegalArgumentException("factor must be a positive number: " + factor);
        }
        this.factor = factor;
    }

    /**
     * The relative standard deviation of each delay.
     *
     * @return the jitter; 0.11962656472 by default
     */
    public double getJitter() {
        return jitter;
    }

    /**
     * Sets the relative standard deviation of each delay; 0 turns jitter off.
     *
     * @param jitter zero or more
     * @throws IllegalArgumentException if negative or not finite
     */
    public void setJitter(double jitter) {
        if (!Double.isFinite(jitter) || jitter < 0) {
            throw new IllegalArgumentException("jitter must be zero or more: " + jitter);
        }
        this.jitter = jitter;
    }

    /**
     * The cap on the delay, applied before jitter.
     *
     * @return the maximum delay; one hour by default
     */
    public Duration getMaxDelay() {
        return duration(maxDelay);
    }

    /**
     * Sets the cap on the delay, applied before jitter.
     *
     * @param maxDelay zero or more
     * @throws IllegalArgumentException if negative
     */
    public void setMaxDelay(Duration maxDelay) {
        this.maxDelay = nonNegativeSeconds(maxDelay, "maxDelay");
    }

    /**
     * How many retries are made before giving up.
     *
     * @return the limit, or null for no limit (the default)
     */
    public @Nullable Integer getMaxRetries() {
        return maxRetries;
    }

    /**
     * Sets how many retries are made before giving up.
     *
     * @param maxRetries zero or more, or null for no limit
     * @throws IllegalArgumentException if negative
     */
    public void setMaxRetries(@Nullable Integer maxRetries) {
        if (maxRetries != null && maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be zero or more: " + maxRetries);
        }
        this.maxRetries = maxRetries;
    }

    // ---- state ----------------------------------------------------------------------------

    /**
     * The current delay: the one the last retry waited, or the initial delay after a reset.
     *
     * @return the current delay
     */
    public Duration currentDelay() {
        return duration(delay);
    }

    /**
     * How many retries have been made since the last {@link #resetDelay()}.
     *
     * @return the retry count
     */
    public int retries() {
        return retries;
    }

    /**
     * Whether failures and lost connections lead to a retry.
     *
     * @return false after {@link #stopTrying()}, until {@link #resetDelay()}
     */
    public boolean continueTrying() {
        return continueTrying;
    }

    /**
     * The connector of the last attempt, failure or lost connection, which {@link #retry()}
     * reconnects.
     *
     * @return the connector, or null before the first attempt
     */
    public @Nullable Connector connector() {
        return connector;
    }

    // ---- behaviour ------------------------------------------------------------------------

    /**
     * Remembers the connector, so that {@link #stopTrying()} can abandon even the first attempt
     * (Twisted learns the connector only at the first failure). Subclasses that override it
     * should call {@code super.startedConnecting(connector)}.
     *
     * @param connector the connector making the attempt
     */
    @Override
    public void startedConnecting(Connector connector) {
        this.connector = connector;
    }

    /**
     * Retries, unless {@link #stopTrying()} was called. Subclasses that override it should call
     * {@code super.clientConnectionFailed(connector, reason)}.
     *
     * @param connector the connector that failed
     * @param reason why it failed
     */
    @Override
    public void clientConnectionFailed(Connector connector, Throwable reason) {
        if (continueTrying) {
            this.connector = connector;
            retry();
        }
    }

    /**
     * Retries, unless {@link #stopTrying()} was called. Subclasses that override it should call
     * {@code super.clientConnectionLost(connector, reason)}.
     *
     * @param connector the connector whose connection ended
     * @param reason why it ended
     */
    @Override
    public void clientConnectionLost(Connector connector, Throwable reason) {
        if (continueTrying) {
            this.connector = connector;
            retry();
        }
    }

    /**
     * Schedules a reconnection of the remembered {@link #connector()} after the next back-off
     * delay (see the class description).
     *
     * @throws IllegalStateException if there is no connector to retry yet
     */
    public void retry() {
        Connector c = connector;
        if (c == null) {
            if (!continueTrying) {
                return;
            }
            throw new IllegalStateException("no connector to retry: " + this + " has not connected yet");
        }
        retry(c);
    }

    /**
     * Schedules a reconnection of {@code connector} after the next back-off delay, unless
     * {@link #stopTrying()} was called or {@code maxRetries} is exceeded.
     *
     * @param connector the connector to reconnect
     */
    public void retry(Connector connector) {
        Objects.requireNonNull(connector, "connector");
        if (!continueTrying) {
            LOG.log(System.Logger.Level.DEBUG, "Abandoning {0} on explicit request", connector);
            return;
        }
        retries++;
        Integer limit = maxRetries;
        if (limit != null && retries > limit) {
            LOG.log(System.Logger.Level.INFO, "Abandoning {0} after {1} retries", connector, retries);
            return;
        }
        delay = Math.min(delay * factor, maxDelay);
        if (jitter != 0) {
            delay = Math.max(0, delay + delay * jitter * random.nextGaussian());
        }
        LOG.log(System.Logger.Level.DEBUG, "{0} will retry in {1} seconds", connector, delay);
        pendingRetry = time.callLater(duration(delay), () -> {
            pendingRetry = null;
            connector.connect();
        });
    }

    /**
     * Stops reconnecting: cancels a pending retry, abandons an attempt in progress
     * ({@link Connector#stopConnecting()}), and ignores later failures until
     * {@link #resetDelay()}.
     */
    public void stopTrying() {
        DelayedCall pending = pendingRetry;
        pendingRetry = null;
        if (pending != null && pending.active()) {
            pending.cancel();
        }
        continueTrying = false;
        Connector c = connector;
        if (c != null) {
            c.stopConnecting();
        }
    }

    /**
     * Restores the initial delay and the retry count, and resumes trying after
     * {@link #stopTrying()}. Call it once a connection succeeds. A retry already scheduled stays
     * scheduled, as in Twisted.
     */
    public void resetDelay() {
        delay = initialDelay;
        retries = 0;
        continueTrying = true;
    }

    @Override
    public String toString() {
        return getClass().getName() + "[retries=" + retries + ", delay=" + delay + "s"
                + (continueTrying ? "" : ", stopped") + "]";
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    private static double nonNegativeSeconds(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
        return seconds(d);
    }

    private static Duration duration(double seconds) {
        // Long.MAX_VALUE nanoseconds is about 292 years; anything longer means "never" anyway.
        if (!(seconds < Long.MAX_VALUE / 1e9)) {
            return Duration.ofNanos(Long.MAX_VALUE);
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
