package net.protocols.policies;

import java.util.List;
import java.util.Objects;
import net.reactor.Address;
import net.reactor.HalfCloseableProtocol;
import net.reactor.LayerBuilder;
import net.reactor.Producer;
import net.reactor.Protocol;
import net.reactor.ProtocolLayer;
import net.reactor.TCPTransport;
import net.reactor.Transport;

/**
 * A protocol that stands between a transport and another protocol (Twisted's
 * {@code ProtocolWrapper}): the {@link ProtocolLayer} every policy builds on. It is the protocol
 * of the real transport and, at the same time, the transport of the protocol it wraps. By default
 * every event and every request passes through unchanged; subclasses override the side they
 * police, for example {@link #dataReceived} to count incoming bytes and {@link #write} to count
 * outgoing ones, and call {@code super}.
 *
 * <p>Everything passes through: writes, closes (with or without a reason), aborts, addresses,
 * producer registration (so back-pressure between the wrapped protocol and the real transport is
 * untouched), pausing and resuming reads, half-close, and {@link #insertLayer} (so a wrapped
 * protocol can start TLS: the TLS layer goes in under this wrapper, which then sees plaintext).
 * If the real transport is a {@link TCPTransport}, the wrapped protocol's transport is this
 * wrapper and the TCP methods reach the real transport; otherwise the wrapped protocol gets a
 * view that is only a {@link Transport}, so an {@code instanceof TCPTransport} check tells the
 * truth. The wrapper is a {@link HalfCloseableProtocol}: half-close events reach a wrapped
 * protocol that implements it, and for one that does not, the wrapper closes the whole connection
 * as a transport would.
 *
 * <p>The wrapper registers with its {@link WrappingFactory} when connected and unregisters when
 * the connection is lost.
 *
 * <p><b>Threading:</b> reactor thread only, like the protocol and transport it joins.
 */
public class ProtocolWrapper extends ProtocolLayer implements TCPTransport, HalfCloseableProtocol {
    private final WrappingFactory factory;
    private boolean disconnecting;

    /**
     * Creates a wrapper.
     *
     * @param factory the factory that built it, told when it connects and disconnects
     * @param wrappedProtocol the protocol to wrap
     */
    public ProtocolWrapper(WrappingFactory factory, Protocol wrappedProtocol) {
        super(wrappedProtocol);
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * The factory that built this wrapper.
     *
     * @return the wrapping factory
     */
    public WrappingFactory factory() {
        return factory;
    }

    // ---- protocol side: events from the real transport ---------------------------------------

    /**
     * Registers with the factory, then connects the wrapped protocol to this wrapper (or, over a
     * transport that is not TCP, to a plain {@link Transport} view of it). Runs right after this
     * wrapper's own {@link #connectionMade}.
     */
    @Override
    protected void connectWrappedProtocol() {
        factory.registerProtocol(this);
        Protocol wrapped = wrappedProtocol();
        if (!wrapped.connected()) {
            wrapped.makeConnection(transport() instanceof TCPTransport ? this : new TransportView(this));
        }
    }

    /**
     * Unregisters from the factory and passes the loss to the wrapped protocol.
     *
     * @param reason why the connection ended
     */
    @Override
    public void connectionLost(Throwable reason) {
        factory.unregisterProtocol(this);
        super.connectionLost(reason);
    }

    /**
     * Passes the peer's half-close to a wrapped {@link HalfCloseableProtocol}; closes the
     * connection for any other protocol, as a transport would.
     */
    @Override
    public void readConnectionLost() {
        if (wrappedProtocol() instanceof HalfCloseableProtocol half) {
            half.readConnectionLost();
        } else if (connected()) {
            transport().loseConnection();
        }
    }

    /**
     * Passes the end of the writing half to a wrapped {@link HalfCloseableProtocol}; closes the
     * connection for any other protocol, as a transport would.
     */
    @Override
    public void writeConnectionLost() {
        if (wrappedProtocol() instanceof HalfCloseableProtocol half) {
            half.writeConnectionLost();
        } else if (connected()) {
            transport().loseConnection();
        }
    }

    // ---- transport side: requests from the wrapped protocol ----------------------------------

    @Override
    public void loseConnection() {
        disconnecting = true;
        super.loseConnection();
    }

    @Override
    public void loseConnection(Throwable reason) {
        disconnecting = true;
        super.loseConnection(reason);
    }

    @Override
    public void abortConnection() {
        disconnecting = true;
        super.abortConnection();
    }

    @Override
    public boolean isClosing() {
        return disconnecting || super.isClosing();
    }

    /**
     * Half-closes the real transport.
     *
     * @throws UnsupportedOperationException if the real transport is not a {@link TCPTransport}
     */
    @Override
    public void loseWriteConnection() {
        tcp().loseWriteConnection();
    }

    /**
     * Sets TCP_NODELAY on the real transport.
     *
     * @throws UnsupportedOperationException if the real transport is not a {@link TCPTransport}
     */
    @Override
    public void setTcpNoDelay(boolean enabled) {
        tcp().setTcpNoDelay(enabled);
    }

    /**
     * Reads TCP_NODELAY from the real transport.
     *
     * @throws UnsupportedOperationException if the real transport is not a {@link TCPTransport}
     */
    @Override
    public boolean getTcpNoDelay() {
        return tcp().getTcpNoDelay();
    }

    /**
     * Sets SO_KEEPALIVE on the real transport.
     *
     * @throws UnsupportedOperationException if the real transport is not a {@link TCPTransport}
     */
    @Override
    public void setTcpKeepAlive(boolean enabled) {
        tcp().setTcpKeepAlive(enabled);
    }

    /**
     * Reads SO_KEEPALIVE from the real transport.
     *
     * @throws UnsupportedOperationException if the real transport is not a {@link TCPTransport}
     */
    @Override
    public boolean getTcpKeepAlive() {
        return tcp().getTcpKeepAlive();
    }

    private TCPTransport tcp() {
        if (transport() instanceof TCPTransport t) {
            return t;
        }
        throw new UnsupportedOperationException("the wrapped transport " + transport() + " is not a TCPTransport");
    }

    /**
     * The wrapped protocol's transport when the real one is not TCP: every call goes through the
     * wrapper's methods, so a subclass's overrides still apply.
     */
    private static final class TransportView implements Transport {
        private final ProtocolWrapper wrapper;

        TransportView(ProtocolWrapper wrapper) {
            this.wrapper = wrapper;
        }

        @Override
        public void write(byte[] data) {
            wrapper.write(data);
        }

        @Override
        public void writeSequence(List<byte[]> data) {
            wrapper.writeSequence(data);
        }

        @Override
        public void loseConnection() {
            wrapper.loseConnection();
        }

        @Override
        public void loseConnection(Throwable reason) {
            wrapper.loseConnection(reason);
        }

        @Override
        public void abortConnection() {
            wrapper.abortConnection();
        }

        @Override
        public Address getPeer() {
            return wrapper.getPeer();
        }

        @Override
        public Address getHost() {
            return wrapper.getHost();
        }

        @Override
        public long bufferedBytes() {
            return wrapper.bufferedBytes();
        }

        @Override
        public boolean isClosing() {
            return wrapper.isClosing();
        }

        @Override
        public void registerProducer(Producer producer, boolean streaming) {
            wrapper.registerProducer(producer, streaming);
        }

        @Override
        public void unregisterProducer() {
            wrapper.unregisterProducer();
        }

        @Override
        public void pauseProducing() {
            wrapper.pauseProducing();
        }

        @Override
        public void resumeProducing() {
            wrapper.resumeProducing();
        }

        @Override
        public void stopProducing() {
            wrapper.stopProducing();
        }

        @Override
        public <L extends ProtocolLayer> L insertLayer(LayerBuilder<L> builder) {
            return wrapper.insertLayer(builder);
        }

        @Override
        public String toString() {
            return "view of " + wrapper;
        }
    }
}
