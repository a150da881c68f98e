package spindle.it.facade;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The client side of the many-connections test, run as its own process (the descriptor limit is
 * per process): opens N connections to an echo server, sends a message on each and checks the
 * echo, then keeps them all open and obeys commands on stdin: {@code ROUND} sends and checks
 * another message on every connection, {@code CLOSE} closes them all and exits. It reports on
 * stdout ({@code READY n}, {@code ROUND-OK n}, {@code CLOSED}) and exits non-zero on any error or
 * after its deadline. JDK only: it runs on the class path, outside Spindle.
 *
 * <p>Usage: {@code EchoClients host port count}
 */
public final class EchoClients {
    private static final int MESSAGE = 64;
    private static final int MAX_CONNECTING = 256;
    private static final long DEADLINE_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final Selector selector;
    private final InetSocketAddress address;
    private final long deadline = System.nanoTime() + DEADLINE_NANOS;
    private final List<Client> clients = new ArrayList<>();

    private EchoClients(InetSocketAddress address) throws IOException {
        this.address = address;
        this.selector = Selector.open();
    }

    /** One connection and the echo it waits for. */
    private static final class Client {
        final int id;
        final SocketChannel channel;
        final ByteBuffer received = ByteBuffer.allocate(MESSAGE);
        byte[] sent = new byte[0];

        Client(int id, SocketChannel channel) {
            this.id = id;
            this.channel = channel;
        }
    }

    public static void main(String[] args) throws Exception {
        EchoClients run = new EchoClients(new InetSocketAddress(args[0], Integer.parseInt(args[1])));
        int count = Integer.parseInt(args[2]);
        try {
            run.connectAll(count);
            System.out.println("READY " + run.clients.size());
            System.out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            int round = 1;
            for (String line; (line = commands.readLine()) != null; ) {
                switch (line.trim()) {
                    case "ROUND" -> {
                        run.round(run.clients, round++);
                        System.out.println("ROUND-OK " + run.clients.size());
                    }
                    case "CLOSE" -> {
                        for (Client c : run.clients) {
                            c.channel.close();
                        }
                        System.out.println("CLOSED");
                        System.out.flush();
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown command " + line);
                }
                System.out.flush();
            }
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(2);
        }
    }

    private static byte[] message(int id, int round) {
        byte[] m = new byte[MESSAGE];
        Arrays.fill(m, (byte) '.');
        byte[] text = ("connection " + id + " round " + round + "\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, m, 0, text.length);
        return m;
    }

    /** Opens {@code count} connections, at most MAX_CONNECTING at a time, each echoing once. */
    private void connectAll(int count) throws IOException {
        int opened = 0;
        int done = 0;
        int inFlight = 0;
        while (done < count) {
            while (inFlight < MAX_CONNECTING && opened < count) {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                Client c = new Client(opened++, ch);
                clients.add(c);
                inFlight++;
                if (ch.connect(address)) {
                    send(c, 0);
                } else {
                    ch.register(selector, SelectionKey.OP_CONNECT, c);
                }
            }
            done += poll();
            inFlight = opened - done;
        }
    }

    /** Sends one message on every connection and waits for all the echoes. */
    private void round(List<Client> all, int round) throws IOException {
        for (Client c : all) {
            send(c, round);
        }
        int done = 0;
        while (done < all.size()) {
            done += poll();
        }
    }

    private void send(Client c, int round) throws IOException {
        c.sent = message(c.id, round);
        c.received.clear();
        ByteBuffer out = ByteBuffer.wrap(c.sent);
        while (out.hasRemaining()) {
            if (c.channel.write(out) == 0) {
                Thread.onSpinWait(); // 64 bytes on an idle socket: the kernel takes them at once
            }
        }
        SelectionKey key = c.channel.keyFor(selector);
        if (key == null) {
            c.channel.register(selector, SelectionKey.OP_READ, c);
        } else {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    /** One select: finishes connects, reads echoes; returns how many echoes completed. */
    private int poll() throws IOException {
        if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException("deadline passed");
        }
        selector.select(1000);
        int completed = 0;
        for (SelectionKey key : selector.selectedKeys()) {
            Client c = (Client) key.attachment();
            if (key.isConnectable()) {
                c.channel.finishConnect();
                send(c, 0);
            } else if (key.isReadable()) {
                int n = c.channel.read(c.received);
                if (n < 0) {
                    throw new IOException("connection " + c.id + " closed by the server");
                }
                if (!c.received.hasRemaining()) {
                    if (!Arrays.equals(c.received.array(), c.sent)) {
                        throw new IOException("connection " + c.id + " echoed the wrong bytes");
                    }
                    key.interestOps(0);
                    completed++;
                }
            }
        }
        selector.selectedKeys().clear();
        return completed;
    }
}
