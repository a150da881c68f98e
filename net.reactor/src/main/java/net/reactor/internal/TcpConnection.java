package net.reactor.internal;

import java.net.SocketAddress;
import java.nio.channels.FileChannel;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import net.deferred.Deferred;
import net.reactor.FileRegionConsumer;
import net.reactor.Protocol;
import net.reactor.TCPTransport;
import org.jspecify.annotations.Nullable;

/**
 * A TCP connection: a {@link StreamConnection} with TCP's socket options.
 *
 * <p><b>Threading:</b> reactor thread only; every public method checks.
 */
final class TcpConnection extends StreamConnection implements TCPTransport {
    private final End end;

    TcpConnection(ConnectionLoop loop, SocketChannel channel, SocketAddress remote, Protocol protocol,
            @Nullable TcpConnector connector, SelectionKey key) {
        super(loop, channel, remote, protocol, connector, key);
        this.end = new End(this);
    }

    @Override
    End end() {
        return end;
    }

    @Override
    String kind() {
        return "TCP connection";
    }

    @Override
    public void setTcpNoDelay(boolean enabled) {
        checkThread("TCPTransport.setTcpNoDelay");
        setOption(StandardSocketOptions.TCP_NODELAY, enabled);
    }

    @Override
    public boolean getTcpNoDelay() {
        checkThread("TCPTransport.getTcpNoDelay");
        return getOption(StandardSocketOptions.TCP_NODELAY);
    }

    @Override
    public void setTcpKeepAlive(boolean enabled) {
        checkThread("TCPTransport.setTcpKeepAlive");
        setOption(StandardSocketOptions.SO_KEEPALIVE, enabled);
    }

    @Override
    public boolean getTcpKeepAlive() {
        checkThread("TCPTransport.getTcpKeepAlive");
        return getOption(StandardSocketOptions.SO_KEEPALIVE);
    }

    /** What a TCP connection's protocol holds: socket options always reach the socket, under any layer. */
    static final class End extends ProtocolEnd implements TCPTransport, FileRegionConsumer {
        private final TcpConnection connection;

        End(TcpConnection connection) {
            super(connection);
            this.connection = connection;
        }

        /** The connection this end stands on (for tests). */
        TcpConnection connection() {
            return connection;
        }

        /**
         * Sends a region of a file: straight from the file to the socket, or, once a layer is
         * under the protocol, through it in chunks read off the reactor thread.
         */
        @Override
        public Deferred<Long> sendFile(FileChannel file, long position, long count) {
            return connection.sendFile(this, file, position, count);
        }

        @Override
        public void setTcpNoDelay(boolean enabled) {
            connection.setTcpNoDelay(enabled);
        }

        @Override
        public boolean getTcpNoDelay() {
            return connection.getTcpNoDelay();
        }

        @Override
        public void setTcpKeepAlive(boolean enabled) {
            connection.setTcpKeepAlive(enabled);
        }

        @Override
        public boolean getTcpKeepAlive() {
            return connection.getTcpKeepAlive();
        }
    }
}
