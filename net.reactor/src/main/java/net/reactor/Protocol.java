package net.reactor;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The handler of one stream connection: it receives events from its {@link Transport} and
 * answers through it. Subclass it and override the events you care about.
 *
 * <p>Lifecycle, always in this order and each at most once: {@link #makeConnection} (which
 * records the transport and calls {@link #connectionMade}), any number of
 * {@link #dataReceived} calls, then exactly one {@link #connectionLost}. A protocol is used for
 * one connection only.
 *
 * <p><b>Threading:</b> every event is delivered on the reactor thread, and a protocol may only
 * use its transport on that thread. Protocols therefore need no locks.
 *
 * {@snippet :
 * final class Echo extends Protocol {
 *     @Override
 *     public void dataReceived(byte[] data) {
 *         transport().write(data);
 *     }
 * }
 * }
 */
public abstract class Protocol {
    private @Nullable Transport transport;
    private boolean connected;

    /** Creates a protocol that is not yet connected. */
    protected Protocol() {}

    /**
     * Connects this protocol to a transport and fires {@link #connectionMade}. Called by the
     * reactor (or a test double) on the reactor thread; wrappers call it on the protocol they wrap.
     *
     * @param transport the transport this protocol now owns
     * @throws IllegalStateException if this protocol was already connected
     */
    public void makeConnection(Transport transport) {
        Objects.requireNonNull(transport, "transport");
        if (this.transport != null) {
            throw new IllegalStateException("protocol " + this + " is already connected");
        }
        this.transport = transport;
        this.connected = true;
        connectionMade();
    }

    /**
     * The transport this protocol is connected to.
     *
     * @return the transport given to {@link #makeConnection}
     * @throws IllegalStateException before {@link #makeConnection}
     */
    public final Transport transport() {
        Transport t = transport;
        if (t == null) {
            throw new IllegalStateException("protocol " + this + " is not connected yet");
        }
        return t;
    }

    /**
     * Whether {@link #makeConnection} has happened and {@link #connectionLost} has not.
     *
     * @return true while the connection is up
     */
    public final boolean connected() {
        return connected;
    }

    /**
     * Fired once when the connection is established, on the reactor thread. The default does
     * nothing.
     */
    public void connectionMade() {}

    /**
     * Fired on the reactor thread each time bytes arrive. The array is a fresh copy that the
     * protocol owns and may keep; chunk boundaries are arbitrary (TCP is a byte stream). The
     * default does nothing.
     *
     * @param data the bytes received, never empty
     */
    public void dataReceived(byte[] data) {}

    /**
     * Fired exactly once, on the reactor thread, when the connection is closed, for whatever
     * reason. The default does nothing; subclasses that override it should call
     * {@code super.connectionLost(reason)}.
     *
     * @param reason {@link ConnectionDoneException} for a clean close,
     *     {@link ConnectionLostException} (or a subclass) for an unclean one, or the reason given
     *     to {@link Transport#loseConnection(Throwable)}
     */
    public void connectionLost(Throwable reason) {
        connected = false;
    }
}
