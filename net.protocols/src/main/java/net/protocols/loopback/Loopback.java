package net.protocols.loopback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import net.deferred.Deferred;
import net.protocols.policies.ProtocolWrapper;
import net.protocols.policies.WrappingFactory;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.Connector;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.ReactorTCP;
import net.reactor.ReactorTime;
import net.reactor.ReactorUNIX;
import net.reactor.UNIXAddress;
import net.reactor.testing.MemoryPipe;
import org.jspecify.annotations.Nullable;

/**
 * Connects two protocol instances to each other, for tests (Twisted's
 * {@code twisted.protocols.loopback}).
 *
 * <p><b>Threading:</b> call these on the reactor thread (or, with a fake clock, on the test's
 * thread); every event and the returned Deferred fire there.
 */
public final class Loopback {
    private static final Address UNNAMED = new UNIXAddress(null);

    private Loopback() {}

    /**
     * Connects {@code server} and {@code client} in memory, one {@code dataReceived} per write
     * (Twisted's {@code loopbackAsync} with the identity pump policy).
     *
     * @param time the clock that schedules later pump rounds; a test's
     *     {@code net.reactor.testing.Clock} advanced by zero runs them
     * @param server connected first; gets {@code connectionLost} first
     * @param client connected second
     * @return fires with null once both protocols have had {@code connectionLost}; fails with the
     *     exception if a handler throws
     * @see #loopbackAsync(ReactorTime, Protocol, Protocol, PumpPolicy)
     */
    public static Deferred<@Nullable Void> loopbackAsync(ReactorTime time, Protocol server, Protocol client) {
        return loopbackAsync(time, server, client, PumpPolicy.IDENTITY);
    }

    /**
     * Connects {@code server} and {@code client} in memory (Twisted's {@code loopbackAsync}), on
     * a {@link MemoryPipe} that pumps itself.
     *
     * <p>{@code server.makeConnection} then {@code client.makeConnection} run at once, with
     * transports whose addresses are an unnamed {@code UNIXAddress}. What one side writes is
     * buffered and never delivered from inside {@code write}: a pump delivers it to the other side
     * according to {@code policy}, server-to-client first, then client-to-server, round after
     * round until both are quiet. The first rounds run inside this call; later writes (from a
     * timer, say) schedule the next pump with {@code time.callLater(Duration.ZERO)}.
     *
     * <p>The transports behave as {@link MemoryPipe}'s, which follow a TCP transport's rules:
     * bytes written after {@code loseConnection} are still delivered before the close, and
     * dropped after an abort or once the connection has ended; pausing a transport
     * ({@code pauseProducing}) holds back what is delivered to that side until it resumes; a pull
     * producer is asked for more each time what it wrote has been delivered (and once when
     * registered), a push producer is paused while more than 64 KiB wait; on the end of the
     * connection a registered producer is stopped.
     *
     * <p>When either side closes ({@code loseConnection}, with or without a reason, or
     * {@code stopProducing}), what it wrote is delivered first, and a registered pull producer
     * must unregister (as with TCP, the close waits for it); then both protocols get
     * {@code connectionLost}, server first: the closing side with its reason (a
     * {@code ConnectionDoneException} for a plain {@code loseConnection()}), the other with a
     * {@code ConnectionDoneException}. An {@code abortConnection} drops the aborting side's
     * buffer, and the reasons are {@code ConnectionAbortedException} and
     * {@code ConnectionLostException}. If a handler throws, its protocol's connection is lost with
     * that exception, the other's with a {@code ConnectionLostException}, and the Deferred fails.
     *
     * @param time the clock that schedules later pumps
     * @param server connected first; gets {@code connectionLost} first
     * @param client connected second
     * @param policy how buffered writes become {@code dataReceived} calls
     * @return fires with null once both protocols have had {@code connectionLost}
     * @throws IllegalArgumentException if {@code server} and {@code client} are the same object
     */
    public static Deferred<@Nullable Void> loopbackAsync(
            ReactorTime time, Protocol server, Protocol client, PumpPolicy policy) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(client, "client");
        if (server == client) {
            throw new IllegalArgumentException("a protocol cannot be both ends of a loopback: " + server);
        }
        MemoryPipe pipe = MemoryPipe.create(time)
                .addresses(UNNAMED, UNNAMED)
                .delivery(Objects.requireNonNull(policy, "policy"))
                .autoPump(true);
        Deferred<@Nullable Void> done = pipe.whenClosed();
        try {
            pipe.connect(client, server);
        } catch (RuntimeException | Error e) {
            if (!pipe.errors().contains(e)) {
                throw e;
            }
            // A handler threw: the pipe has ended the connection and fails `done` with it, and
            // Twisted's loopback reports it through the Deferred, not to the caller.
        }
        return done;
    }

    /**
     * Connects {@code server} and {@code client} over a real TCP connection on 127.0.0.1
     * (Twisted's {@code loopbackTCP}): listens on an ephemeral port, connects to it, and gives
     * the two instances to the two ends. Only the first connection to the port is accepted.
     * The protocols close the connection themselves.
     *
     * @param reactor the reactor to listen and connect with
     * @param server gets the accepted connection
     * @param client gets the outgoing connection
     * @return fires with null after the client's connection is lost, then the server's, then the
     *     port has stopped listening; fails with the reason if the connection cannot be made (the
     *     port is closed first)
     */
    public static Deferred<@Nullable Void> loopbackTCP(ReactorTCP reactor, Protocol server, Protocol client) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(client, "client");
        Deferred<@Nullable Void> serverDone = new Deferred<>();
        Deferred<@Nullable Void> clientDone = new Deferred<>();
        ServerSide serverFactory = new ServerSide(server, serverDone);
        ListeningPort port = reactor.listenTCP(0, serverFactory, ReactorTCP.DEFAULT_BACKLOG, "127.0.0.1");
        int portNumber = ((IPv4Address) port.getHost()).port();
        reactor.connectTCP("127.0.0.1", portNumber, new ClientSide(client, clientDone));
        return clientDone
                .addCallbackDeferred(ignored -> serverDone)
                .addBothDeferred(outcome -> port.stopListening().addCallback(stopped -> outcome.valueOrThrow()));
    }

    /**
     * Connects {@code server} and {@code client} over a real UNIX domain socket (Twisted's
     * {@code loopbackUNIX}): listens on a socket file in a new temporary directory, connects to
     * it, and gives the two instances to the two ends. Only the first connection is accepted; the
     * protocols close the connection themselves. The socket file and its directory are removed
     * when the port stops.
     *
     * <p>As with {@link #loopbackTCP}, the server protocol is reached through a policy wrapper,
     * so its transport is a plain {@code Transport} view; the client's is the
     * {@code UNIXTransport} itself.
     *
     * @param reactor the reactor to listen and connect with
     * @param server gets the accepted connection
     * @param client gets the outgoing connection
     * @return fires with null after the client's connection is lost, then the server's, then the
     *     port has stopped listening; fails with the reason if the connection cannot be made
     * @throws java.io.UncheckedIOException if the temporary directory cannot be created
     * @throws net.reactor.CannotListenException if the socket cannot be made there
     */
    public static Deferred<@Nullable Void> loopbackUNIX(ReactorUNIX reactor, Protocol server, Protocol client) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(client, "client");
        Path dir;
        try {
            // /tmp rather than java.io.tmpdir: a socket path must stay short (about 100 bytes).
            Path tmp = Path.of("/tmp");
            dir = Files.isDirectory(tmp) ? Files.createTempDirectory(tmp, "loopback")
                    : Files.createTempDirectory("loopback");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for loopbackUNIX's socket", e);
        }
        Path path = dir.resolve("loopback.sock");
        Deferred<@Nullable Void> serverDone = new Deferred<>();
        Deferred<@Nullable Void> clientDone = new Deferred<>();
        ListeningPort port;
        try {
            port = reactor.listenUNIX(path, new ServerSide(server, serverDone));
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
        reactor.connectUNIX(path, new ClientSide(client, clientDone));
        return clientDone
                .addCallbackDeferred(ignored -> serverDone)
                .addBothDeferred(outcome -> port.stopListening().addCallback(stopped -> {
                    deleteQuietly(dir);
                    return outcome.valueOrThrow();
                }));
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // A temporary directory left behind is harmless; the test's outcome matters more.
        }
    }

    /** Accepts one connection for the given server protocol and fires when it ends. */
    private static final class ServerSide extends WrappingFactory {
        private final Deferred<@Nullable Void> done;
        private @Nullable Protocol server;

        ServerSide(Protocol server, Deferred<@Nullable Void> done) {
            super(Factory.forProtocol(() -> server));
            this.server = server;
            this.done = done;
        }

        @Override
        public @Nullable Protocol buildProtocol(Address address) {
            Protocol p = server;
            server = null;
            return p == null ? null : wrap(p);
        }

        @Override
        protected ProtocolWrapper wrap(Protocol protocol) {
            return new ProtocolWrapper(this, protocol) {
                @Override
                public void connectionLost(Throwable reason) {
                    super.connectionLost(reason);
                    done.callback(null);
                }
            };
        }
    }

    /** Connects once with the given client protocol and fires when the connection ends. */
    private static final class ClientSide extends ClientFactory {
        private final Deferred<@Nullable Void> done;
        private @Nullable Protocol client;

        ClientSide(Protocol client, Deferred<@Nullable Void> done) {
            this.client = client;
            this.done = done;
        }

        @Override
        public @Nullable Protocol buildProtocol(Address address) {
            Protocol p = client;
            client = null;
            return p;
        }

        @Override
        public void clientConnectionFailed(Connector connector, Throwable reason) {
            done.errback(reason);
        }

        @Override
        public void clientConnectionLost(Connector connector, Throwable reason) {
            done.callback(null);
        }
    }
}
