package spindle.samples.legacy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.Hashtable;
import java.util.StringTokenizer;

/**
 * A key-value service in the style of a java.io server from twenty years ago: a
 * {@link BufferedReader} in, an auto-flushing {@link PrintWriter} out, one blocking loop per
 * session, and a {@link Hashtable} (synchronized on every call) shared by all sessions. It imports
 * nothing from Spindle and is served as it is: that is the point of the sample.
 *
 * <p>Commands, one per line; each gets one line back:
 * <pre>
 * SET key value   OK
 * GET key         VALUE value    or  NOT FOUND
 * DEL key         OK             or  NOT FOUND
 * COUNT           COUNT n
 * QUIT            BYE            (and the session ends)
 * anything else   ERROR ...
 * </pre>
 */
final class KeyValueService {
    private final Hashtable<String, String> table;

    KeyValueService(Hashtable<String, String> table) {
        this.table = table;
    }

    /** Runs one session, until QUIT or the end of the input. */
    void serve(InputStream in, OutputStream out) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, "UTF-8"));
        PrintWriter writer = new PrintWriter(new OutputStreamWriter(out, "UTF-8"), true);
        writer.println("HELLO legacy key-value service; commands: SET GET DEL COUNT QUIT");
        String line;
        while ((line = reader.readLine()) != null) {
            StringTokenizer tokens = new StringTokenizer(line);
            if (!tokens.hasMoreTokens()) {
                writer.println("ERROR empty line");
                continue;
            }
            String command = tokens.nextToken().toUpperCase();
            if (command.equals("QUIT")) {
                writer.println("BYE");
                return;
            } else if (command.equals("SET") && tokens.countTokens() >= 2) {
                String key = tokens.nextToken();
                String value = tokens.nextToken("").trim();
                table.put(key, value);
                writer.println("OK");
            } else if (command.equals("GET") && tokens.countTokens() == 1) {
                String value = table.get(tokens.nextToken());
                writer.println(value == null ? "NOT FOUND" : "VALUE " + value);
            } else if (command.equals("DEL") && tokens.countTokens() == 1) {
                writer.println(table.remove(tokens.nextToken()) == null ? "NOT FOUND" : "OK");
            } else if (command.equals("COUNT") && !tokens.hasMoreTokens()) {
                writer.println("COUNT " + table.size());
            } else {
                writer.println("ERROR unknown command or wrong arguments: " + line);
            }
            if (writer.checkError()) {
                throw new IOException("the client went away");
            }
        }
    }
}
