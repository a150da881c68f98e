package spindle.samples.herd;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
    private final boolean onPeerPort;
    private @Nullable String peer;

    /**
     * @param onPeerPort whether this connection came in on the server's peer port (a neighbour's
     *     link: PEER and AT are accepted) or on its client port (IAMAT and WHATSAT)
     */
    HerdProtocol(HerdServer server, boolean onPeerPort) {
        super(LF, MAX_LINE);
        this.server = server;
        this.onPeerPort = onPeerPort;
    }

    /** Whether this connection came in on the peer port. */
    boolean onPeerPort() {
        return onPeerPort;
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
        byte[] bytes = Arrays.copyOf(line, length);
        String text;
        try {
            // Strict: malformed UTF-8 is refused, not turned into U+FFFD (which would also make
            // the line longer than what was sent, up to three times).
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            server.malformedLine(this, bytes);
            return;
        }
        server.lineReceived(this, text);
    }

    /** Sends {@code ? } and the line exactly as it came, for a line that is not UTF-8. */
    void refuseRaw(byte[] line) {
        if (connected()) {
            byte[] answer = new byte[line.length + 2];
            answer[0] = '?';
            answer[1] = ' ';
            System.arraycopy(line, 0, answer, 2, line.length);
            sendLine(answer);
        }
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
