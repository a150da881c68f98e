package spindle.it.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLSServerOptions;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Reactor;

/** The transports the fault suite runs over: how a server listens and how a plain blocking client connects. */
enum FaultTransport {
    TCP, TLS, UNIX;

    static final SelfSignedCertificate SERVER = SelfSignedCertificate.generate("localhost", "127.0.0.1");

    /** Where a listening server can be reached. */
    record Where(FaultTransport transport, int port, Path path) {
        BlockingPeer connect() throws IOException {
            return transport.connect(this);
        }
    }

    /** Listens with {@code factory}; call on the reactor thread. */
    Where listen(Reactor reactor, Factory factory, Path dir) {
        return switch (this) {
            case TCP -> new Where(this, port(reactor.listenTCP(0, factory, "127.0.0.1")), null);
            case TLS -> new Where(this,
                    port(net.protocols.tls.TLS.listenSSL(reactor, 0, factory, TLSServerOptions.of(SERVER.key()), 50,
                            "127.0.0.1")),
                    null);
            case UNIX -> {
                Path path = dir.resolve("s" + System.nanoTime() + ".sock");
                reactor.listenUNIX(path, factory);
                yield new Where(this, 0, path);
            }
        };
    }

    private static int port(ListeningPort port) {
        return ((IPv4Address) port.getHost()).port();
    }

    /** A blocking client socket of this transport: streams, a half-close and an abortive close. */
    interface BlockingPeer extends AutoCloseable {
        InputStream in();

        OutputStream out();

        /** Shuts down the sending side (a FIN); not meaningful for TLS. */
        void shutdownOutput() throws IOException;

        /** Closes so that the peer sees an error: a TCP RST (SO_LINGER 0) where the transport has one. */
        void reset() throws IOException;

        @Override
        void close() throws IOException;
    }

    private BlockingPeer connect(Where where) throws IOException {
        if (this == UNIX) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(where.path()));
            InputStream in = Channels.newInputStream(channel);
            OutputStream out = Channels.newOutputStream(channel);
            return new BlockingPeer() {
                public InputStream in() { return in; }
                public OutputStream out() { return out; }
                public void shutdownOutput() throws IOException { channel.shutdownOutput(); }
                // UNIX sockets have no RST: closing with unread data makes the server's writes fail (EPIPE/ECONNRESET).
                public void reset() throws IOException { channel.close(); }
                public void close() throws IOException { channel.close(); }
            };
        }
        Socket socket = this == TCP ? new Socket(InetAddress.getLoopbackAddress(), where.port()) : tlsSocket(where.port());
        socket.setSoTimeout(60_000);
        return new BlockingPeer() {
            public InputStream in() {
                try { return socket.getInputStream(); } catch (IOException e) { throw new IllegalStateException(e); }
            }
            public OutputStream out() {
                try { return socket.getOutputStream(); } catch (IOException e) { throw new IllegalStateException(e); }
            }
            public void shutdownOutput() throws IOException { socket.shutdownOutput(); }
            public void reset() throws IOException {
                socket.setSoLinger(true, 0);
                if (socket instanceof SSLSocket) {
                    // SSLSocket.close would try close_notify first; closing the TCP socket under it sends only the RST.
                    TCP_UNDER.getOrDefault(socket, socket).close();
                } else {
                    socket.close();
                }
            }
            public void close() throws IOException { socket.close(); }
        };
    }

    private static final java.util.Map<Socket, Socket> TCP_UNDER = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** A JDK TLS client over a plain socket we keep, so {@link BlockingPeer#reset()} can cut the TCP under it. */
    static SSLSocket tlsSocket(int port) throws IOException {
        Socket plain = new Socket(InetAddress.getLoopbackAddress(), port);
        plain.setSoLinger(true, 0);
        SSLSocket socket = (SSLSocket) CLIENT_CONTEXT.getSocketFactory().createSocket(plain, "localhost", port, true);
        SSLParameters p = socket.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        p.setServerNames(List.of(new SNIHostName("localhost")));
        socket.setSSLParameters(p);
        TCP_UNDER.put(socket, plain);
        return socket;
    }

    static final SSLContext CLIENT_CONTEXT = clientContext();

    private static SSLContext clientContext() {
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("server", SERVER.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
            tmf.init(ts);
            SSLContext context = SSLContext.getInstance("TLS", "SunJSSE");
            context.init(null, tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Path tempDir() throws IOException {
        return Files.createTempDirectory("faults");
    }
}
