package net.protocols.ident;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import net.deferred.Deferred;
import net.protocols.basic.LineOnlyReceiver;

/**
 * An RFC 1413 ident client connection (Twisted's {@code IdentClient}): each {@link #lookup} sends
 * one query, and the answers, which come in order, fire the Deferreds in order.
 *
 * {@snippet :
 * // who, on the ident server's host, owns that host's port 6667 connection to our port 51000?
 * Deferred<String> user = identClient.lookup(6667, 51000).addCallback(IdentUserId::userId);
 * }
 *
 * <ul>
 *   <li>A {@code USERID} answer fires the Deferred with an {@link IdentUserId}; an {@code ERROR}
 *       answer fails it with an {@link IdentErrorException} whose {@link IdentError} says which.
 *   <li>A malformed answer, an answer for other ports than asked, an answer nobody asked for or a
 *       line longer than {@link IdentResponse#MAX_RESPONSE_LENGTH} closes the connection (with an
 *       {@link IdentParseException} or a {@link net.protocols.basic.LineTooLongException}).
 *   <li>When the connection ends, the Deferreds still waiting fail with its reason. Many servers
 *       (oidentd among them) answer one query and close: ask once per connection to be portable.
 * </ul>
 *
 * <p><b>Threading:</b> reactor thread only, like every protocol.
 */
public class IdentClient extends LineOnlyReceiver {

    private record Pending(IdentQuery query, Deferred<IdentUserId> answer) {}

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    /** Creates a client; connect it, then {@link #lookup}. */
    public IdentClient() {
        super(new byte[] {'\n'}, IdentResponse.MAX_RESPONSE_LENGTH + 1);
    }

    /**
     * Asks who owns a connection.
     *
     * @param serverPort the connection's port on the ident server's host, 1–65535
     * @param clientPort its port on our host, 1–65535
     * @return fires with the user, or fails with an {@link IdentErrorException}, a parse error or
     *     the connection's end
     * @throws IllegalArgumentException if a port is out of range
     */
    public Deferred<IdentUserId> lookup(int serverPort, int clientPort) {
        IdentQuery query = new IdentQuery(serverPort, clientPort);
        Deferred<IdentUserId> answer = new Deferred<>();
        pending.add(new Pending(query, answer));
        byte[] line = (query.toLine() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        transport().write(line);
        return answer;
    }

    /**
     * Fires the oldest waiting Deferred with this answer.
     *
     * @param line the answer, without its LF
     */
    @Override
    protected void lineReceived(byte[] line) {
        int length = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        IdentResponse response;
        try {
            response = IdentResponse.parse(text);
        } catch (IdentParseException e) {
            transport().loseConnection(e);
            return;
        }
        Pending first = pending.peek();
        if (first == null) {
            transport().loseConnection(new IdentParseException("an answer to no query"));
            return;
        }
        if (!first.query().equals(response.query())) {
            transport().loseConnection(new IdentParseException(
                    "answer for " + response.query().toLine() + " to the query " + first.query().toLine()));
            return;
        }
        pending.poll();
        switch (response) {
            case IdentResponse.UserId u -> first.answer().callback(u.user());
            case IdentResponse.Error e -> first.answer().errback(new IdentErrorException(e.error(), e.token()));
        }
    }

    /**
     * Fails every waiting Deferred with {@code reason}.
     *
     * @param reason why the connection ended
     */
    @Override
    public void connectionLost(Throwable reason) {
        super.connectionLost(reason);
        List<Pending> left = new ArrayList<>(pending);
        pending.clear();
        for (Pending p : left) {
            p.answer().errback(reason);
        }
    }
}
