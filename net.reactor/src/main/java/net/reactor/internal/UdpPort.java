package net.reactor.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Objects;
import net.deferred.Deferred;
import net.reactor.Address;
import net.reactor.CannotListenException;
import net.reactor.ConnectFailedException;
import net.reactor.DatagramProtocol;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.MessageLengthException;
import net.reactor.MulticastTransport;
import net.reactor.SocketType;
import net.reactor.UDPTransport;
import org.jspecify.annotations.Nullable;

/**
 * A UDP port over a non-blocking {@link DatagramChannel} registered with the loop's selector.
 *
 * <p>Reading: at most {@link #READ_BATCH} datagrams per readiness event, so a flooded port yields
 * to the loop's other channels, timers and tasks each turn (the selector reports it again at
 * once); the socket's own receive buffer holds what waits, and the system drops beyond it, so
 * memory stays bounded. One direct receive buffer per port, reused for every datagram, one byte
 * longer than {@code maxPacketSize}: a datagram that fills it was longer than the limit and is
 * reported as truncated. Writing: each datagram is copied into the loop's direct write buffer and
 * sent at once, or dropped (counted) when the send buffer is full.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
class UdpPort extends Selectable implements UDPTransport {
    /** Datagrams read per readiness event before other channels get a turn. */
    static final int READ_BATCH = 64;
    /** The largest UDP payloads over IPv4 and IPv6 (without jumbograms). */
    private static final int MAX_IPV4_PAYLOAD = 65_507;
    private static final int MAX_IPV6_PAYLOAD = 65_527;
    /** Peers whose addresses are kept ready (see {@link #senders}). */
    private static final int ADDRESS_CACHE_SIZE = 4096;

    final ConnectionLoop loop;
    final DatagramChannel channel;
    final DatagramProtocol protocol;
    /** This port's totals, which also add to the reactor's counters (ReactorMetrics). */
    private final DatagramTraffic traffic;
    private final boolean v6;
    private final Address host;
    private final int maxPacketSize;
    private final ByteBuffer receiveBuffer;
    private final SelectionKey key;
    private boolean listening = true;
    private boolean connecting;
    private @Nullable Address peer;
    private @Nullable Deferred<Void> stopped;
    /**
     * Senders seen recently and their Address, and the reverse (by identity, for the common
     * answer to the Address a datagram came with), so a busy peer costs no address formatting or
     * parsing per datagram. Bounded: cleared when full.
     */
    private final HashMap<SocketAddress, Address> senders = new HashMap<>();
    private final IdentityHashMap<Address, InetSocketAddress> targets = new IdentityHashMap<>();

    UdpPort(ConnectionLoop loop, DatagramChannel channel, DatagramProtocol protocol, int maxPacketSize, boolean v6)
            throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.protocol = protocol;
        this.traffic = new DatagramTraffic(loop.loopCounters());
        this.v6 = v6;
        this.maxPacketSize = maxPacketSize;
        this.receiveBuffer = ByteBuffer.allocateDirect(maxPacketSize + 1);
        this.host = SocketAddresses.of(channel.getLocalAddress(), SocketType.UDP);
        this.key = channel.register(loop.selector(), SelectionKey.OP_READ, this);
    }

    static UdpPort listen(ConnectionLoop loop, int port, DatagramProtocol protocol, String interfaceAddress,
            int maxPacketSize) {
        return open(loop, port, protocol, interfaceAddress, maxPacketSize, false, false);
    }

    /** Binds, registers and starts the protocol; a failure leaves nothing open. */
    static UdpPort open(ConnectionLoop loop, int port, DatagramProtocol protocol, String interfaceAddress,
            int maxPacketSize, boolean multicast, boolean reuseAddress) {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(interfaceAddress, "interfaceAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxPacketSize < 1 || maxPacketSize > 65535) {
            throw new IllegalArgumentException("maxPacketSize must be 1 to 65535: " + maxPacketSize);
        }
        if (protocol.attached()) {
            throw new IllegalStateException("datagram protocol " + protocol + " already serves "
                    + protocol.transport() + "; stop that port first");
        }
        InetAddress bindTo = null;
        if (!interfaceAddress.isEmpty()) {
            bindTo = SocketAddresses.literal(interfaceAddress);
            if (bindTo == null) {
                throw new CannotListenException("Couldn't listen on " + interfaceAddress + ":" + port
                        + " (UDP): the interface must be a numeric IPv4 or IPv6 address");
            }
        }
        boolean v6 = bindTo instanceof Inet6Address;
        ProtocolFamily family = v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        InetSocketAddress address = bindTo == null ? new InetSocketAddress("0.0.0.0", port)
                : new InetSocketAddress(bindTo, port);
        DatagramChannel ch = null;
        UdpPort p;
        try {
            ch = DatagramChannel.open(family);
            if (reuseAddress) {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            ch.bind(address);
            ch.configureBlocking(false);
            p = multicast ? new MulticastUdpPort(loop, ch, protocol, maxPacketSize, v6)
                    : new UdpPort(loop, ch, protocol, maxPacketSize, v6);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw new CannotListenException("Couldn't listen on " + (interfaceAddress.isEmpty() ? "any" : interfaceAddress)
                    + ":" + port + " (UDP): " + e.getMessage(), e);
        }
        loop.register(p);
        try {
            protocol.makeConnection(p);
        } catch (RuntimeException e) {
            // startProtocol threw: no port, and the protocol is detached (stopped) so it can be reused.
            p.closeChannel();
            if (protocol.attached()) {
                try {
                    protocol.doStop();
                } catch (RuntimeException stopError) {
                    e.addSuppressed(stopError);
                }
            }
            throw e;
        }
        return p;
    }

    private static void closeQuietly(@Nullable DatagramChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Nothing more to do for a socket we failed to set up.
            }
        }
    }

    // ---- reading --------------------------------------------------------------------------

    @Override
    void ready(int readyOps) {
        ByteBuffer buf = receiveBuffer;
        for (int i = 0; i < READ_BATCH && listening; i++) {
            SocketAddress from;
            buf.clear();
            try {
                from = channel.receive(buf);
            } catch (PortUnreachableException e) {
                refused();
                continue;
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                loop.log().log(Level.WARNING, this + ": receive failed: " + e.getMessage(), e);
                return;
            }
            if (from == null) {
                return;
            }
            buf.flip();
            Address sender = sender(from);
            int length = buf.remaining();
            if (length > maxPacketSize) {
                traffic.received(maxPacketSize);
                byte[] head = new byte[maxPacketSize];
                buf.get(head);
                try {
                    protocol.datagramTruncated(head, sender);
                } catch (Throwable e) {
                    loop.logUserError("datagramTruncated", protocol, e);
                }
                continue;
            }
            traffic.received(length);
            byte[] data = new byte[length];
            buf.get(data);
            try {
                protocol.datagramReceived(data, sender);
            } catch (Throwable e) {
                loop.logUserError("datagramReceived", protocol, e);
            }
        }
    }

    private Address sender(SocketAddress from) {
        Address a = senders.get(from);
        if (a != null) {
            return a;
        }
        a = SocketAddresses.of(from, SocketType.UDP);
        if (senders.size() >= ADDRESS_CACHE_SIZE) {
            senders.clear();
            targets.clear();
        }
        senders.put(from, a);
        targets.put(a, (InetSocketAddress) from);
        return a;
    }

    private void refused() {
        if (peer == null) {
            return; // only a connected socket hears of it; nothing to tell otherwise
        }
        try {
            protocol.connectionRefused();
        } catch (Throwable e) {
            loop.logUserError("connectionRefused", protocol, e);
        }
    }

    // ---- writing --------------------------------------------------------------------------

    @Override
    public boolean write(byte[] data, @Nullable Address to) {
        loop.checkThread("UDPTransport.write");
        Objects.requireNonNull(data, "data");
        if (!listening) {
            throw new IllegalStateException(this + " has stopped listening; cannot write");
        }
        InetSocketAddress target = null;
        Address connected = peer;
        if (connected != null) {
            if (to != null && !to.equals(connected)) {
                throw new IllegalArgumentException(this + " is connected to " + connected + "; cannot write to " + to);
            }
        } else if (to == null) {
            throw new IllegalStateException(this + (connecting ? " is still connecting" : " is not connected")
                    + ": give the address to write to");
        } else {
            target = target(to);
        }
        boolean toV6 = target != null ? target.getAddress() instanceof Inet6Address : v6;
        int max = toV6 ? MAX_IPV6_PAYLOAD : MAX_IPV4_PAYLOAD;
        if (data.length > max) {
            throw new MessageLengthException("datagram of " + data.length + " bytes is longer than UDP over "
                    + (toV6 ? "IPv6" : "IPv4") + " allows (" + max + ")");
        }
        ByteBuffer out = loop.writeBuffer();
        out.clear();
        out.put(data).flip();
        int sent;
        try {
            sent = target == null ? channel.write(out) : channel.send(out, target);
        } catch (PortUnreachableException e) {
            // An earlier datagram was refused; this one was not sent.
            traffic.dropped();
            refused();
            return false;
        } catch (IOException e) {
            String message = e.getMessage();
            if (message != null && message.contains("too long")) {
                throw new MessageLengthException("datagram of " + data.length + " bytes to "
                        + (to != null ? to : connected) + " is too long: " + message);
            }
            throw new UncheckedIOException(this + ": cannot send a datagram to " + (to != null ? to : connected)
                    + ": " + message, e);
        }
        if (sent == 0 && data.length > 0) {
            traffic.dropped();
            return false;
        }
        traffic.sent(data.length);
        return true;
    }

    /** A numeric address of this port's family, as a socket address (cached for a steady peer). */
    private InetSocketAddress target(Address to) {
        InetSocketAddress known = targets.get(to);
        if (known != null) {
            return known;
        }
        String h;
        int port;
        switch (to) {
            case IPv4Address a -> {
                h = a.host();
                port = a.port();
            }
            case IPv6Address a -> {
                h = a.host();
                port = a.port();
            }
            default -> throw new IllegalArgumentException("UDP cannot write to " + to
                    + ": give an IPv4Address or IPv6Address");
        }
        InetAddress ip = SocketAddresses.literal(h);
        if (ip == null) {
            throw new IllegalArgumentException("UDP write needs a numeric address, not the host name \"" + h
                    + "\": resolve it first (or connect(host, port), which resolves off the reactor thread)");
        }
        if (ip instanceof Inet6Address && !v6) {
            throw new IllegalArgumentException(this + " is an IPv4 port; cannot write to the IPv6 address " + to
                    + " (listen on \"::\" for IPv6)");
        }
        return new InetSocketAddress(ip, port);
    }

    // ---- connected UDP --------------------------------------------------------------------

    @Override
    public Deferred<Address> connect(String peerHost, int peerPort) {
        loop.checkThread("UDPTransport.connect");
        Objects.requireNonNull(peerHost, "host");
        if (peerPort < 1 || peerPort > 65535) {
            throw new IllegalArgumentException("port out of range: " + peerPort);
        }
        if (!listening) {
            throw new IllegalStateException(this + " has stopped listening; cannot connect");
        }
        if (peer != null || connecting) {
            throw new IllegalStateException(this + " is already connected" + (peer != null ? " to " + peer : "")
                    + "; reconnecting is not supported");
        }
        connecting = true;
        return OffLoop.resolve(loop, peerHost).addCallback(ip -> {
            connecting = false;
            if (!listening) {
                throw new ConnectFailedException(this + " stopped listening before " + peerHost + " resolved");
            }
            InetSocketAddress remote = new InetSocketAddress(ip, peerPort);
            try {
                channel.connect(remote);
            } catch (IOException | RuntimeException e) {
                throw new ConnectFailedException(this + ": cannot connect to " + remote + ": " + e.getMessage(), e);
            }
            Address a = SocketAddresses.of(remote, SocketType.UDP);
            peer = a;
            return a;
        }).addErrback(failure -> {
            connecting = false; // a failed attempt leaves the port unconnected, free to try again
            throw failure.raiseException();
        });
    }

    @Override
    public @Nullable Address getPeer() {
        return peer;
    }

    // ---- the port -------------------------------------------------------------------------

    @Override
    public Address getHost() {
        return host;
    }

    @Override
    public int maxPacketSize() {
        return maxPacketSize;
    }

    @Override
    public long droppedWrites() {
        return traffic.droppedWrites();
    }

    boolean isListening() {
        return listening;
    }

    @Override
    public Deferred<Void> stopListening() {
        loop.checkThread("UDPTransport.stopListening");
        Deferred<Void> d = stopped;
        if (d != null) {
            return d;
        }
        Deferred<Void> result = new Deferred<>();
        stopped = result;
        closeChannel();
        // The selector releases the descriptor at its next select: stop the protocol and fire
        // after it, as Twisted does on the next iteration, so a rebind of the port then works.
        loop.runNextTurn(() -> {
            try {
                protocol.doStop();
            } catch (Throwable e) {
                loop.logUserError("stopProtocol", protocol, e);
            }
            result.callback(null);
        });
        return result;
    }

    void closeChannel() {
        listening = false;
        traffic.closed(this instanceof MulticastTransport ? "UDP multicast" : "UDP", String.valueOf(host), protocol);
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            loop.log().log(Level.WARNING, "closing " + this + " failed", e);
        }
        loop.unregister(this);
    }

    @Override
    void closeForShutdown() {
        if (listening) {
            stopListening();
        }
    }

    @Override
    public String toString() {
        return "UDP port " + host + " (" + protocol.getClass().getName() + ")";
    }
}
