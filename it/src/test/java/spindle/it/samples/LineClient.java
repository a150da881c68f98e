package spindle.it.samples;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A blocking TCP client for line protocols, with a read timeout so a test never hangs. */
final class LineClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    LineClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 10_000);
        socket.setSoTimeout(20_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends {@code text} as it is (the caller adds the line ending). */
    void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads up to and including {@code delimiter}; returns what came before it, or null at end of stream. */
    String readLine(String delimiter) throws IOException {
        byte[] d = delimiter.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
            byte[] sofar = line.toByteArray();
            if (sofar.length >= d.length && endsWith(sofar, d)) {
                return new String(sofar, 0, sofar.length - d.length, StandardCharsets.UTF_8);
            }
        }
    }

    /** Sends a LF-terminated line and reads one LF-terminated answer. */
    String ask(String line) throws IOException {
        write(line + "\n");
        return readLine("\n");
    }

    /** Sends a WHATSAT and reads its whole answer: one {@code ?} line, or lines up to the empty one. */
    List<String> askMultiLine(String line) throws IOException {
        write(line + "\n");
        List<String> answer = new ArrayList<>();
        String first = readLine("\n");
        answer.add(first);
        if (first == null || first.startsWith("?")) {
            return answer;
        }
        String next;
        while ((next = readLine("\n")) != null && !next.isEmpty()) {
            answer.add(next);
        }
        return answer;
    }

    /** Reads everything until the server closes the connection. */
    String readToEnd() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static boolean endsWith(byte[] a, byte[] suffix) {
        for (int i = 0; i < suffix.length; i++) {
            if (a[a.length - suffix.length + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
