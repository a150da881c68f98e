package spindle.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

class ChatTest {
    private final Map<String, Chat> users = new HashMap<>();

    private StringTransport join() {
        StringTransport t = new StringTransport();
        t.connect(new Chat(users));
        return t;
    }

    private static void send(StringTransport t, String data) {
        t.protocol().dataReceived(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String take(StringTransport t) {
        String s = t.valueAsString(StandardCharsets.UTF_8);
        t.clear();
        return s;
    }

    @Test
    void theHowTosConversation() {
        StringTransport ann = join();
        StringTransport bob = join();
        assertThat(take(ann)).isEqualTo("What's your name?\r\n");
        assertThat(take(bob)).isEqualTo("What's your name?\r\n");

        send(ann, "ann\r\n");
        assertThat(take(ann)).isEqualTo("Welcome, ann!\r\n");
        send(bob, "ann\r\n");
        assertThat(take(bob)).isEqualTo("Name taken, please choose another.\r\n");
        send(bob, "bob\r\n");
        assertThat(take(bob)).isEqualTo("Welcome, bob!\r\n");

        send(ann, "hello bob\r\n");
        assertThat(take(bob)).isEqualTo("<ann> hello bob\r\n");
        assertThat(take(ann)).isEmpty();
    }

    @Test
    void aNameIsFreedWhenItsConnectionEnds() {
        StringTransport ann = join();
        send(ann, "ann\r\n");
        ann.deliverConnectionLost();
        StringTransport again = join();
        take(again);
        send(again, "ann\r\n");
        assertThat(take(again)).isEqualTo("Welcome, ann!\r\n");
    }
}
