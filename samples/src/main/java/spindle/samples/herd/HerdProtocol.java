package spindle.samples.herd;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.protocols.basic.LineReceiver;
import org.jspecify.annotations.Nullable;
import spindle.samples.support.Programs;

/**
 * One connection to a herd server, from a client or from a neighbouring server's link. Lines end
 * in LF; a CR before it is dropped, so both {@code nc} and telnet work. A line longer than
 * {@value #MAX_LINE} bytes closes the connection (LineReceiver's {@code LineTooLongException}).
 */
final class HerdProtocol extends LineReceiver {
    static final int MAX_LINE = 4096;
    private static final byte[] LF = {'\n'};

    private final HerdServer server;
    private @Nullable String peer;

    HerdProtocol(HerdServer server) {
        super(LF, MAX_LINE);
        this.server = server;
    }

    @Override
    public void connectionMade() {
        server.connectionMade(this);
    }

    @Override
    protected void lineReceived(byte[] line) {
        int length = line.length;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        server.lineReceived(this, new String(Arrays.copyOf(line, length), StandardCharsets.UTF_8));
    }

    @Override
    public void connectionLost(Throwable reason) {
        super.connectionLost(reason);
        server.connectionLost(this, reason);
    }

    /** Sends one line (LF-terminated), unless the connection has gone. */
    void sendText(String text) {
        if (connected()) {
            sendLine(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Sends several lines in one write, unless the connection has gone. */
    void sendLines(Iterable<String> lines) {
        if (connected()) {
            StringBuilder b = new StringBuilder();
            for (String l : lines) {
                b.append(l).append('\n');
            }
            transport().write(b.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Reads lines again after {@link #pauseProducing()}, unless the connection has gone. */
    void resume() {
        if (connected()) {
            resumeProducing();
        }
    }

    /** The neighbour this connection comes from (it said {@code PEER NAME}), or null for a client. */
    @Nullable String peer() {
        return peer;
    }

    void setPeer(String peer) {
        this.peer = peer;
    }

    /** Who is at the other end, for the log. */
    String describe() {
        String address = Programs.hostPort(transport().getPeer());
        return peer == null ? address : peer + " (" + address + ")";
    }
}
