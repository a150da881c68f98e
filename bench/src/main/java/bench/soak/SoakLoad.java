package bench.soak;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The load: {@code connections} virtual threads, each keeping one connection open at a time and
 * replacing it when done (churn). Half the slots speak echo, three in ten the line protocol, two
 * in ten TLS echo. A connection makes 1 to {@code maxExchanges} request/answer exchanges, waiting
 * a random think time (0 to twice {@code thinkMillis}) between them, then closes.
 *
 * <p>Every answer is compared byte for byte with the answer expected; the bytes expected and
 * received are counted and summed as CRC-32s (a sum, so that the order in which threads finish
 * does not matter). A short read, a wrong byte, a connection that fails or an answer that takes
 * longer than the read timeout is a failure: the run fails.
 */
final class SoakLoad {

    /** The kinds of traffic. */
    enum Kind { ECHO, LINE, TLS }

    private static final int MAX_ECHO = 4096;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_FAILURES_KEPT = 20;

    private final String host = "127.0.0.1";
    private final int echoPort;
    private final int linePort;
    private final int tlsPort;
    private final SSLContext tls;
    private final int thinkMillis;
    private final int maxExchanges;
    private final List<Thread> slots = new ArrayList<>();
    private volatile boolean stopping;

    final LongAdder exchanges = new LongAdder();
    final LongAdder connectionsOpened = new LongAdder();
    final LongAdder bytesExpected = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final AtomicLong crcExpected = new AtomicLong();
    final AtomicLong crcReceived = new AtomicLong();
    final LongAdder failures = new LongAdder();
    final ConcurrentLinkedQueue<String> failureNotes = new ConcurrentLinkedQueue<>();

    SoakLoad(int echoPort, int linePort, int tlsPort, KeyStore trusted, int thinkMillis, int maxExchanges)
            throws GeneralSecurityException {
        this.echoPort = echoPort;
        this.linePort = linePort;
        this.tlsPort = tlsPort;
        this.thinkMillis = thinkMillis;
        this.maxExchanges = maxExchanges;
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        this.tls = SSLContext.getInstance("TLSv1.3");
        tls.init(null, trust.getTrustManagers(), null);
    }

    static Kind kindOf(int slot) {
        int tenth = slot % 10;
        return tenth < 5 ? Kind.ECHO : tenth < 8 ? Kind.LINE : Kind.TLS;
    }

    /**
     * Starts the slots, spread over {@code ramp} so that the listen backlog is not flooded.
     *
     * @param connections the number of slots (connections open at once)
     * @param ramp how long the start is spread over
     * @param seed the random seed
     */
    void start(int connections, Duration ramp, long seed) {
        for (int i = 0; i < connections; i++) {
            int slot = i;
            long delay = ramp.toMillis() * i / connections;
            slots.add(Thread.ofVirtual().name("soak-slot-" + i).start(() -> runSlot(slot, delay, seed + slot)));
        }
    }

    /**
     * Stops: each slot finishes its exchange in progress, closes its connection and ends.
     *
     * @return true if every slot ended within the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    boolean stop() throws InterruptedException {
        stopping = true;
        long deadline = System.nanoTime() + TIMEOUT.toNanos() + 5_000_000_000L;
        for (Thread slot : slots) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !slot.join(Duration.ofNanos(left))) {
                return false;
            }
        }
        return true;
    }

    private void runSlot(int slot, long delayMillis, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Kind kind = kindOf(slot);
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            return;
        }
        while (!stopping) {
            try (Socket socket = open(kind)) {
                connectionsOpened.increment();
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                int count = 1 + random.nextInt(maxExchanges);
                for (int i = 0; i < count && !stopping; i++) {
                    exchange(kind, random, in, out);
                    exchanges.increment();
                    Thread.sleep(random.nextInt(2 * thinkMillis + 1));
                }
            } catch (IOException | RuntimeException e) {
                fail(kind + " slot " + slot + ": " + e);
                sleepQuietly(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Socket open(Kind kind) throws IOException {
        Socket socket = kind == Kind.TLS ? tls.getSocketFactory().createSocket() : new Socket();
        try {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.connect(new InetSocketAddress(host, switch (kind) {
                case ECHO -> echoPort;
                case LINE -> linePort;
                case TLS -> tlsPort;
            }), (int) TIMEOUT.toMillis());
            if (socket instanceof SSLSocket ssl) {
                ssl.startHandshake();
            }
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void exchange(Kind kind, SplittableRandom random, InputStream in, OutputStream out) throws IOException {
        byte[] request;
        byte[] expected;
        if (kind == Kind.LINE) {
            String[] pair = lineRequest(random);
            request = (pair[0] + "\r\n").getBytes(StandardCharsets.US_ASCII);
            expected = (pair[1] + "\r\n").getBytes(StandardCharsets.US_ASCII);
        } else {
            request = new byte[1 + random.nextInt(MAX_ECHO)];
            random.nextBytes(request);
            expected = request;
        }
        bytesExpected.add(expected.length);
        crcExpected.addAndGet(crc(expected));
        out.write(request);
        out.flush();
        byte[] received = in.readNBytes(expected.length);
        bytesReceived.add(received.length);
        crcReceived.addAndGet(crc(received));
        if (received.length < expected.length) {
            throw new IOException("short answer: " + received.length + " of " + expected.length + " bytes");
        }
        if (!Arrays.equals(received, expected)) {
            throw new IOException("corrupted answer: expected " + preview(expected) + ", got " + preview(received));
        }
    }

    /** A line request and its expected answer. */
    static String[] lineRequest(SplittableRandom random) {
        int choice = random.nextInt(4);
        return switch (choice) {
            case 0 -> {
                StringBuilder text = new StringBuilder();
                int length = 1 + random.nextInt(1000);
                for (int i = 0; i < length; i++) {
                    text.append((char) (' ' + random.nextInt(95)));
                }
                yield new String[] {"ECHO " + text, text.toString()};
            }
            case 1 -> {
                int id = random.nextInt(SoakProtocol.ROWS);
                yield new String[] {"DB " + id, Long.toString(SoakProtocol.rowValue(id))};
            }
            case 2 -> new String[] {"UPD " + random.nextInt(SoakProtocol.ROWS), "1"};
            default -> {
                long n = random.nextLong() >>> 1;
                yield new String[] {"TASK " + n, Long.toString(SoakProtocol.taskAnswer(n))};
            }
        };
    }

    private static String preview(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 40), StandardCharsets.ISO_8859_1);
        return "\"" + text.replaceAll("[^\\x20-\\x7e]", "?") + (bytes.length > 40 ? "...\"" : "\"");
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private void fail(String note) {
        failures.increment();
        if (failureNotes.size() < MAX_FAILURES_KEPT) {
            failureNotes.add(note);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
