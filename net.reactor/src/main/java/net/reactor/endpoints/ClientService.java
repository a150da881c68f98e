package net.reactor.endpoints;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.deferred.Failure;
import net.deferred.Outcome;
import net.deferred.ThrowingFunction;
import net.reactor.Address;
import net.reactor.DelayedCall;
import net.reactor.Factory;
import net.reactor.Protocol;
import net.reactor.ReactorTime;
import net.reactor.endpoints.internal.ForwardingProtocol;
import org.jspecify.annotations.Nullable;

/**
 * Keeps one connection to a {@link ClientEndpoint} up: connects when started, and after a failed
 * attempt or a lost connection waits as its {@link RetryPolicy} says and connects again, until it
 * is stopped (Twisted's {@code ClientService}).
 *
 * {@snippet :
 * ClientService<QueryProtocol> service = new ClientService<>(
 *         Endpoints.clientFromString(reactor, "tcp:host=db.example.org:port=5000"),
 *         Factory.of(QueryProtocol::new),
 *         reactor);
 * service.startService();
 * service.whenConnected()
 *        .addCallback(protocol -> protocol.query("status")); // protocol is a QueryProtocol
 * // at shutdown
 * reactor.addSystemEventTriggerDeferred(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, service::stopService);
 * }
 *
 * <p><b>Retries:</b> after the n-th failure in a row (a failed attempt, a connection rejected by
 * {@code prepareConnection}, or a lost connection) the next attempt waits
 * {@code retryPolicy.delay(n, random)}; {@link BackoffPolicy#DEFAULT} is Twisted's default. A
 * successful connection resets the count.
 *
 * <p><b>{@link #whenConnected}</b> gives the current connection's protocol at once, or waits for
 * the next one. With {@code failAfterFailures = k} it fails instead with the failure of the k-th
 * attempt in a row that fails after the call. Every waiting Deferred fails with
 * {@link CancelledException} when the service stops.
 *
 * <p><b>Stopping:</b> {@link #stopService()} cancels a pending retry or an attempt in progress and
 * closes the current connection ({@code loseConnection}); its Deferred fires once no connection is
 * open and no attempt or retry is pending. Starting again while it stops reconnects as soon as the
 * old connection is gone.
 *
 * <p><b>prepareConnection</b> (optional) runs on each new connection before it is handed out, for
 * example to log in; if it throws or its Deferred fails, the connection is closed and counted as a
 * failed attempt.
 *
 * <p><b>Time:</b> retries are scheduled on the {@link ReactorTime} given to the constructor, so
 * {@code net.reactor.testing.Clock} (or {@code MemoryReactor}) drives them in tests.
 *
 * <p><b>Threading:</b> use it on the reactor thread; every Deferred fires there.
 *
 * @param <P> the type of protocol the factory builds, which {@link #whenConnected} hands out; a
 *     factory of one's own gets one by extending {@link Factory.Of}
 */
public final class ClientService<P extends Protocol> {
    private static final System.Logger LOG = System.getLogger(ClientService.class.getName());

    private enum State {
        INIT,
        CONNECTING,
        WAITING,
        CONNECTED,
        DISCONNECTING,
        RESTARTING,
        STOPPED
    }

    /** A whenConnected Deferred and how many more failures it tolerates (null: any number). */
    private record Waiter<P extends Protocol>(Deferred<P> deferred, @Nullable Integer remaining) {}

    /** One connection attempt, so late events of an abandoned attempt can be told apart. */
    private final class Attempt {
        final Deferred<Protocol> connecting;
        @Nullable ForwardingProtocol proxy;
        /** What the user's factory built for this attempt: the protocol that proxy wraps. */
        @Nullable P built;

        Attempt() {
            Deferred<Protocol> started;
            try {
                started = endpoint.connect(new DisconnectFactory(this));
            } catch (RuntimeException failure) {
                // An endpoint should report failures through its Deferred; treat a throw the same.
                started = Deferred.fail(failure);
            }
            connecting = started;
        }
    }

    private final ClientEndpoint endpoint;
    private final Factory.Of<P> factory;
    private final ReactorTime time;
    private final RetryPolicy retryPolicy;
    private final RandomGenerator random;
    private final @Nullable ThrowingFunction<? super P, ? extends @Nullable Deferred<?>> prepareConnection;

    private State state = State.INIT;
    private boolean running;
    private @Nullable Attempt attempt;
    private @Nullable P currentConnection;
    private @Nullable DelayedCall retryCall;
    private int failedAttempts;
    private List<Waiter<P>> awaitingConnection = new ArrayList<>();
    private List<Deferred<@Nullable Void>> stopWaiters = new ArrayList<>();

    /**
     * Creates a service with Twisted's default back-off and no connection preparation.
     *
     * @param endpoint where to connect
     * @param factory builds a protocol for each connection
     * @param time the clock for retries: the reactor, or a test clock
     */
    public ClientService(ClientEndpoint endpoint, Factory.Of<P> factory, ReactorTime time) {
        this(endpoint, factory, time, BackoffPolicy.DEFAULT, new SplittableRandom(), null);
    }

    /**
     * Creates a service.
     *
     * @param endpoint where to connect
     * @param factory builds a protocol for each connection
     * @param time the clock for retries: the reactor, or a test clock
     * @param retryPolicy how long to wait before each retry
     * @param random the random source handed to {@code retryPolicy}; used on the reactor thread
     * @param prepareConnection runs on each new connection's protocol before
     *     {@link #whenConnected} hands it out, and may return a Deferred to wait for; a failure
     *     rejects the connection; null for none
     */
    public ClientService(
            ClientEndpoint endpoint,
            Factory.Of<P> factory,
            ReactorTime time,
            RetryPolicy retryPolicy,
            RandomGenerator random,
            @Nullable ThrowingFunction<? super P, ? extends @Nullable Deferred<?>> prepareConnection) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.time = Objects.requireNonNull(time, "time");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.random = Objects.requireNonNull(random, "random");
        this.prepareConnection = prepareConnection;
    }

    // ---- public operations ----------------------------------------------------------------

    /**
     * Starts connecting (and reconnecting). Starting a running service only logs a warning.
     */
    public void startService() {
        if (running) {
            LOG.log(System.Logger.Level.WARNING, "duplicate startService on {0}", this);
            return;
        }
        running = true;
        switch (state) {
            case INIT, STOPPED -> connect();
            case DISCONNECTING -> {
                failedAttempts = 0;
                state = State.RESTARTING;
            }
            case CONNECTING, WAITING, CONNECTED, RESTARTING -> {}
        }
    }

    /**
     * Stops: cancels a pending retry or an attempt in progress, closes the current connection,
     * and fails every {@link #whenConnected} Deferred with {@link CancelledException}.
     *
     * @return fires once no connection is open and nothing is pending (at once if nothing was)
     */
    public Deferred<@Nullable Void> stopService() {
        running = false;
        return switch (state) {
            case INIT, STOPPED -> {
                state = State.STOPPED;
                yield Deferred.succeed(null);
            }
            case CONNECTING -> {
                Deferred<@Nullable Void> stopped = waitForStop();
                state = State.DISCONNECTING;
                // Fails the attempt, which brings the state machine to STOPPED.
                Objects.requireNonNull(attempt).connecting.cancel();
                yield stopped;
            }
            case WAITING -> {
                Deferred<@Nullable Void> stopped = waitForStop();
                state = State.STOPPED;
                cancelConnectWaiters();
                stopRetrying();
                finishStopping();
                yield stopped;
            }
            case CONNECTED -> {
                Deferred<@Nullable Void> stopped = waitForStop();
                state = State.DISCONNECTING;
                Objects.requireNonNull(currentConnection).transport().loseConnection();
                yield stopped;
            }
            case DISCONNECTING -> waitForStop();
            case RESTARTING -> {
                state = State.DISCONNECTING;
                yield waitForStop();
            }
        };
    }

    /**
     * The current connection's protocol, or the next one.
     *
     * @return fires with the protocol built by the factory once connected (at once if connected
     *     now); fails with {@link CancelledException} if the service stops first
     */
    public Deferred<P> whenConnected() {
        return awaitConnection(null);
    }

    /**
     * The current connection's protocol, or the next one, giving up after some failures.
     *
     * @param failAfterFailures how many failed attempts (counted from this call) to tolerate:
     *     1 fails with the very next failure, 2 allows one retry, and so on
     * @return fires with the protocol once connected; fails with the failure of the
     *     {@code failAfterFailures}-th failed attempt, or with {@link CancelledException} if the
     *     service stops first
     * @throws IllegalArgumentException if {@code failAfterFailures} is below 1
     */
    public Deferred<P> whenConnected(int failAfterFailures) {
        if (failAfterFailures < 1) {
            throw new IllegalArgumentException("failAfterFailures must be at least 1: " + failAfterFailures);
        }
        return awaitConnection(failAfterFailures);
    }

    /**
     * Whether {@link #startService()} was called more recently than {@link #stopService()}.
     *
     * @return true while started
     */
    public boolean running() {
        return running;
    }

    @Override
    public String toString() {
        return "ClientService[" + endpoint + ", " + state + "]";
    }

    // ---- state machine --------------------------------------------------------------------

    private Deferred<P> awaitConnection(@Nullable Integer failAfterFailures) {
        return switch (state) {
            case CONNECTED -> Deferred.succeed(Objects.requireNonNull(currentConnection));
            case STOPPED -> Deferred.fail(new CancelledException("the ClientService is stopped"));
            case INIT, CONNECTING, WAITING, DISCONNECTING, RESTARTING -> {
                Deferred<P> waiting = new Deferred<>();
                awaitingConnection.add(new Waiter<>(waiting, failAfterFailures));
                yield waiting;
            }
        };
    }

    private void connect() {
        state = State.CONNECTING;
        Attempt current = new Attempt();
        attempt = current;
        current.connecting
                .addCallbackDeferred(proxy -> prepare(current, proxy))
                .addBoth(outcome -> {
                    switch (outcome) {
                        case Outcome.Success<P>(P protocol) -> connectionMade(current, protocol);
                        case Outcome.Failed<P>(Failure failure) -> connectionFailed(current, failure);
                    }
                    return null;
                });
    }

    /** Runs prepareConnection on the user's protocol; its Deferred fires with that protocol. */
    private Deferred<P> prepare(Attempt current, Protocol connected) {
        // The endpoint hands back what our factory built: the wrapper around the user's protocol.
        P user = current.built;
        if (user == null || connected != current.proxy) {
            return Deferred.fail(new IllegalStateException("endpoint " + endpoint + " fired with " + connected
                    + ", not the protocol the ClientService's factory built; a ClientEndpoint must fire with"
                    + " the protocol its factory built"));
        }
        ThrowingFunction<? super P, ? extends @Nullable Deferred<?>> prepare = prepareConnection;
        if (prepare == null) {
            return Deferred.succeed(user);
        }
        Deferred<?> prepared;
        try {
            prepared = prepare.apply(user);
        } catch (Exception failure) {
            return Deferred.fail(failure);
        }
        if (prepared == null) {
            return Deferred.succeed(user);
        }
        return prepared.addCallback(ignored -> user);
    }

    private void connectionMade(Attempt current, P protocol) {
        if (current != attempt) {
            return;
        }
        switch (state) {
            case CONNECTING -> {
                state = State.CONNECTED;
                failedAttempts = 0;
                currentConnection = protocol;
                List<Waiter<P>> waiting = takeWaiters();
                for (Waiter<P> w : waiting) {
                    w.deferred().callback(protocol);
                }
            }
            // Cannot happen: stopping cancels the attempt, which then fails. Close it to be safe.
            default -> closeRejected(current);
        }
    }

    private void connectionFailed(Attempt current, Failure failure) {
        if (current != attempt) {
            return;
        }
        attempt = null;
        // A connection that prepareConnection rejected (or that stopping cut short) is closed.
        closeRejected(current);
        switch (state) {
            case CONNECTING -> {
                state = State.WAITING;
                scheduleRetry();
                deliverConnectionFailure(failure);
            }
            case DISCONNECTING -> {
                state = State.STOPPED;
                cancelConnectWaiters();
                finishStopping();
            }
            case RESTARTING -> {
                finishStopping();
                connect();
            }
            default -> {}
        }
    }

    private void clientDisconnected(Attempt current) {
        if (current != attempt) {
            // A connection that was rejected or abandoned, closing: already accounted for.
            return;
        }
        if (currentConnection == null) {
            // Lost while prepareConnection was still running: abandon that attempt, which
            // fails it and so schedules a retry (or finishes stopping).
            current.connecting.cancel();
            return;
        }
        currentConnection = null;
        attempt = null;
        switch (state) {
            case CONNECTED -> {
                state = State.WAITING;
                scheduleRetry();
            }
            case DISCONNECTING -> {
                state = State.STOPPED;
                cancelConnectWaiters();
                finishStopping();
            }
            case RESTARTING -> {
                finishStopping();
                connect();
            }
            default -> {}
        }
    }

    private void closeRejected(Attempt current) {
        ForwardingProtocol proxy = current.proxy;
        if (proxy != null && proxy.connected() && currentConnection != proxy.wrapped()) {
            proxy.transport().loseConnection();
        }
    }

    private void scheduleRetry() {
        failedAttempts++;
        Duration delay = retryPolicy.delay(failedAttempts, random);
        LOG.log(System.Logger.Level.INFO, "Scheduling retry {0} to connect {1} in {2}", failedAttempts, endpoint, delay);
        retryCall = time.callLater(delay, () -> {
            retryCall = null;
            if (state == State.WAITING) {
                connect();
            }
        });
    }

    private void stopRetrying() {
        DelayedCall call = retryCall;
        retryCall = null;
        if (call != null && call.active()) {
            call.cancel();
        }
    }

    private void deliverConnectionFailure(Failure failure) {
        List<Waiter<P>> keep = new ArrayList<>();
        List<Deferred<P>> ready = new ArrayList<>();
        for (Waiter<P> w : awaitingConnection) {
            Integer remaining = w.remaining();
            if (remaining == null) {
                keep.add(w);
            } else if (remaining <= 1) {
                ready.add(w.deferred());
            } else {
                keep.add(new Waiter<>(w.deferred(), remaining - 1));
            }
        }
        awaitingConnection = keep;
        for (Deferred<P> d : ready) {
            d.errback(failure);
        }
    }

    private List<Waiter<P>> takeWaiters() {
        List<Waiter<P>> waiting = awaitingConnection;
        awaitingConnection = new ArrayList<>();
        return waiting;
    }

    private void cancelConnectWaiters() {
        for (Waiter<P> w : takeWaiters()) {
            w.deferred().errback(new CancelledException("the ClientService was stopped"));
        }
    }

    private Deferred<@Nullable Void> waitForStop() {
        Deferred<@Nullable Void> stopped = new Deferred<>();
        stopWaiters.add(stopped);
        return stopped;
    }

    private void finishStopping() {
        List<Deferred<@Nullable Void>> waiting = stopWaiters;
        stopWaiters = new ArrayList<>();
        for (Deferred<@Nullable Void> d : waiting) {
            d.callback(null);
        }
    }

    /**
     * The factory handed to the endpoint for one attempt: the user's factory, with each protocol
     * wrapped so the service hears when its connection ends (Twisted's {@code _DisconnectFactory}).
     */
    private final class DisconnectFactory extends Factory {
        private final Attempt owner;

        DisconnectFactory(Attempt owner) {
            this.owner = owner;
        }

        @Override
        public @Nullable Protocol buildProtocol(Address address) {
            P built = factory.buildProtocol(address);
            if (built == null) {
                return null;
            }
            owner.built = built;
            ForwardingProtocol proxy = ForwardingProtocol.wrap(built, new ForwardingProtocol.Listener() {
                @Override
                public void connected(Protocol wrapped) {}

                @Override
                public void lost(Protocol wrapped, Throwable reason) {
                    clientDisconnected(owner);
                }
            });
            owner.proxy = proxy;
            return proxy;
        }

        @Override
        protected void startFactory() {
            factory.doStart();
        }

        @Override
        protected void stopFactory() {
            factory.doStop();
        }

        @Override
        public String toString() {
            return "DisconnectFactory[" + factory + "]";
        }
    }
}
