package bench.echo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * The ceiling for UDP: a bare java.nio loop with one non-blocking {@link DatagramChannel}, one
 * direct buffer, and nothing else: receive until the socket is empty, send each datagram straight
 * back. No allocation per datagram, no callbacks, no fairness between channels.
 */
public final class NioUdpEchoServer {

    private NioUdpEchoServer() {}

    /**
     * Listens on 127.0.0.1, announces the port on standard output and echoes until killed.
     *
     * @param args the port, or none for any free port
     * @throws IOException if the socket fails
     */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        try (Selector selector = Selector.open(); DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress("127.0.0.1", port));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ServerMain.announce(((InetSocketAddress) channel.getLocalAddress()).getPort());
            ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
            while (true) {
                selector.select();
                selector.selectedKeys().clear();
                SocketAddress from;
                while ((from = channel.receive(buffer.clear())) != null) {
                    channel.send(buffer.flip(), from);
                }
            }
        }
    }
}
