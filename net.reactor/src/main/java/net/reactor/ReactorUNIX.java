package net.reactor;

import java.nio.file.Path;
import java.time.Duration;

/**
 * UNIX domain stream sockets (Twisted's {@code IReactorUNIX}), over the JDK's own
 * {@code SocketChannel} for {@link java.net.StandardProtocolFamily#UNIX}: a server listens on a
 * path in the file system, clients on the same machine connect to it, and both sides get a
 * {@link UNIXTransport}, the same protocol API as TCP (half-close and flow control included).
 *
 * {@snippet :
 * ListeningPort port = reactor.listenUNIX(Path.of("/run/myapp/control.sock"), Factory.forProtocol(Shell::new));
 * reactor.connectUNIX(Path.of("/run/myapp/control.sock"), ClientFactory.forProtocol(Client::new));
 * }
 *
 * <p><b>The socket file.</b> Listening creates the file; {@link ListeningPort#stopListening()}
 * (and the reactor's stop) removes it, as Twisted does. A file left at the path by a server that
 * was killed is handled by the lock rule: with {@code wantPID}, the server holds the lock file
 * {@code PATH.lock} (a symbolic link to its process id, Twisted's format) while it listens; a new
 * server whose lock names a process that no longer runs removes the stale lock and socket file
 * and takes the path over, while a lock held by a live process refuses with
 * {@link CannotListenException}. Without {@code wantPID} an existing file at the path is never
 * touched: listening fails with a {@link CannotListenException} naming the path. So the socket
 * of a server that is still alive is never taken over.
 *
 * <p><b>Threading:</b> the reactor thread, or, before the reactor runs, the thread that created
 * it; any other thread gets {@link WrongThreadException}.
 */
public interface ReactorUNIX {

    /** Twisted's default permissions of a listening socket file: read and write for everyone. */
    int DEFAULT_MODE = 0666;

    /**
     * Listens on {@code path} with Twisted's defaults: backlog 50, mode 0666, no lock file.
     *
     * @param path the socket file to create; it must not exist
     * @param factory builds a protocol for each accepted connection
     * @return the listening port; its host is a {@link UNIXAddress}
     * @throws CannotListenException if the path exists, its directory is missing or not writable,
     *     or the path is too long for a socket address (about 100 bytes)
     */
    default ListeningPort listenUNIX(Path path, Factory factory) {
        return listenUNIX(path, factory, ReactorTCP.DEFAULT_BACKLOG, DEFAULT_MODE, false);
    }

    /**
     * Listens on {@code path}.
     *
     * @param path the socket file to create
     * @param factory builds a protocol for each accepted connection
     * @param backlog the accept queue length
     * @param mode the socket file's permission bits, as {@code chmod} takes them (0660: owner and
     *     group may connect)
     * @param wantPID whether to hold the lock file {@code PATH.lock} and take over a stale socket
     *     file whose lock names a dead process (see the interface comment)
     * @return the listening port
     * @throws CannotListenException if the path is in use (by a live server, or by a file this
     *     call may not remove), cannot be created, or cannot be given the mode
     */
    ListeningPort listenUNIX(Path path, Factory factory, int backlog, int mode, boolean wantPID);

    /**
     * Connects to the server listening on {@code path}, with the default timeout of 30 s.
     *
     * @param path the server's socket file
     * @param factory builds the protocol and hears the outcome
     * @return the connector
     */
    default Connector connectUNIX(Path path, ClientFactory factory) {
        return connectUNIX(path, factory, ReactorTCP.DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * Connects to the server listening on {@code path}. The outcome reaches {@code factory}: a
     * protocol's {@code connectionMade}, or {@link ClientFactory#clientConnectionFailed} with
     * {@link ConnectionRefusedException} (a socket file nobody listens on),
     * {@link ConnectFailedException} (no such file, no permission), or
     * {@link ConnectTimeoutException}.
     *
     * @param path the server's socket file
     * @param factory builds the protocol and hears the outcome
     * @param timeout how long the attempt may take
     * @return the connector, to stop the attempt or disconnect
     */
    Connector connectUNIX(Path path, ClientFactory factory, Duration timeout);
}
