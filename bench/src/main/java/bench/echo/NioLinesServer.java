package bench.echo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The ceiling for the {@code lines10} workload: a bare {@link Selector} loop that answers every
 * request with the ten lines already in one direct buffer, one {@code write} system call (what a
 * framework that coalesces the ten writes of a request can at best reach). One thread; a
 * connection keeps a buffer only while the kernel refuses part of an answer.
 */
public final class NioLinesServer {

    private final Selector selector;
    private final ServerSocketChannel server;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final ByteBuffer answer = ByteBuffer.allocateDirect(TenLines.LINES * TenLines.LINE_LENGTH)
            .put(TenLines.answer()).flip();

    private NioLinesServer(Selector selector, ServerSocketChannel server) {
        this.selector = selector;
        this.server = server;
    }

    /**
     * Listens on 127.0.0.1, announces the port on standard output and answers until killed.
     *
     * @param args the port, or none for any free port
     * @throws IOException if the port cannot be bound or the selector fails
     */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        try (Selector selector = Selector.open(); ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", port), ServerMain.BACKLOG);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            ServerMain.announce(((InetSocketAddress) server.getLocalAddress()).getPort());
            new NioLinesServer(selector, server).loop();
        }
    }

    private void loop() throws IOException {
        while (true) {
            selector.select(this::handle);
        }
    }

    private void handle(SelectionKey key) {
        try {
            if (key.isAcceptable()) {
                SocketChannel channel;
                while ((channel = server.accept()) != null) {
                    channel.configureBlocking(false);
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    channel.register(selector, SelectionKey.OP_READ);
                }
            } else if (key.isReadable()) {
                answer(key);
            } else if (key.isWritable()) {
                flush(key);
            }
        } catch (IOException e) {
            key.cancel();
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closing a connection that already failed: nothing left to do
            }
        }
    }

    private void answer(SelectionKey key) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        readBuffer.clear();
        int n = channel.read(readBuffer);
        if (n < 0) {
            throw new IOException("closed by the peer");
        }
        int requests = 0;
        for (int i = 0; i < n; i++) {
            if (readBuffer.get(i) == '\n') {
                requests++;
            }
        }
        ByteBuffer pending = null;
        for (int r = requests; r > 0; r--) {
            answer.clear();
            if (pending == null) {
                channel.write(answer);
            }
            if (answer.hasRemaining()) {
                // The kernel is full: keep the rest, answer later requests after it.
                ByteBuffer rest = ByteBuffer.allocate((pending == null ? 0 : pending.remaining()) + answer.remaining());
                if (pending != null) {
                    rest.put(pending);
                }
                pending = rest.put(answer).flip();
            }
        }
        if (pending != null) {
            key.attach(pending);
            key.interestOps(SelectionKey.OP_WRITE);
        }
    }

    private static void flush(SelectionKey key) throws IOException {
        ByteBuffer pending = (ByteBuffer) key.attachment();
        ((SocketChannel) key.channel()).write(pending);
        if (!pending.hasRemaining()) {
            key.attach(null);
            key.interestOps(SelectionKey.OP_READ);
        }
    }
}
