package net.reactor.testing;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import net.reactor.Address;
import net.reactor.UNIXAddress;
import net.reactor.ClientFactory;
import net.reactor.ConnectTimeoutException;
import net.reactor.ConnectionDoneException;
import net.reactor.Connector;
import net.reactor.DelayedCall;
import net.reactor.Protocol;
import net.reactor.UserCancelledConnectException;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Connector} that {@link MemoryReactor#connectTCP} returns. It follows a real
 * connector's lifecycle — {@link ClientFactory#startedConnecting}, then either a connection or
 * {@link ClientFactory#clientConnectionFailed}, and {@link ClientFactory#clientConnectionLost}
 * after the protocol's {@code connectionLost} — but the test decides the outcome of each attempt
 * with {@link #completeConnection()} or {@link #failConnection(Throwable)}.
 *
 * <p>As with a real connector, the factory's {@code doStart} runs at the first attempt and its
 * {@code doStop} after a failure or a lost connection unless the factory called
 * {@link #connect()} again from its notification; an attempt still pending after its timeout
 * (on the reactor's {@link Clock}) fails with {@link ConnectTimeoutException}.
 *
 * <p><b>Threading:</b> not thread-safe; use it from the test's thread.
 */
public final class MemoryConnector implements Connector {

    /** Where a connector is in its lifecycle. */
    public enum State {
        /** No attempt in progress and no connection. */
        DISCONNECTED,
        /** An attempt is in progress: the test has not completed or failed it yet. */
        CONNECTING,
        /** A connection is up. */
        CONNECTED
    }

    private final MemoryReactor reactor;
    private final String host;
    private final int port;
    private final ClientFactory factory;
    private final Duration timeout;
    private final @Nullable InetSocketAddress bindAddress;
    /** A UNIX connector's destination; null for TCP (host and port). */
    private final @Nullable Address unixDestination;
    private State state = State.DISCONNECTED;
    private boolean factoryStarted;
    private int attempts;
    private @Nullable DelayedCall timeoutCall;
    private @Nullable StringTransport transport;

    MemoryConnector(
            MemoryReactor reactor,
            String host,
            int port,
            ClientFactory factory,
            Duration timeout,
            @Nullable InetSocketAddress bindAddress) {
        this.reactor = reactor;
        this.host = host;
        this.port = port;
        this.factory = factory;
        this.timeout = timeout;
        this.bindAddress = bindAddress;
        this.unixDestination = null;
    }

    MemoryConnector(MemoryReactor reactor, UNIXAddress destination, ClientFactory factory, Duration timeout) {
        this.reactor = reactor;
        this.host = String.valueOf(destination.path());
        this.port = 0;
        this.factory = factory;
        this.timeout = timeout;
        this.bindAddress = null;
        this.unixDestination = destination;
    }

    /**
     * Starts an attempt: the factory's {@code doStart} (first attempt only), a timeout on the
     * reactor's clock, and {@link ClientFactory#startedConnecting}.
     *
     * @throws IllegalStateException if an attempt is in progress or a connection is up
     */
    @Override
    public void connect() {
        if (state != State.DISCONNECTED) {
            throw new IllegalStateException("cannot connect " + this + ": it is " + state);
        }
        state = State.CONNECTING;
        attempts++;
        if (!factoryStarted) {
            factory.doStart();
            factoryStarted = true;
        }
        timeoutCall = reactor.callLater(timeout, () -> {
            timeoutCall = null;
            failConnection(new ConnectTimeoutException(
                    "connecting to " + getDestination() + " timed out after " + timeout));
        });
        factory.startedConnecting(this);
    }

    /**
     * Abandons the attempt in progress: the factory hears {@code clientConnectionFailed} with a
     * {@link UserCancelledConnectException}. A no-op when not connecting.
     */
    @Override
    public void stopConnecting() {
        if (state == State.CONNECTING) {
            failConnection(new UserCancelledConnectException(
                    "connecting to " + getDestination() + " was cancelled"));
        }
    }

    /** Closes the connection ({@code loseConnection} on its transport) or stops connecting. */
    @Override
    public void disconnect() {
        StringTransport t = transport;
        if (state == State.CONNECTED && t != null) {
            t.loseConnection();
        } else {
            stopConnecting();
        }
    }

    /**
     * The destination, unresolved: an {@link net.reactor.IPv6Address} when the host contains a
     * colon, otherwise an {@link net.reactor.IPv4Address} carrying the host as given (which may
     * be a name; the memory reactor resolves nothing). For {@code connectUNIX}, the
     * {@link UNIXAddress} of the path.
     *
     * @return the address connected to
     */
    @Override
    public Address getDestination() {
        Address unix = unixDestination;
        return unix != null ? unix : MemoryReactor.tcpAddress(host, port);
    }

    // ---- test side ------------------------------------------------------------------------

    /**
     * Completes the attempt in progress as the reactor would when the socket connects: the
     * factory builds a protocol for the destination, and it is connected to a new
     * {@link StringTransport} (host {@link StringTransport#DEFAULT_HOST}, peer the destination).
     * When the connection later ends through that transport's
     * {@link StringTransport#deliverConnectionLost}, the factory hears
     * {@code clientConnectionLost}. If the factory returns no protocol, the connection closes at
     * once, as in Twisted: a placeholder protocol gets {@code connectionLost} and the factory
     * {@code clientConnectionLost} with a {@link ConnectionDoneException}.
     *
     * @return the connection's transport; {@link StringTransport#protocol()} is the protocol
     * @throws IllegalStateException if no attempt is in progress
     */
    public StringTransport completeConnection() {
        requireConnecting("complete");
        cancelTimeout();
        StringTransport t = reactor.newTransport(StringTransport.DEFAULT_HOST, getDestination());
        transport = t;
        state = State.CONNECTED;
        t.afterConnectionLost(this::connectionLost);
        Protocol protocol = factory.buildProtocol(getDestination());
        if (protocol == null) {
            t.connect(new Protocol() {});
            t.deliverConnectionLost(new ConnectionDoneException(
                    "factory " + factory + " built no protocol; connection closed"));
        } else {
            t.connect(protocol);
        }
        return t;
    }

    /**
     * Fails the attempt in progress: the factory hears {@code clientConnectionFailed(this,
     * reason)}, then {@code doStop} unless it called {@link #connect()} again.
     *
     * @param reason why the attempt failed, for example a
     *     {@link net.reactor.ConnectionRefusedException}
     * @throws IllegalStateException if no attempt is in progress
     */
    public void failConnection(Throwable reason) {
        Objects.requireNonNull(reason, "reason");
        requireConnecting("fail");
        cancelTimeout();
        state = State.DISCONNECTED;
        factory.clientConnectionFailed(this, reason);
        stopFactoryIfIdle();
    }

    /**
     * Where this connector is in its lifecycle.
     *
     * @return disconnected, connecting or connected
     */
    public State state() {
        return state;
    }

    /**
     * How many attempts {@link #connect()} has started, the first included.
     *
     * @return the attempt count
     */
    public int attempts() {
        return attempts;
    }

    /**
     * The transport of the current (or last) connection.
     *
     * @return the transport, or null before the first connection
     */
    public @Nullable StringTransport transport() {
        return transport;
    }

    /**
     * The factory given to {@code connectTCP}.
     *
     * @return the client factory
     */
    public ClientFactory factory() {
        return factory;
    }

    /**
     * The connect timeout given to {@code connectTCP}.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The local address given to {@code connectTCP}.
     *
     * @return the bind address, or null for any
     */
    public @Nullable InetSocketAddress bindAddress() {
        return bindAddress;
    }

    private void connectionLost(Throwable reason) {
        state = State.DISCONNECTED;
        factory.clientConnectionLost(this, reason);
        stopFactoryIfIdle();
    }

    private void stopFactoryIfIdle() {
        // The factory may have reconnected from its notification; then it stays started.
        if (state == State.DISCONNECTED && factoryStarted) {
            factoryStarted = false;
            factory.doStop();
        }
    }

    private void cancelTimeout() {
        DelayedCall call = timeoutCall;
        timeoutCall = null;
        if (call != null && call.active()) {
            call.cancel();
        }
    }

    private void requireConnecting(String operation) {
        if (state != State.CONNECTING) {
            throw new IllegalStateException("cannot " + operation + " a connection attempt of " + this
                    + ": it is " + state);
        }
    }

    @Override
    public String toString() {
        return "MemoryConnector[" + getDestination() + ", " + state + ", attempts=" + attempts + "]";
    }
}
