package spindle.samples.chat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.protocols.basic.LineReceiver;
import org.jspecify.annotations.Nullable;

/**
 * One chat connection, in two states: first it asks for a name, then it relays each line to
 * every other user as {@code <NAME> line}. Lines end in CRLF, the how-to's (and telnet's)
 * delimiter.
 */
final class Chat extends LineReceiver {
    private enum State { GETNAME, CHAT }

    private final Map<String, Chat> users;
    private @Nullable String name;
    private State state = State.GETNAME;

    Chat(Map<String, Chat> users) {
        this.users = users;
    }

    @Override
    public void connectionMade() {
        send("What's your name?");
    }

    @Override
    public void connectionLost(Throwable reason) {
        if (name != null) {
            users.remove(name);
        }
        super.connectionLost(reason);
    }

    @Override
    protected void lineReceived(byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8);
        switch (state) {
            case GETNAME -> handleGetName(text);
            case CHAT -> handleChat(text);
        }
    }

    private void handleGetName(String wanted) {
        if (users.containsKey(wanted)) {
            send("Name taken, please choose another.");
            return;
        }
        send("Welcome, " + wanted + "!");
        name = wanted;
        users.put(wanted, this);
        state = State.CHAT;
    }

    private void handleChat(String message) {
        byte[] line = ("<" + name + "> " + message).getBytes(StandardCharsets.UTF_8);
        for (Chat user : users.values()) {
            if (user != this) {
                user.sendLine(line);
            }
        }
    }

    private void send(String text) {
        sendLine(text.getBytes(StandardCharsets.UTF_8));
    }
}
