package net.reactor;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The handler of one UDP port (Twisted's {@code DatagramProtocol}): it receives each datagram
 * with its sender's address and answers through its {@link UDPTransport}. Subclass it and
 * override the events you care about.
 *
 * <p>Lifecycle: {@link #makeConnection} (by {@code listenUDP} or {@code listenMulticast}, which
 * records the transport and fires {@link #startProtocol}), any number of
 * {@link #datagramReceived}, {@link #datagramTruncated} and {@link #connectionRefused} events,
 * then {@link #stopProtocol} once the port has stopped listening (by
 * {@link UDPTransport#stopListening()} or the reactor's stop), after which {@link #transport()}
 * throws. A protocol serves one port at a time; once stopped, it may be given to another.
 *
 * <p><b>Data:</b> each datagram arrives as a fresh {@code byte[]} the protocol owns and may keep:
 * datagrams are small and often kept (queued, parsed later), so a copy is the safe default, as
 * Twisted's {@code bytes}. Datagram boundaries are kept: one event is one datagram.
 *
 * <p><b>Threading:</b> every event is delivered on the reactor thread, and a protocol may only
 * use its transport on that thread.
 *
 * {@snippet :
 * final class Echo extends DatagramProtocol {
 *     @Override
 *     public void datagramReceived(byte[] data, Address from) {
 *         transport().write(data, from);
 *     }
 * }
 * }
 */
public abstract class DatagramProtocol {
    private static final System.Logger LOG = System.getLogger("net.reactor");

    private @Nullable UDPTransport transport;
    private boolean truncationLogged;

    /** Creates a protocol that is not attached to a port yet. */
    protected DatagramProtocol() {}

    /**
     * Attaches this protocol to its port and fires {@link #startProtocol}. Called by the reactor
     * (or a test double) on the reactor thread.
     *
     * @param transport the port this protocol now serves
     * @throws IllegalStateException if this protocol already serves a port
     */
    public void makeConnection(UDPTransport transport) {
        Objects.requireNonNull(transport, "transport");
        if (this.transport != null) {
            throw new IllegalStateException("datagram protocol " + this + " already serves " + this.transport
                    + "; stop that port first");
        }
        this.transport = transport;
        startProtocol();
    }

    /**
     * Detaches this protocol from its port and fires {@link #stopProtocol}. Called by the reactor
     * (or a test double) on the reactor thread once the port is closed; does nothing if the
     * protocol is not attached.
     */
    public final void doStop() {
        if (transport == null) {
            return;
        }
        try {
            stopProtocol();
        } finally {
            transport = null;
        }
    }

    /**
     * The port this protocol serves.
     *
     * @return the transport given to {@link #makeConnection}
     * @throws IllegalStateException before {@link #makeConnection} or after {@link #stopProtocol}
     */
    public final UDPTransport transport() {
        UDPTransport t = transport;
        if (t == null) {
            throw new IllegalStateException("datagram protocol " + this + " is not attached to a port");
        }
        return t;
    }

    /**
     * The port this protocol serves, as a multicast port.
     *
     * @return the transport, for a protocol given to {@code listenMulticast}
     * @throws IllegalStateException if not attached, or attached to a plain UDP port
     */
    public final MulticastTransport multicastTransport() {
        if (transport() instanceof MulticastTransport m) {
            return m;
        }
        throw new IllegalStateException("datagram protocol " + this + " serves a UDP port that is not a multicast"
                + " port; listen with listenMulticast to join groups");
    }

    /**
     * Whether the protocol is attached to a port.
     *
     * @return true between {@link #makeConnection} and {@link #stopProtocol}
     */
    public final boolean attached() {
        return transport != null;
    }

    /** Fired once the port is bound, on the reactor thread. The default does nothing. */
    public void startProtocol() {}

    /**
     * Fired once the port has stopped listening, on the reactor thread; the transport is still
     * available during this call. The default does nothing.
     */
    public void stopProtocol() {}

    /**
     * Fired on the reactor thread for each datagram received. The default does nothing.
     *
     * @param data the whole datagram, a fresh array the protocol owns; may be empty (a
     *     zero-length datagram is a datagram)
     * @param from the sender: an {@link IPv4Address} or {@link IPv6Address} of type
     *     {@link SocketType#UDP}
     */
    public void datagramReceived(byte[] data, Address from) {}

    /**
     * Fired on the reactor thread instead of {@link #datagramReceived} for a datagram longer than
     * the port's {@code maxPacketSize}: the rest of it is lost (the system drops what does not
     * fit the read), so the protocol is told rather than handed a silently shortened message.
     * The default logs a WARNING on the {@code net.reactor} logger naming the sender and the
     * limit the first time, and DEBUG after that (a flood of long datagrams must not flood the
     * log); override it to count, answer with an error, or ignore.
     *
     * @param head the first {@code maxPacketSize} bytes of the datagram, a fresh array
     * @param from the sender
     */
    public void datagramTruncated(byte[] head, Address from) {
        System.Logger.Level level = truncationLogged ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING;
        truncationLogged = true;
        LOG.log(level, "{0}: dropped a datagram from {1} longer than the port''s maxPacketSize ({2} bytes); listen"
                + " with a larger maxPacketSize, or override datagramTruncated (further ones are logged at DEBUG)",
                this, from, head.length);
    }

    /**
     * Fired on the reactor thread when a connected port ({@link UDPTransport#connect}) learns that
     * nothing listens at the peer: an ICMP port-unreachable answer to an earlier datagram, which
     * the system reports on the next receive or send. The port stays open; later datagrams may
     * get through once the peer listens. Unconnected ports never hear this (the system does not
     * report it to them). The default does nothing.
     */
    public void connectionRefused() {}
}
