package net.protocols.socks;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.Connector;
import net.reactor.DelayedCall;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ServerFactory;
import org.jspecify.annotations.Nullable;

/**
 * A SOCKSv4 / SOCKSv4a server connection (Twisted's {@code SOCKSv4}), usually built by
 * {@link SOCKSv4Factory}.
 *
 * <p>It reads one request (see {@link SOCKSRequestParser}); for SOCKSv4a it resolves the host name
 * with {@code deferToThread}, never on the reactor thread. It then asks the {@link AccessPolicy}
 * about the resolved address, the port and the user id. A refused request gets reply 91 and the
 * connection is closed with a {@link SOCKSRefusedException}; no connection is opened to its
 * destination and no port is bound for it.
 *
 * <ul>
 *   <li><b>CONNECT</b>: connects to the destination, replies 90 once connected (91 if the
 *       connection fails) and relays.
 *   <li><b>BIND</b>: listens on a free port of the interface the client reached, replies 90 with
 *       that port, waits (up to {@link #BIND_TIMEOUT}) for one connection, which must come from
 *       the requested address, replies 90 again and relays.
 * </ul>
 *
 * <p><b>Relaying</b> has flow control both ways: each side's transport is the streaming producer
 * of the other's, so a side that reads slowly pauses reading from the fast one and the memory
 * used stays bounded by the transports' high-water marks. Bytes a client sends after its request
 * but before the reply are kept (its transport is paused meanwhile) and forwarded first.
 *
 * <p>Malformed requests (see {@link SOCKSRequestParser}) get reply 91 when they are version 4 at
 * all, and close the connection with a {@link SOCKSRequestException}.
 *
 * <p><b>SOCKSv5</b> (RFC 1928): a client whose first byte is 5 is served SOCKSv5 CONNECT with no
 * authentication, to IPv4 and IPv6 addresses and domain names, under the same policy (with an
 * empty user id). A client that offers no "no authentication" method gets {@code 05 FF}; other
 * commands get reply 7, other address types reply 8, refused requests reply 2 (not allowed), 4
 * (host unreachable) or 5 (connection refused); each then closes as above.
 *
 * <p><b>Threading:</b> reactor thread only, like every protocol.
 */
public class SOCKSv4 extends Protocol {

    /** How long a BIND waits for its incoming connection. */
    public static final Duration BIND_TIMEOUT = Duration.ofMinutes(2);

    /** The most early data kept while a request is being carried out (the transport is paused). */
    static final int MAX_EARLY_DATA = 64 * 1024;

    private static final byte GRANTED = 90;
    private static final byte REJECTED = 91;

    private enum State { REQUEST, WORKING, RELAYING, CLOSED }

    private final Reactor reactor;
    private final AccessPolicy policy;
    private State state = State.REQUEST;
    /** 4 or 5 once the first byte has arrived. */
    private int version;
    /** SOCKSv5: the method negotiation is done. */
    private boolean greeted;
    private @Nullable Target target;
    private byte[] buffer = new byte[0];
    private int buffered;
    private @Nullable SOCKSv4Request request;
    private @Nullable InetAddress destination;
    private @Nullable Relay relay;
    private @Nullable Connector connector;
    private @Nullable ListeningPort bindPort;
    private @Nullable DelayedCall bindTimeout;

    /**
     * Creates a server connection.
     *
     * @param reactor the reactor that connects, listens and resolves host names
     * @param policy decides which requests are carried out
     */
    public SOCKSv4(Reactor reactor, AccessPolicy policy) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * The SOCKSv4 request being carried out, once it has been read.
     *
     * @return the request, or null before it is complete (and always for a SOCKSv5 client)
     */
    public @Nullable SOCKSv4Request request() {
        return request;
    }

    /**
     * Reads the request, or relays.
     *
     * @param data the bytes received
     */
    @Override
    public void dataReceived(byte[] data) {
        switch (state) {
            case RELAYING -> Objects.requireNonNull(relay).transport().write(data);
            case REQUEST -> {
                append(data);
                if (version == 0 && buffered > 0) {
                    version = buffer[0] == 5 ? 5 : 4;
                }
                if (version == 5) {
                    parseV5();
                } else if (version == 4) {
                    parseRequest();
                }
            }
            case WORKING -> {
                if (buffered + data.length > MAX_EARLY_DATA) {
                    fail(new SOCKSRequestException("more than " + MAX_EARLY_DATA + " bytes before the reply"));
                    return;
                }
                append(data);
            }
            case CLOSED -> { }
        }
    }

    /**
     * Stops whatever is in progress: the relayed connection, a connection attempt, a BIND's
     * listening port.
     *
     * @param reason why the client's connection ended
     */
    @Override
    public void connectionLost(Throwable reason) {
        state = State.CLOSED;
        cleanUpBind();
        Connector c = connector;
        if (c != null && relay == null) {
            c.stopConnecting();
        }
        Relay r = relay;
        if (r != null && r.connected()) {
            r.transport().loseConnection();
        }
    }

    private void append(byte[] data) {
        if (buffer.length - buffered < data.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffered + data.length, buffer.length * 2));
        }
        System.arraycopy(data, 0, buffer, buffered, data.length);
        buffered += data.length;
    }

    private void parseRequest() {
        switch (SOCKSRequestParser.parse(buffer, buffered)) {
            case SOCKSRequestParser.Incomplete incomplete -> { }
            case SOCKSRequestParser.Malformed malformed -> {
                if (malformed.version() == 4) {
                    refuse(new SOCKSRequestException(malformed.reason()), 0);
                } else {
                    fail(new SOCKSRequestException(malformed.reason()));
                }
            }
            case SOCKSRequestParser.Parsed parsed -> {
                SOCKSv4Request r = parsed.request();
                request = r;
                start(new Target(r.command(), r.address(), r.hostName(), r.port(), r.userId(), r.toString()),
                        parsed.length());
            }
        }
    }

    private void parseV5() {
        if (!greeted) {
            switch (SOCKSv5Parser.parseGreeting(buffer, buffered)) {
                case SOCKSv5Parser.Greeting g when g.noAuthentication() -> {
                    greeted = true;
                    consume(g.length());
                    transport().write(new byte[] {5, SOCKSv5Parser.NO_AUTHENTICATION});
                }
                case SOCKSv5Parser.Greeting g -> {
                    transport().write(new byte[] {5, (byte) 0xff});
                    fail(new SOCKSRequestException("the SOCKSv5 client offers no method without authentication"));
                    return;
                }
                case SOCKSv5Parser.Malformed m -> {
                    fail(new SOCKSRequestException(m.reason()));
                    return;
                }
                default -> {
                    return;
                }
            }
        }
        switch (SOCKSv5Parser.parseRequest(buffer, buffered)) {
            case SOCKSv5Parser.Malformed m -> refuse(new SOCKSRequestException(m.reason()), m.replyCode());
            case SOCKSv5Parser.Request r -> {
                String shown = "CONNECT " + (r.hostName() != null ? r.hostName() : addressText(r.address())) + ":" + r.port()
                        + " (SOCKSv5)";
                start(new Target(SOCKSCommand.CONNECT, r.address(), r.hostName(), r.port(), "", shown), r.length());
            }
            default -> { }
        }
    }

    private static String addressText(byte @Nullable [] address) {
        try {
            return InetAddress.getByAddress(Objects.requireNonNull(address)).getHostAddress();
        } catch (UnknownHostException e) {
            return "?";
        }
    }

    private void consume(int n) {
        buffer = Arrays.copyOfRange(buffer, n, buffered);
        buffered = buffer.length;
    }

    /** A complete request of {@code length} bytes: keep what followed (it is relayed), then act. */
    private void start(Target t, int length) {
        target = t;
        consume(length);
        state = State.WORKING;
        transport().pauseProducing();
        resolve(t);
    }

    private void resolve(Target r) {
        String host = r.hostName();
        if (host == null) {
            try {
                decide(r, InetAddress.getByAddress(Objects.requireNonNull(r.address())));
            } catch (UnknownHostException e) {
                throw new AssertionError("four bytes are an address", e);
            }
            return;
        }
        reactor.deferToThread(() -> pickAddress(resolve(host)))
                .addCallback(address -> {
                    if (state == State.WORKING) {
                        decide(r, address);
                    }
                    return null;
                })
                .addErrback(failure -> {
                    if (state == State.WORKING) {
                        refuse(new SOCKSRefusedException("cannot resolve " + host, failure.value()),
                                SOCKSv5Parser.HOST_UNREACHABLE);
                    }
                    return null;
                });
    }

    /**
     * Resolves a SOCKSv4a host name. Runs on the reactor's thread pool through
     * {@code deferToThread}, never on the reactor thread, so it may block. Override it to use
     * another resolver (a test's, a cache).
     *
     * @param host the host name the client sent
     * @return its addresses, at least one
     * @throws UnknownHostException if it does not resolve (the request gets reply 91)
     */
    protected InetAddress[] resolve(String host) throws UnknownHostException {
        return InetAddress.getAllByName(host);
    }

    /** SOCKSv4 replies carry IPv4 addresses, so an IPv4 one is preferred. */
    private static InetAddress pickAddress(InetAddress[] addresses) {
        for (InetAddress a : addresses) {
            if (a instanceof Inet4Address) {
                return a;
            }
        }
        return addresses[0];
    }

    private void decide(Target r, InetAddress address) {
        if (!policy.permits(r.command(), address, r.port(), r.userId())) {
            refuse(new SOCKSRefusedException("not allowed: " + r.shown() + " (" + address.getHostAddress() + ")", null),
                    SOCKSv5Parser.NOT_ALLOWED);
            return;
        }
        destination = address;
        if (r.command() == SOCKSCommand.CONNECT) {
            connector = reactor.connectTCP(address.getHostAddress(), r.port(), new ClientFactory() {
                @Override
                public Protocol buildProtocol(Address peer) {
                    return new Relay(SOCKSv4.this);
                }

                @Override
                public void clientConnectionFailed(Connector c, Throwable reason) {
                    if (state == State.WORKING) {
                        refuse(new SOCKSRefusedException("cannot connect: " + r.shown(), reason),
                                reason instanceof net.reactor.ConnectionRefusedException
                                        ? SOCKSv5Parser.CONNECTION_REFUSED : SOCKSv5Parser.HOST_UNREACHABLE);
                    }
                }
            });
        } else {
            bind(r, address);
        }
    }

    private void bind(Target r, InetAddress expected) {
        String iface = transport().getHost() instanceof IPv4Address a ? a.host() : "";
        ListeningPort port = reactor.listenTCP(0, new ServerFactory() {
            @Override
            public @Nullable Protocol buildProtocol(Address peer) {
                if (state != State.WORKING || relay != null) {
                    return null;
                }
                boolean expectedPeer = peer instanceof IPv4Address p && sameAddress(p.host(), expected);
                if (!expectedPeer) {
                    refuse(new SOCKSRefusedException("BIND: connection from " + peer + ", not " + expected.getHostAddress(), null),
                            SOCKSv5Parser.GENERAL_FAILURE);
                    return null;
                }
                return new Relay(SOCKSv4.this);
            }
        }, 5, iface);
        bindPort = port;
        bindTimeout = reactor.callLater(BIND_TIMEOUT, () -> {
            bindTimeout = null;
            if (state == State.WORKING) {
                refuse(new SOCKSRefusedException("BIND: no connection within " + BIND_TIMEOUT, null),
                        SOCKSv5Parser.GENERAL_FAILURE);
            }
        });
        Address local = port.getHost();
        int localPort = local instanceof IPv4Address a ? a.port() : 0;
        byte[] ip = transport().getHost() instanceof IPv4Address a ? ipv4(a.host()) : new byte[4];
        transport().write(reply(GRANTED, localPort, ip));
    }

    private static boolean sameAddress(String host, InetAddress expected) {
        try {
            return InetAddress.getByName(host).equals(expected);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static byte[] ipv4(String literal) {
        try {
            InetAddress a = InetAddress.getByName(literal);
            return a instanceof Inet4Address ? a.getAddress() : new byte[4];
        } catch (UnknownHostException e) {
            return new byte[4];
        }
    }

    /** The relayed connection is up: reply, forward early data, couple the two for flow control. */
    void relayConnected(Relay r) {
        if (state != State.WORKING) {
            r.transport().loseConnection();
            return;
        }
        relay = r;
        cleanUpBind();
        Target req = Objects.requireNonNull(target);
        if (version == 5) {
            Address local = r.transport().getHost();
            int localPort = local instanceof IPv4Address a ? a.port() : 0;
            byte[] ip = local instanceof IPv4Address a ? ipv4(a.host()) : new byte[4];
            transport().write(new byte[] {5, 0, 0, 1, ip[0], ip[1], ip[2], ip[3], (byte) (localPort >> 8), (byte) localPort});
        } else if (req.command() == SOCKSCommand.CONNECT) {
            byte[] ip = destination instanceof Inet4Address a ? a.getAddress() : new byte[4];
            transport().write(reply(GRANTED, req.port(), ip));
        } else {
            Address peer = r.transport().getPeer();
            int peerPort = peer instanceof IPv4Address p ? p.port() : 0;
            byte[] ip = peer instanceof IPv4Address p ? ipv4(p.host()) : new byte[4];
            transport().write(reply(GRANTED, peerPort, ip));
        }
        state = State.RELAYING;
        if (buffered > 0) {
            r.transport().write(Arrays.copyOf(buffer, buffered));
        }
        buffer = new byte[0];
        buffered = 0;
        // Each transport produces for the other: a full write buffer on one side pauses reading
        // on the other, so a slow reader never makes the relay buffer without bound.
        transport().registerProducer(r.transport(), true);
        r.transport().registerProducer(transport(), true);
        transport().resumeProducing();
    }

    /** The relayed connection ended: end the client's once its data is written. */
    void relayLost() {
        if (state == State.RELAYING) {
            transport().loseConnection();
        }
    }

    private void cleanUpBind() {
        DelayedCall t = bindTimeout;
        bindTimeout = null;
        if (t != null && t.active()) {
            t.cancel();
        }
        ListeningPort p = bindPort;
        bindPort = null;
        if (p != null) {
            p.stopListening();
        }
    }

    /** Closes without a reply: the client does not speak a version that has one for this. */
    private void fail(RuntimeException reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        cleanUpBind();
        transport().loseConnection(reason);
    }

    /**
     * Refuses: reply 91 to a SOCKSv4 client, {@code v5Code} to a SOCKSv5 one (none if 0), then
     * closes with the reason.
     */
    private void refuse(RuntimeException reason, int v5Code) {
        if (state == State.CLOSED) {
            return;
        }
        if (version == 5) {
            if (v5Code != 0) {
                transport().write(new byte[] {5, (byte) v5Code, 0, 1, 0, 0, 0, 0, 0, 0});
            }
        } else {
            SOCKSv4Request r = request;
            transport().write(reply(REJECTED, r == null ? 0 : r.port(), r == null ? new byte[4] : r.address()));
        }
        fail(reason);
    }

    /** What to connect to, whichever version asked. */
    private record Target(SOCKSCommand command, byte @Nullable [] address, @Nullable String hostName, int port,
            String userId, String shown) {}

    private static byte[] reply(byte code, int port, byte[] ip) {
        return new byte[] {0, code, (byte) (port >> 8), (byte) port, ip[0], ip[1], ip[2], ip[3]};
    }
}
