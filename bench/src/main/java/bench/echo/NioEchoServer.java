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
 * The ceiling for any Java single-thread reactor: a bare {@link Selector} echo loop in one page.
 * One thread, one shared direct read buffer; a connection owns a buffer only while the kernel
 * refuses part of an echo, and stops reading until that remainder is written.
 */
public final class NioEchoServer {

    private final Selector selector;
    private final ServerSocketChannel server;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);

    private NioEchoServer(Selector selector, ServerSocketChannel server) {
        this.selector = selector;
        this.server = server;
    }

    /**
     * Listens on 127.0.0.1, announces the port on standard output and echoes until killed.
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
            new NioEchoServer(selector, server).loop();
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
                accept();
            } else if (key.isReadable()) {
                echo(key);
            } else if (key.isWritable()) {
                flush(key);
            }
        } catch (IOException e) {
            close(key);
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.register(selector, SelectionKey.OP_READ);
        }
    }

    private void echo(SelectionKey key) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        readBuffer.clear();
        int n = channel.read(readBuffer);
        if (n < 0) {
            close(key);
            return;
        }
        readBuffer.flip();
        channel.write(readBuffer);
        if (readBuffer.hasRemaining()) {
            // The kernel took only part: keep the rest and read nothing more until it is written.
            key.attach(ByteBuffer.allocate(readBuffer.remaining()).put(readBuffer).flip());
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

    private static void close(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closing a connection that already failed: nothing left to do
        }
    }
}
