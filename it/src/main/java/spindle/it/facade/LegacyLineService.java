package spindle.it.facade;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A small line-based service written the old way: a {@link BufferedReader} in, a
 * {@link PrintWriter} out, one blocking loop. It knows nothing of Spindle; Spindle serves it
 * unchanged, each connection on its own virtual thread, with:
 * {@snippet :
 * BlockingServer.listenTCP(reactor, 7000,
 *         connection -> new LegacyLineService().serve(connection.inputStream(), connection.outputStream()));
 * }
 *
 * <p>Commands, one per line (UTF-8); each gets one reply line:
 * <ul>
 * <li>{@code ECHO text} replies {@code text};</li>
 * <li>{@code UPPER text} replies the text in upper case;</li>
 * <li>{@code SUM n1 n2 ...} replies the sum of the integers;</li>
 * <li>{@code QUIT} replies {@code BYE} and ends the session;</li>
 * <li>anything else replies {@code ERR unknown command: ...} (a bad number: {@code ERR ...}).</li>
 * </ul>
 * The session also ends at end of input.
 */
public final class LegacyLineService {
    /** Creates the service; it keeps no state between sessions. */
    public LegacyLineService() {}

    /**
     * Runs one session until {@code QUIT} or end of input.
     *
     * @param in the client's bytes
     * @param out where replies go
     * @return the number of commands handled
     * @throws IOException if reading or writing fails
     */
    public int serve(InputStream in, OutputStream out) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        PrintWriter writer = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        int handled = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            handled++;
            String reply = reply(line);
            writer.println(reply);
            if (writer.checkError()) {
                throw new IOException("the client stopped reading");
            }
            if (reply.equals("BYE")) {
                break;
            }
        }
        return handled;
    }

    /**
     * The reply to one command line.
     *
     * @param line the command
     * @return the reply line, without its line break
     */
    static String reply(String line) {
        int space = line.indexOf(' ');
        String command = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : line.substring(space + 1);
        return switch (command) {
            case "ECHO" -> rest;
            case "UPPER" -> rest.toUpperCase(Locale.ROOT);
            case "SUM" -> sum(rest);
            case "QUIT" -> "BYE";
            default -> "ERR unknown command: " + command;
        };
    }

    private static String sum(String numbers) {
        long total = 0;
        for (String n : numbers.trim().split("\\s+")) {
            if (n.isEmpty()) {
                continue;
            }
            try {
                total = Math.addExact(total, Long.parseLong(n));
            } catch (NumberFormatException | ArithmeticException e) {
                return "ERR not a number (or too large): " + n;
            }
        }
        return Long.toString(total);
    }
}
