package net.reactor.endpoints.internal;

import java.util.Objects;
import net.reactor.HalfCloseableProtocol;
import net.reactor.Protocol;

/**
 * A protocol that stands in front of another, forwards every event to it, and tells a listener
 * when the wrapped protocol is connected and when it has lost its connection. Endpoints use it to
 * fire their Deferred once the user's protocol is connected, and ClientService to learn that a
 * connection ended.
 *
 * <p>The wrapped protocol is connected to the real transport, so it sees that transport, not this
 * wrapper. {@link #wrap} returns a {@link HalfCloseableProtocol} exactly when the wrapped protocol
 * is one, so the transport treats the pair as it would treat the wrapped protocol alone.
 *
 * <p><b>Threading:</b> reactor thread, like every protocol.
 */
public class ForwardingProtocol extends Protocol {

    /** Hears about the wrapped protocol's connection. */
    public interface Listener {
        /**
         * The wrapped protocol has been connected: its {@code connectionMade} has run.
         *
         * @param wrapped the wrapped protocol
         */
        void connected(Protocol wrapped);

        /**
         * The wrapped protocol's {@code connectionLost} has run (or thrown).
         *
         * @param wrapped the wrapped protocol
         * @param reason why the connection ended
         */
        void lost(Protocol wrapped, Throwable reason);
    }

    private final Protocol wrapped;
    private final Listener listener;

    private ForwardingProtocol(Protocol wrapped, Listener listener) {
        this.wrapped = wrapped;
        this.listener = listener;
    }

    /**
     * Wraps {@code wrapped}.
     *
     * @param wrapped the protocol that receives the events
     * @param listener hears when it is connected and when it lost its connection
     * @return the wrapper, half-closeable exactly when {@code wrapped} is
     */
    public static ForwardingProtocol wrap(Protocol wrapped, Listener listener) {
        Objects.requireNonNull(wrapped, "wrapped");
        Objects.requireNonNull(listener, "listener");
        return wrapped instanceof HalfCloseableProtocol
                ? new HalfCloseable(wrapped, listener)
                : new ForwardingProtocol(wrapped, listener);
    }

    /**
     * The protocol this wrapper forwards to.
     *
     * @return the wrapped protocol
     */
    public final Protocol wrapped() {
        return wrapped;
    }

    @Override
    public void connectionMade() {
        wrapped.makeConnection(transport());
        listener.connected(wrapped);
    }

    @Override
    public void dataReceived(byte[] data) {
        wrapped.dataReceived(data);
    }

    @Override
    public void connectionLost(Throwable reason) {
        super.connectionLost(reason);
        try {
            wrapped.connectionLost(reason);
        } finally {
            listener.lost(wrapped, reason);
        }
    }

    @Override
    public String toString() {
        return "ForwardingProtocol[" + wrapped + "]";
    }

    /** The variant for a wrapped {@link HalfCloseableProtocol}. */
    private static final class HalfCloseable extends ForwardingProtocol implements HalfCloseableProtocol {
        HalfCloseable(Protocol wrapped, Listener listener) {
            super(wrapped, listener);
        }

        @Override
        public void readConnectionLost() {
            ((HalfCloseableProtocol) wrapped()).readConnectionLost();
        }

        @Override
        public void writeConnectionLost() {
            ((HalfCloseableProtocol) wrapped()).writeConnectionLost();
        }
    }
}
