package net.reactor.blocking;

import java.time.Duration;
import java.util.Objects;
import net.deferred.Deferred;
import net.deferred.ThrowingFunction;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.Connector;
import net.reactor.Factory;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import net.reactor.endpoints.ClientEndpoint;
import net.threadpool.Blocking;
import net.threadpool.LoopExecutor;
import org.jspecify.annotations.Nullable;

/**
 * Connects and hands back a {@link BlockingConnection}: from the reactor thread as a Deferred,
 * or from blocking code directly.
 *
 * {@snippet :
 * // From a virtual thread (or main):
 * try (BlockingConnection c = BlockingClient.openTCP(reactor, "localhost", 8000)) {
 *     c.outputStream().write("hello\n".getBytes(UTF_8));
 *     c.loseWriteConnection();
 *     byte[] reply = c.inputStream().readAllBytes();
 * }
 * }
 *
 * <p><b>Threading:</b> the methods returning a Deferred are called on the reactor thread; the
 * {@code open} methods on any other thread.
 */
public final class BlockingClient {
    private BlockingClient() {}

    /**
     * Connects over TCP with the default timeout and buffers.
     *
     * @param reactor the reactor
     * @param host a host name or IP literal
     * @param port the port
     * @return fires on the reactor thread with the connection, or fails with the reason the
     *     attempt failed (ConnectionRefusedException, ConnectTimeoutException, ...); cancelling it
     *     stops the attempt
     */
    public static Deferred<BlockingConnection> connectTCP(Reactor reactor, String host, int port) {
        return connectTCP(reactor, host, port, ReactorTCP.DEFAULT_CONNECT_TIMEOUT, StreamOptions.defaults());
    }

    /**
     * Connects over TCP.
     *
     * @param reactor the reactor
     * @param host a host name or IP literal
     * @param port the port
     * @param timeout how long the attempt may take
     * @param options buffer bounds of the connection
     * @return fires on the reactor thread with the connection, or fails with the reason the
     *     attempt failed; cancelling it stops the attempt
     */
    public static Deferred<BlockingConnection> connectTCP(Reactor reactor, String host, int port, Duration timeout,
            StreamOptions options) {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(options, "options");
        Attempt attempt = new Attempt(reactor, options);
        attempt.connector = reactor.connectTCP(host, port, attempt, timeout, null);
        return attempt.result;
    }

    /**
     * Connects through a client endpoint (for example
     * {@code Endpoints.clientFromString(reactor, "tcp:host=example.com:port=7000")}), with
     * default buffers.
     *
     * @param loop the reactor the endpoint belongs to
     * @param endpoint where to connect
     * @return fires on the reactor thread with the connection, or with the endpoint's failure
     */
    public static Deferred<BlockingConnection> connect(LoopExecutor loop, ClientEndpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        return connect(loop, endpoint::connect, StreamOptions.defaults());
    }

    /**
     * From any thread but the reactor's: connects through a client endpoint and waits for the
     * connection.
     *
     * @param loop the reactor the endpoint belongs to
     * @param endpoint where to connect
     * @return the connection
     * @throws WrongThreadException on the reactor thread
     */
    public static BlockingConnection open(LoopExecutor loop, ClientEndpoint endpoint) {
        return Blocking.on(loop).await(() -> connect(loop, endpoint));
    }

    /**
     * Connects through an endpoint-style function that takes a {@link Factory} and returns a
     * Deferred fired once the factory's protocol is connected, as Twisted's
     * {@code IStreamClientEndpoint.connect} (for example {@code endpoint::connect}).
     *
     * @param loop the reactor
     * @param endpoint connects the factory's protocol
     * @param options buffer bounds of the connection
     * @return fires on the reactor thread with the connection, or with the endpoint's failure
     */
    public static Deferred<BlockingConnection> connect(LoopExecutor loop,
            ThrowingFunction<? super Factory, ? extends Deferred<?>> endpoint, StreamOptions options) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(options, "options");
        BlockingConnection connection = new BlockingConnection(loop, options);
        Factory factory = new Factory() {
            private boolean built;

            @Override
            public @Nullable Protocol buildProtocol(Address address) {
                if (built) {
                    return null; // one connection per call
                }
                built = true;
                return new StreamProtocol(connection, c -> { });
            }
        };
        Deferred<?> connecting;
        try {
            connecting = Objects.requireNonNull(endpoint.apply(factory), "the endpoint returned null");
        } catch (Exception e) {
            return Deferred.fail(e);
        }
        return connecting.addCallback(ignored -> connection);
    }

    /**
     * From any thread but the reactor's: connects over TCP and waits for the connection.
     *
     * @param reactor the reactor
     * @param host a host name or IP literal
     * @param port the port
     * @return the connection
     * @throws WrongThreadException on the reactor thread
     * @throws net.reactor.ConnectFailedException (or a subclass) if the attempt failed
     */
    public static BlockingConnection openTCP(Reactor reactor, String host, int port) {
        return Blocking.on(reactor).await(() -> connectTCP(reactor, host, port));
    }

    /** One TCP connection attempt: a client factory that fires a Deferred. Reactor thread. */
    private static final class Attempt extends ClientFactory {
        final Deferred<BlockingConnection> result;
        private final LoopExecutor loop;
        private final StreamOptions options;
        @Nullable Connector connector;

        Attempt(LoopExecutor loop, StreamOptions options) {
            this.loop = loop;
            this.options = options;
            this.result = new Deferred<>(d -> {
                Connector c = connector;
                if (c != null) {
                    c.stopConnecting();
                }
            });
        }

        @Override
        public Protocol buildProtocol(Address address) {
            return new StreamProtocol(new BlockingConnection(loop, options), c -> {
                if (result.called()) {
                    c.abortConnection(); // cancelled while connecting
                } else {
                    result.callback(c);
                }
            });
        }

        @Override
        public void clientConnectionFailed(Connector connector, Throwable reason) {
            if (!result.called()) {
                result.errback(reason);
            }
        }
    }
}
