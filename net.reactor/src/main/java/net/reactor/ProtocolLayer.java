package net.reactor;

import java.util.List;
import java.util.Objects;

/**
 * A protocol that stands between a transport and another protocol: towards the transport below
 * it is a {@link Protocol}, towards the protocol it wraps it is that protocol's {@link Transport}
 * (the shape of Twisted's {@code ProtocolWrapper}, which its TLS protocol shares). By default
 * every event passes up and every request passes down unchanged; a layer overrides the side it
 * works on. The policies of {@code net.protocols.policies} and the TLS layer of
 * {@code net.protocols.tls} are layers.
 *
 * <p>A layer gets under a protocol in one of two ways:
 * <ul>
 *   <li>when the connection is made: a {@link LayeringFactory} wraps each protocol its factory
 *       builds, the transport connects the layer, and the layer connects the wrapped protocol to
 *       itself ({@link #connectWrappedProtocol()});</li>
 *   <li>in the middle of a connection: {@link Transport#insertLayer} puts it under a protocol
 *       that is already connected (STARTTLS). The protocol keeps the transport it has, which
 *       passes the protocol's requests to the layer from then on.</li>
 * </ul>
 *
 * {@snippet :
 * // Counts the bytes that arrive, and passes everything else through.
 * final class CountingLayer extends ProtocolLayer {
 *     long received;
 *
 *     CountingLayer(Protocol protocol) {
 *         super(protocol);
 *     }
 *
 *     @Override
 *     public void dataReceived(byte[] data) {
 *         received += data.length;
 *         super.dataReceived(data);
 *     }
 * }
 * }
 *
 * <p><b>Threading:</b> reactor thread only, like the transport and the protocol it joins.
 */
public abstract class ProtocolLayer extends Protocol implements Transport {
    private final Protocol wrappedProtocol;

    /**
     * Creates a layer around {@code wrappedProtocol}.
     *
     * @param wrappedProtocol the protocol above this layer
     */
    protected ProtocolLayer(Protocol wrappedProtocol) {
        this.wrappedProtocol = Objects.requireNonNull(wrappedProtocol, "wrappedProtocol");
    }

    /**
     * The protocol above this layer.
     *
     * @return the wrapped protocol
     */
    public final Protocol wrappedProtocol() {
        return wrappedProtocol;
    }

    // ---- protocol side: events from the transport below -------------------------------------

    /**
     * Connects this layer to the transport below, which fires its {@link #connectionMade}, then
     * calls {@link #connectWrappedProtocol()}.
     *
     * @param transport the transport below
     */
    @Override
    public void makeConnection(Transport transport) {
        super.makeConnection(transport);
        connectWrappedProtocol();
    }

    /**
     * Connects the wrapped protocol to this layer, unless it is connected already (the layer was
     * inserted under it with {@link Transport#insertLayer}). A layer that connects it later (TLS,
     * once the handshake has completed) overrides this and calls it then.
     */
    protected void connectWrappedProtocol() {
        if (!wrappedProtocol.connected()) {
            wrappedProtocol.makeConnection(this);
        }
    }

    /**
     * Passes the bytes up.
     *
     * @param data the bytes received
     */
    @Override
    public void dataReceived(byte[] data) {
        wrappedProtocol.dataReceived(data);
    }

    /**
     * Passes the loss up, if the wrapped protocol is connected.
     *
     * @param reason why the connection ended
     */
    @Override
    public void connectionLost(Throwable reason) {
        super.connectionLost(reason);
        if (wrappedProtocol.connected()) {
            wrappedProtocol.connectionLost(reason);
        }
    }

    // ---- transport side: requests from the wrapped protocol ----------------------------------

    @Override
    public void write(byte[] data) {
        transport().write(data);
    }

    @Override
    public void writeSequence(List<byte[]> data) {
        transport().writeSequence(data);
    }

    @Override
    public void loseConnection() {
        transport().loseConnection();
    }

    @Override
    public void loseConnection(Throwable reason) {
        transport().loseConnection(reason);
    }

    @Override
    public void abortConnection() {
        transport().abortConnection();
    }

    @Override
    public Address getPeer() {
        return transport().getPeer();
    }

    @Override
    public Address getHost() {
        return transport().getHost();
    }

    @Override
    public long bufferedBytes() {
        return transport().bufferedBytes();
    }

    @Override
    public boolean isClosing() {
        return transport().isClosing();
    }

    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        transport().registerProducer(producer, streaming);
    }

    @Override
    public void unregisterProducer() {
        transport().unregisterProducer();
    }

    /** Pauses reading from the transport below. */
    @Override
    public void pauseProducing() {
        transport().pauseProducing();
    }

    /** Resumes reading from the transport below. */
    @Override
    public void resumeProducing() {
        transport().resumeProducing();
    }

    /** Stops the transport below for good (which closes it). */
    @Override
    public void stopProducing() {
        transport().stopProducing();
    }

    /**
     * Passes the request down: the new layer goes in under this one, nearest the connection (as
     * in Twisted, where TLS started through a policy's wrapper goes in under the wrapper, which
     * then sees plaintext).
     *
     * @param builder builds the layer
     * @return the layer, connected
     */
    @Override
    public <L extends ProtocolLayer> L insertLayer(LayerBuilder<L> builder) {
        return transport().insertLayer(builder);
    }

    /**
     * Takes over the producer that the protocol above had registered with the transport below,
     * when {@link Transport#insertLayer} puts this layer under that protocol. The transport calls
     * it right after {@link #makeConnection}, having unregistered the producer itself; from then
     * on the protocol's {@code unregisterProducer} reaches this layer. The default registers it
     * through this layer ({@link #registerProducer}), which passes it back down: a layer that
     * leaves producers alone changes nothing.
     *
     * @param producer the producer
     * @param streaming whether it is a push producer
     * @param paused whether the transport below had paused it (its buffer was above the
     *     high-water mark). Whatever this layer registers with that transport in its place counts
     *     as paused there too, and is resumed once the buffer drains
     */
    public void adoptProducer(Producer producer, boolean streaming, boolean paused) {
        registerProducer(producer, streaming);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + wrappedProtocol + ")";
    }
}
