package net.reactor.internal;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import net.deferred.Deferred;
import net.reactor.FileRegionConsumer;
import net.reactor.PeerCredentials;
import net.reactor.Protocol;
import net.reactor.UNIXTransport;
import org.jspecify.annotations.Nullable;

/**
 * A UNIX domain stream connection: a {@link StreamConnection} that reports its peer's
 * credentials. A UNIX socket has no TCP options; everything else (half-close, flow control,
 * layers) is the stream connection's.
 *
 * <p><b>Threading:</b> reactor thread only; every public method checks.
 */
final class UnixConnection extends StreamConnection implements UNIXTransport {
    private final End end;
    private @Nullable PeerCredentials credentials;

    UnixConnection(ConnectionLoop loop, SocketChannel channel, SocketAddress remote, Protocol protocol,
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
        return "UNIX connection";
    }

    @Override
    public @Nullable PeerCredentials getPeerCredentials() {
        checkThread("UNIXTransport.getPeerCredentials");
        PeerCredentials c = credentials;
        if (c == null && channel.supportedOptions().contains(ExtendedSocketOptions.SO_PEERCRED)) {
            try {
                UnixDomainPrincipal p = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
                c = new PeerCredentials(p.user().getName(), p.group().getName());
                credentials = c; // fixed at connect time: read once
            } catch (IOException | RuntimeException closedOrUnsupported) {
                return null;
            }
        }
        return c;
    }

    /** What a UNIX connection's protocol holds: the credentials come from the socket, under any layer. */
    static final class End extends ProtocolEnd implements UNIXTransport, FileRegionConsumer {
        private final UnixConnection connection;

        End(UnixConnection connection) {
            super(connection);
            this.connection = connection;
        }

        /** The connection this end stands on (for tests). */
        UnixConnection connection() {
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
        public @Nullable PeerCredentials getPeerCredentials() {
            return connection.getPeerCredentials();
        }
    }
}
