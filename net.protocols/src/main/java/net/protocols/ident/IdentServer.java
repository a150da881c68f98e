package net.protocols.ident;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import net.protocols.basic.LineOnlyReceiver;
import net.protocols.policies.IdleTimeoutException;
import net.reactor.DelayedCall;
import net.reactor.ReactorTime;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 1413 ident server connection (Twisted's {@code IdentServer}): each line is one query,
 * answered with one line through its {@link IdentLookup}.
 *
 * {@snippet :
 * IdentLookup lookup = (query, server, client) -> new IdentUserId("UNIX", "alice");
 * reactor.listenTCP(1113, ServerFactory.forProtocol(() -> new IdentServer(reactor, lookup)), "127.0.0.1");
 * }
 *
 * <ul>
 *   <li>Two decimal ports separated by a comma are a query; a port outside 1–65535 is answered
 *       {@code ERROR : INVALID-PORT}, as in Twisted.
 *   <li>Anything else closes the connection with an {@link IdentParseException} as the reason
 *       (Twisted closes without a reason), and so does a line longer than
 *       {@link IdentQuery#MAX_QUERY_LENGTH} (a {@link net.protocols.basic.LineTooLongException}).
 *   <li>A lookup that throws {@link IdentErrorException} is answered with its token, any other
 *       exception with {@code UNKNOWN-ERROR}.
 *   <li>A connection without a query for the idle timeout (default {@link #DEFAULT_IDLE_TIMEOUT};
 *       RFC 1413 suggests 60 to 180 seconds) is closed with an {@link IdleTimeoutException}.
 * </ul>
 * Lines end with LF; a CR before it is dropped.
 *
 * <p><b>Threading:</b> reactor thread only, like every protocol.
 */
public class IdentServer extends LineOnlyReceiver {

    /** The default idle timeout. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);

    private final ReactorTime time;
    private final IdentLookup lookup;
    private final Duration idleTimeout;
    private @Nullable DelayedCall idle;

    /**
     * Creates a server that refuses every query with {@code NO-USER}, Spindle's safe default.
     *
     * @param time the reactor's clock, for the idle timeout
     */
    public IdentServer(ReactorTime time) {
        this(time, IdentLookup.NO_USER);
    }

    /**
     * Creates a server answering through {@code lookup}, with the default idle timeout.
     *
     * @param time the reactor's clock
     * @param lookup what to answer
     */
    public IdentServer(ReactorTime time, IdentLookup lookup) {
        this(time, lookup, DEFAULT_IDLE_TIMEOUT);
    }

    /**
     * Creates a server answering through {@code lookup}.
     *
     * @param time the reactor's clock
     * @param lookup what to answer
     * @param idleTimeout how long a connection may go without a query
     */
    public IdentServer(ReactorTime time, IdentLookup lookup, Duration idleTimeout) {
        super(new byte[] {'\n'}, IdentQuery.MAX_QUERY_LENGTH + 1);
        this.time = Objects.requireNonNull(time, "time");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        this.idleTimeout = idleTimeout;
    }

    /** Starts the idle timer. */
    @Override
    public void connectionMade() {
        super.connectionMade();
        idle = time.callLater(idleTimeout, this::timedOut);
    }

    /**
     * Stops the idle timer.
     *
     * @param reason why the connection ended
     */
    @Override
    public void connectionLost(Throwable reason) {
        super.connectionLost(reason);
        if (idle != null && idle.active()) {
            idle.cancel();
        }
        idle = null;
    }

    private void timedOut() {
        idle = null;
        transport().loseConnection(new IdleTimeoutException(idleTimeout));
    }

    /**
     * Answers one query.
     *
     * @param line the query, without its LF
     */
    @Override
    protected void lineReceived(byte[] line) {
        if (idle != null && idle.active()) {
            idle.reset(idleTimeout);
        }
        int length = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        String text = new String(line, 0, length, StandardCharsets.ISO_8859_1);
        int[] ports;
        try {
            ports = IdentQuery.parsePair(text);
        } catch (IdentParseException e) {
            transport().loseConnection(e);
            return;
        }
        String pair = ports[0] + ", " + ports[1];
        if (!IdentQuery.valid(ports[0]) || !IdentQuery.valid(ports[1])) {
            send(pair + " : ERROR : " + IdentError.INVALID_PORT.token());
            return;
        }
        IdentQuery query = new IdentQuery(ports[0], ports[1]);
        IdentResponse response;
        try {
            response = new IdentResponse.UserId(query, lookup.lookup(query, transport().getHost(), transport().getPeer()));
        } catch (IdentErrorException e) {
            response = new IdentResponse.Error(query, e.error());
        } catch (RuntimeException e) {
            System.getLogger(IdentServer.class.getName()).log(System.Logger.Level.WARNING, "ident lookup failed", e);
            response = new IdentResponse.Error(query, IdentError.UNKNOWN_ERROR);
        }
        send(response.toLine());
    }

    private void send(String line) {
        sendLine(line.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends {@code line} with CR LF, as RFC 1413 asks (the receiving delimiter is LF alone).
     *
     * @param line the line, without line ending
     */
    @Override
    public void sendLine(byte[] line) {
        byte[] out = new byte[line.length + 2];
        System.arraycopy(line, 0, out, 0, line.length);
        out[line.length] = '\r';
        out[line.length + 1] = '\n';
        transport().write(out);
    }
}
