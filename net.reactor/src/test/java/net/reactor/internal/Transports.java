package net.reactor.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import net.reactor.ClientFactory;
import net.reactor.ConnectionDoneException;
import net.reactor.ConnectionLostException;
import net.reactor.Connector;
import net.reactor.Factory;
import net.reactor.HalfCloseableTransport;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.ReactorUNIX;
import net.reactor.TCPTransport;
import net.reactor.Transport;
import net.reactor.UNIXAddress;
import net.reactor.UNIXTransport;

/**
 * The stream transports every transport test runs over, as Netty's testsuite runs each test
 * over each transport: a test takes one as its parameter ({@code @EnumSource(Transports.class)})
 * and listens and connects through it, so TCP on loopback and UNIX domain sockets get the same
 * scenarios. Only what really differs between the two lives here.
 */
enum Transports {
    /** TCP on 127.0.0.1. */
    TCP {
        @Override
        ListeningPort listen(SelectReactor reactor, Factory factory, int backlog, Path dir) {
            return reactor.listenTCP(0, factory, backlog, "127.0.0.1");
        }

        @Override
        Connector connect(SelectReactor reactor, ListeningPort port, ClientFactory factory) {
            return reactor.connectTCP("127.0.0.1", ((IPv4Address) port.getHost()).port(), factory);
        }

        @Override
        Class<? extends Transport> transportType() {
            return TCPTransport.class;
        }

        @Override
        Class<? extends Throwable> abortSeenByPeer() {
            return ConnectionLostException.class; // SO_LINGER 0: an RST
        }
    },
    /** A UNIX domain socket in a fresh temporary directory. */
    UNIX {
        private final AtomicInteger counter = new AtomicInteger();

        @Override
        ListeningPort listen(SelectReactor reactor, Factory factory, int backlog, Path dir) {
            return reactor.listenUNIX(dir.resolve("s" + counter.incrementAndGet() + ".sock"), factory, backlog,
                    ReactorUNIX.DEFAULT_MODE, false);
        }

        @Override
        Connector connect(SelectReactor reactor, ListeningPort port, ClientFactory factory) {
            return reactor.connectUNIX(((UNIXAddress) port.getHost()).path(), factory);
        }

        @Override
        Class<? extends Transport> transportType() {
            return UNIXTransport.class;
        }

        @Override
        Class<? extends Throwable> abortSeenByPeer() {
            // A UNIX socket has no reset: closed with nothing unread, the peer reads end of stream.
            return ConnectionDoneException.class;
        }
    };

    /** Listens with {@code factory}; UNIX sockets go in {@code dir}. Reactor thread or before it runs. */
    abstract ListeningPort listen(SelectReactor reactor, Factory factory, int backlog, Path dir);

    /** Connects to {@code port}, which this transport's {@link #listen} returned. */
    abstract Connector connect(SelectReactor reactor, ListeningPort port, ClientFactory factory);

    /** The transport interface a protocol's transport has over this transport. */
    abstract Class<? extends Transport> transportType();

    /** What the peer of a connection that called abortConnection() gets in connectionLost. */
    abstract Class<? extends Throwable> abortSeenByPeer();

    /** Half-closes a protocol's transport. */
    static void loseWriteConnection(Transport transport) {
        ((HalfCloseableTransport) transport).loseWriteConnection();
    }

    /** A temporary directory for socket files (short: a UNIX socket path has about 100 bytes). */
    static Path socketDirectory() {
        try {
            return Files.createTempDirectory(Path.of("/tmp"), "sp");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
