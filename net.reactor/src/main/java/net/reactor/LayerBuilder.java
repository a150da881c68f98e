package net.reactor;

import java.util.concurrent.Executor;

/**
 * Builds the layer that {@link Transport#insertLayer} puts under a connected protocol, as
 * Twisted's {@code startTLS} builds a TLS protocol around the transport's protocol. The transport
 * calls it once, on the reactor thread, and connects the layer it returns.
 *
 * {@snippet :
 * // A layer of one's own, put under this protocol in the middle of its connection:
 * transport().insertLayer((protocol, time, reactorExecutor) -> new CountingLayer(protocol));
 * }
 *
 * @param <L> the layer's type, which {@code insertLayer} returns
 */
@FunctionalInterface
public interface LayerBuilder<L extends ProtocolLayer> {

    /**
     * Builds the layer.
     *
     * @param protocol the protocol the transport delivers to now, which the layer is to wrap: the
     *     protocol that asked, or a wrapper standing between it and the transport (a policy's). It
     *     is already connected; {@link ProtocolLayer} leaves it connected to the transport it has
     * @param time the clock of the reactor the connection runs on, for the layer's timeouts
     * @param reactorExecutor runs a task on the reactor thread from any thread (the reactor's
     *     {@code callFromThread}), for work the layer hands to other threads
     * @return the layer, not connected yet
     */
    L buildLayer(Protocol protocol, ReactorTime time, Executor reactorExecutor);
}
