package bench.echo;

import net.reactor.BufferReceiver;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.ReadView;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;

/**
 * Spindle's echo server, with all its layers, on the copy-free path a bulk protocol would use: a
 * reactor with its default options, listening with {@code Factory.forProtocol} of a protocol that
 * is a {@link BufferReceiver} and writes each {@link ReadView} straight back
 * ({@code Transport.write(ByteBuffer)}: what the socket takes goes out of the read buffer, only
 * the rest is copied), as Netty's echo handler writes back its {@code ByteBuf}.
 * {@link SpindleByteArrayEchoServer} is the same server on the default {@code dataReceived(byte[])}.
 */
public final class SpindleEchoServer {

    private SpindleEchoServer() {}

    /**
     * Listens on 127.0.0.1, announces the port on standard output and echoes until killed.
     *
     * @param args the port, or none for any free port
     */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Reactor reactor = Reactor.create(ReactorOptions.defaults().withName("echo").withInstallSignalHandlers(true));
        ListeningPort listening = reactor.listenTCP(port, Factory.forProtocol(Echo::new), ServerMain.BACKLOG, "127.0.0.1");
        ServerMain.announce(((IPv4Address) listening.getHost()).port());
        reactor.run();
    }

    /** Twisted's Echo on views: every byte received is written back without a copy of its own. */
    private static final class Echo extends Protocol implements BufferReceiver {
        @Override
        public void bufferReceived(ReadView data) {
            data.writeTo(transport());
        }

        @Override
        public void dataReceived(byte[] data) {
            transport().write(data);
        }
    }
}
