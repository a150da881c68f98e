package spindle.samples.herd;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scripted client session of the demo. It talks to the herd exactly as {@code nc} would:
 * plain blocking sockets on its own thread, one connection per server. Every {@code >} line it
 * prints is what it sent and every {@code <} line is what it read from the socket; nothing in a
 * reply is composed by the program. It checks what it reads and fails if the herd misbehaves.
 *
 * <p>Threading: runs on its own (virtual) thread; it shares nothing with the reactor but sockets.
 */
final class HerdDemo implements Closeable {
    static final String CLIENT = "kiwi.cs.ucla.edu";
    private static final String UCLA = "+34.068930-118.445127";
    private static final String SANTA_MONICA = "+34.019450-118.491190";
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final long PROPAGATION_BOUND_NANOS = 15_000_000_000L;

    private final Map<String, InetSocketAddress> servers;
    private final String database;
    private final int reactors;
    private final PrintStream out;
    private final Map<String, Conversation> conversations = new LinkedHashMap<>();

    /** Thrown when the herd does not answer as the script expects. */
    static final class DemoFailedException extends RuntimeException {
        DemoFailedException(String message) {
            super(message);
        }
    }

    /**
     * @param database where the places come from, in words, for the introduction
     * @param reactors how many reactor threads the servers run on ({@code --reactors}), for the introduction
     */
    HerdDemo(Map<String, InetSocketAddress> servers, String database, int reactors, PrintStream out) {
        this.servers = servers;
        this.database = database;
        this.reactors = reactors;
        this.out = out;
    }

    void play() throws IOException, InterruptedException {
        out.println();
        out.println(reactors == 1
                ? "Five servers on one reactor thread, linked by reconnecting TCP clients."
                : "Five servers on a group of " + reactors + " reactor threads (server i on reactor i mod "
                        + reactors + "), linked by reconnecting TCP clients.");
        out.println("Places: " + database + ", read through net.dbapi's connection pool.");
        out.println("What follows is a real session over TCP: each '>' line was sent to a server, each '<' line");
        out.println("is exactly what came back.");

        section("1. A client tells Alford where it is (IAMAT name location POSIX-time).");
        List<String> at = ask("Alford", "IAMAT " + CLIENT + " " + UCLA + " " + now(), false);
        expect(at.getFirst().startsWith("AT Alford ") && at.getFirst().contains(CLIENT + " " + UCLA),
                "Alford's answer to IAMAT");

        section("2. Alford floods the AT line over its links, the others pass it on. Everyone knows now:");
        for (String server : List.of("Hamilton", "Welsh", "Ball", "Holiday")) {
            waitFor(server, "WHATSAT " + CLIENT + " 1 1", "AT Alford ");
        }

        section("3. WHATSAT asks the database, through the pool, for places near the client:"
                + "\n   radius 2 km, at most 5, nearest first; an empty line ends the answer.");
        List<String> places = ask("Holiday", "WHATSAT " + CLIENT + " 2 5", true);
        expect(places.size() >= 3 && places.getFirst().startsWith("AT Alford "), "Holiday's answer to WHATSAT");

        section("4. The client moves and tells Welsh. Newer news replaces older news everywhere:");
        ask("Welsh", "IAMAT " + CLIENT + " " + SANTA_MONICA + " " + now(), false);
        waitFor("Hamilton", "WHATSAT " + CLIENT + " 3 3", "AT Welsh ");

        section("5. Anything malformed is answered with '?', and the connection stays open:");
        ask("Ball", "WHATSAT " + CLIENT + " 80 5", false);
        ask("Ball", "IAMAT " + CLIENT + " somewhere yesterday", false);
        List<String> last = ask("Ball", "HELLO", false);
        expect(last.getFirst().equals("? HELLO"), "Ball's answer to HELLO");
        out.println();
        out.flush();
    }

    /** Asks until the answer starts with {@code expected}, showing every exchange, within a bound. */
    private void waitFor(String server, String question, String expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + PROPAGATION_BOUND_NANOS;
        while (true) {
            List<String> answer = ask(server, question, true);
            if (answer.getFirst().startsWith(expected)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new DemoFailedException(server + " never learned the news: " + answer.getFirst());
            }
            out.println("   (the flood has not reached " + server + " yet; asking again)");
            Thread.sleep(100);
        }
    }

    /**
     * Sends one line and prints it and the answer: one line, or (for WHATSAT) every line up to the
     * empty line that ends it, unless the first is a {@code ?}.
     */
    private List<String> ask(String server, String line, boolean multiLine) throws IOException {
        Conversation c = conversation(server);
        show(server, ">", line);
        c.send(line);
        List<String> answer = new ArrayList<>();
        String received = c.readLine();
        answer.add(received);
        show(server, "<", received);
        if (multiLine && !received.startsWith("?")) {
            while (!received.isEmpty()) {
                received = c.readLine();
                answer.add(received);
                show(server, "<", received);
            }
        }
        return answer;
    }

    private Conversation conversation(String server) throws IOException {
        Conversation c = conversations.get(server);
        if (c == null) {
            InetSocketAddress address = servers.get(server);
            if (address == null) {
                throw new IllegalArgumentException("no such server in this process: " + server);
            }
            c = new Conversation(address);
            conversations.put(server, c);
        }
        return c;
    }

    private void section(String title) {
        out.println();
        out.println(title);
    }

    private void show(String server, String direction, String line) {
        out.println(String.format(Locale.ROOT, "   %-9s%s %s", server, direction, line).stripTrailing());
        out.flush();
    }

    private static void expect(boolean condition, String what) {
        if (!condition) {
            throw new DemoFailedException("unexpected " + what);
        }
    }

    /** The current POSIX time with nanoseconds, as a client would send it. */
    static String now() {
        Instant t = Instant.now();
        return t.getEpochSecond() + "." + String.format(Locale.ROOT, "%09d", t.getNano());
    }

    @Override
    public void close() throws IOException {
        for (Conversation c : conversations.values()) {
            c.close();
        }
    }

    /** One client connection: LF-terminated lines out, raw lines in. */
    private static final class Conversation implements Closeable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream outStream;

        Conversation(InetSocketAddress address) throws IOException {
            socket = new Socket();
            socket.connect(address, READ_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            in = new BufferedInputStream(socket.getInputStream());
            outStream = socket.getOutputStream();
        }

        void send(String line) throws IOException {
            outStream.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            outStream.flush();
        }

        /** Reads up to LF and returns what came before it. */
        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("the server closed the connection");
                }
                line.write(b);
            }
            return line.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
