package net.reactor.endpoints.internal;

import java.util.Objects;
import net.deferred.Deferred;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.ConnectFailedException;
import net.reactor.Connector;
import net.reactor.Factory;
import net.reactor.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * The client factory behind one {@code ClientEndpoint.connect(factory)} call (Twisted's
 * {@code _WrappingFactory}): it turns the reactor's connector callbacks into the Deferred that
 * {@code connect} returns.
 *
 * <ul>
 *   <li>The user's factory builds the protocol; the Deferred fires with it once its
 *       {@code connectionMade} has run.</li>
 *   <li>A failed attempt fails the Deferred with the connector's reason. A factory that builds no
 *       protocol (or throws) fails it too, and the connection is closed.</li>
 *   <li>Cancelling the Deferred stops the attempt; the Deferred then fails with
 *       {@link net.deferred.CancelledException}.</li>
 *   <li>The user's factory is started and stopped ({@code doStart}/{@code doStop}) around the
 *       attempt, as a connector would start it.</li>
 * </ul>
 *
 * <p><b>Threading:</b> reactor thread.
 */
public final class EndpointConnection extends ClientFactory {
    private final Factory factory;
    private final Deferred<Protocol> connected;
    private @Nullable Connector connector;
    private boolean cancelled;

    /**
     * Creates the factory for one attempt.
     *
     * @param factory the user's factory
     */
    public EndpointConnection(Factory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.connected = new Deferred<>(this::cancel);
    }

    /**
     * The Deferred that {@code connect} returns.
     *
     * @return fires with the user's protocol once connected
     */
    public Deferred<Protocol> connected() {
        return connected;
    }

    private void cancel(Deferred<Protocol> ignored) {
        cancelled = true;
        Connector c = connector;
        if (c != null) {
            c.stopConnecting();
        }
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
    public void startedConnecting(Connector connector) {
        this.connector = connector;
    }

    @Override
    public @Nullable Protocol buildProtocol(Address address) {
        if (connected.called()) {
            // Cancelled while the socket was connecting anyway: refuse the late connection.
            return null;
        }
        Protocol protocol;
        try {
            protocol = factory.buildProtocol(address);
        } catch (RuntimeException | Error failure) {
            connected.errback(failure);
            return null;
        }
        if (protocol == null) {
            connected.errback(new ConnectFailedException(
                    "factory " + factory + " built no protocol for " + address + "; the connection was closed"));
            return null;
        }
        return ForwardingProtocol.wrap(protocol, new ForwardingProtocol.Listener() {
            @Override
            public void connected(Protocol wrapped) {
                if (!connected.called()) {
                    connected.callback(wrapped);
                }
            }

            @Override
            public void lost(Protocol wrapped, Throwable reason) {
                // Lost before connectionMade finished (it threw): the caller still needs an answer.
                if (!connected.called()) {
                    connected.errback(reason);
                }
            }
        });
    }

    @Override
    public void clientConnectionFailed(Connector connector, Throwable reason) {
        if (!cancelled && !connected.called()) {
            connected.errback(reason);
        }
    }

    @Override
    public String toString() {
        return "EndpointConnection[" + factory + "]";
    }
}
