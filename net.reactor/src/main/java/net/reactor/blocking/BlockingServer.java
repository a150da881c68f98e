package net.reactor.blocking;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Objects;
import net.deferred.Deferred;
import net.reactor.Address;
import net.reactor.Factory;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.endpoints.ServerEndpoint;
import net.threadpool.LoopExecutor;

/**
 * Serves connections with blocking code: for each accepted connection, a
 * {@link ConnectionHandler} runs on its own virtual thread with a {@link BlockingConnection},
 * while the reactor does the I/O.
 *
 * {@snippet :
 * Reactor reactor = Reactor.create();
 * BlockingServer.listenTCP(reactor, 8000, connection -> {
 *     connection.inputStream().transferTo(connection.outputStream()); // echo
 * });
 * reactor.run();
 * }
 *
 * <p>The handler's thread is a task {@linkplain net.threadpool.Blocking#spawn spawned} on the
 * reactor: it may await Deferreds and open task scopes, and the reactor's shutdown waits for it
 * (bounded). When the handler returns, the connection is closed after the written bytes are
 * sent; an exception it throws is logged (an {@link IOException} at DEBUG, as connections end
 * that way; anything else at ERROR) and the connection is closed too.
 *
 * <p><b>Threading:</b> {@link #listenTCP} and {@link #listen} on the reactor thread (or before the reactor runs, on
 * the thread that created it); the factory's protocols run on the reactor thread.
 */
public final class BlockingServer {
    private static final System.Logger LOG = System.getLogger("net.reactor.blocking");

    private BlockingServer() {}

    /**
     * A factory whose connections are served by {@code handler}, with default buffers. Pass it
     * to {@code listenTCP} or to a server endpoint.
     *
     * @param loop the reactor that will run the factory's connections
     * @param handler serves each connection on its own virtual thread
     * @return the factory
     */
    public static Factory factory(LoopExecutor loop, ConnectionHandler handler) {
        return factory(loop, handler, StreamOptions.defaults());
    }

    /**
     * A factory whose connections are served by {@code handler}.
     *
     * @param loop the reactor that will run the factory's connections
     * @param handler serves each connection on its own virtual thread
     * @param options buffer bounds of each connection
     * @return the factory
     */
    public static Factory factory(LoopExecutor loop, ConnectionHandler handler, StreamOptions options) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(options, "options");
        return new Factory() {
            @Override
            public Protocol buildProtocol(Address address) {
                return new StreamProtocol(new BlockingConnection(loop, options), c -> serve(loop, c, handler));
            }

            @Override
            public String toString() {
                return "BlockingServer.factory(" + handler + ")";
            }
        };
    }

    /**
     * Listens on {@code port} on every interface and serves each connection with
     * {@code handler}.
     *
     * @param reactor the reactor
     * @param port the port, 0 for any free one ({@link ListeningPort#getHost()} tells which)
     * @param handler serves each connection on its own virtual thread
     * @return the listening port
     * @throws net.reactor.CannotListenException if the port cannot be bound
     */
    public static ListeningPort listenTCP(Reactor reactor, int port, ConnectionHandler handler) {
        return reactor.listenTCP(port, factory(reactor, handler));
    }

    /**
     * Listens on a server endpoint (for example
     * {@code Endpoints.serverFromString(reactor, "tcp:7000:interface=127.0.0.1")}) and serves
     * each connection with {@code handler}.
     *
     * @param loop the reactor the endpoint belongs to
     * @param endpoint where to listen
     * @param handler serves each connection on its own virtual thread
     * @return fires on the reactor thread with the listening port, or with the endpoint's failure
     */
    public static Deferred<ListeningPort> listen(LoopExecutor loop, ServerEndpoint endpoint, ConnectionHandler handler) {
        Objects.requireNonNull(endpoint, "endpoint");
        return endpoint.listen(factory(loop, handler));
    }

    private static void serve(LoopExecutor loop, BlockingConnection connection, ConnectionHandler handler) {
        String name = "connection from " + connection.getPeer();
        Deferred<Void> served = loop.blockingTasks().spawn(name, () -> {
            try (connection) {
                handler.handle(connection);
            }
            return null;
        });
        served.addErrback(failure -> {
            connection.close(); // the handler may never have run (the reactor is stopping)
            Throwable error = failure.value();
            if (error instanceof IOException) {
                LOG.log(Level.DEBUG, () -> "handler of " + name + " ended with " + error);
            } else {
                LOG.log(Level.ERROR, "handler of " + name + " failed", error);
            }
            return null;
        });
    }
}
