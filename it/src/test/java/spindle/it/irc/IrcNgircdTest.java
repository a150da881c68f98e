package spindle.it.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import net.protocols.irc.IRCClient;
import net.reactor.ClientFactory;
import net.reactor.ReactorOptions;
import net.reactor.ReactorTime;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import spindle.it.support.RequiredPeer;

/**
 * Two Spindle IRC clients talk to each other through a real ngIRCd (Debian's {@code ngircd},
 * started by .ci/run from {@code .ci/ngircd.conf} on 127.0.0.1:16667, or {@code SPINDLE_IRC_PORT}).
 */
class IrcNgircdTest {
    private static final int PORT = RequiredPeer.port("SPINDLE_IRC_PORT", 16667);
    /** How long to wait for one event before the test fails: a bound on hanging, not a timing check. */
    private static final long WAIT_SECONDS = 30;

    private RunningReactor running;

    @BeforeAll
    static void needsNgircd() {
        RequiredPeer.requireListening("ngIRCd", PORT, "apt-get install -y ngircd; ngircd -f $PWD/.ci/ngircd.conf");
    }

    @BeforeEach
    void start() {
        running = RunningReactor.start(ReactorOptions.defaults().withName("irc-it"));
    }

    @AfterEach
    void stop() throws Exception {
        running.close();
    }

    /** A client that puts every event into a queue the test thread reads. */
    static final class Bot extends IRCClient {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        /** What {@link #await} skipped, for the failure message. */
        final List<String> skipped = new java.util.ArrayList<>();

        Bot(ReactorTime time, String nick) {
            super(time, nick);
            setVersionName("Spindle-IT 1.0");
            setLineRate(Duration.ofMillis(20)); // flood control on: ngIRCd penalises bursts
        }

        @Override protected void signedOn() { events.add("signedOn " + nickname()); }
        @Override protected void capabilitiesAcknowledged(List<String> caps) { events.add("capsAck " + caps); }
        @Override protected void capabilitiesRefused(List<String> caps) { events.add("capsNak " + caps); }
        @Override protected void joined(String channel) { events.add("joined " + channel); }
        @Override protected void userJoined(String user, String channel) { events.add("userJoined " + user + " " + channel); }
        @Override protected void userLeft(String user, String channel) { events.add("userLeft " + user + " " + channel); }
        @Override protected void userQuit(String user, String quitMessage) { events.add("userQuit " + user + " " + quitMessage); }
        @Override protected void privmsg(String user, String channel, String message) { events.add("privmsg " + nick(user) + " " + channel + " " + message); }
        @Override protected void noticed(String user, String channel, String message) { events.add("noticed " + nick(user) + " " + channel + " " + message); }
        @Override protected void action(String user, String channel, String data) { events.add("action " + nick(user) + " " + channel + " " + data); }
        @Override protected void topicUpdated(String user, String channel, String newTopic) { events.add("topicUpdated " + nick(user) + " " + channel + " " + newTopic); }
        @Override protected void kickedFrom(String channel, String kicker, String message) { events.add("kickedFrom " + channel + " " + kicker + " " + message); }
        @Override protected void userKicked(String kickee, String channel, String kicker, String message) { events.add("userKicked " + kickee + " " + channel + " " + kicker + " " + message); }
        @Override protected void modeChanged(String user, String target, String modes, List<String> args) { events.add("modeChanged " + target + " " + modes + " " + args); }
        @Override protected void pong(String user, Duration roundTrip) { events.add("pong " + nick(user)); }
        @Override protected void ctcpReplyReceived(String user, String channel, String tag, String data) { events.add("ctcpReply " + nick(user) + " " + tag + " " + data); }
        @Override public void connectionLost(Throwable reason) {
            super.connectionLost(reason);
            events.add("connectionLost");
        }

        private static String nick(String prefix) {
            int bang = prefix.indexOf('!');
            return bang < 0 ? prefix : prefix.substring(0, bang);
        }

        /** Waits for the first event starting with {@code prefix}, skipping others. */
        String await(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (true) {
                String event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertThat(event).as("waiting for an event starting with '%s'; skipped %s", prefix, skipped).isNotNull();
                if (event.startsWith(prefix)) {
                    return event;
                }
                skipped.add(event);
            }
        }
    }

    private Bot connect(String nick) throws Exception {
        Bot bot = running.call(() -> new Bot(running.reactor(), nick));
        running.run(() -> running.reactor().connectTCP("127.0.0.1", PORT, ClientFactory.forProtocol(() -> bot)));
        return bot;
    }

    @Test
    void twoClientsTalkThroughNgircd() throws Exception {
        String tag = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 1_000_000));
        String nick = "sp" + tag;
        String channel = "#spindle" + tag;

        // alice asks for IRCv3 tags; ngIRCd does not offer them, refuses, and registration goes on.
        Bot alice = running.call(() -> new Bot(running.reactor(), nick));
        running.run(() -> {
            alice.setRequestedCapabilities(List.of("message-tags"));
            running.reactor().connectTCP("127.0.0.1", PORT, ClientFactory.forProtocol(() -> alice));
        });
        assertThat(alice.await("caps")).isEqualTo("capsNak [message-tags]");
        assertThat(alice.await("signedOn")).isEqualTo("signedOn " + nick);
        // Same nickname: the server says it is in use, and the client moves on to nick_.
        Bot bob = connect(nick);
        assertThat(bob.await("signedOn")).isEqualTo("signedOn " + nick + "_");
        String bobNick = nick + "_";

        running.run(() -> alice.join(channel));
        alice.await("joined " + channel);
        running.run(() -> bob.join(channel));
        bob.await("joined " + channel);
        alice.await("userJoined " + bobNick + " " + channel);

        List<String> names = running.await(() -> alice.names(channel));
        assertThat(names).containsExactlyInAnyOrder("@" + nick, bobNick);

        // A long UTF-8 message arrives whole, in several PRIVMSGs none of which cuts a character.
        // (No spaces: ngIRCd strips trailing spaces from what it relays, so a piece ending in one
        // would come back shorter.)
        String longText = "Ünïcödé✓😀-".repeat(150);
        running.run(() -> alice.msg(channel, longText));
        StringBuilder received = new StringBuilder();
        int pieces = 0;
        String prefix = "privmsg " + nick + " " + channel + " ";
        while (received.length() < longText.length()) {
            String event = bob.await(prefix);
            received.append(event.substring(prefix.length()));
            pieces++;
        }
        assertThat(received.toString()).isEqualTo(longText);
        assertThat(pieces).isGreaterThan(1);

        running.run(() -> bob.msg(nick, "private hello"));
        assertThat(alice.await("privmsg")).isEqualTo("privmsg " + bobNick + " " + nick + " private hello");
        running.run(() -> alice.notice(bobNick, "a notice"));
        assertThat(bob.await("noticed")).isEqualTo("noticed " + nick + " " + bobNick + " a notice");
        running.run(() -> alice.topic(channel, "Spindle talks IRC"));
        assertThat(bob.await("topicUpdated")).isEqualTo("topicUpdated " + nick + " " + channel + " Spindle talks IRC");
        running.run(() -> bob.describe(channel, "waves"));
        assertThat(alice.await("action")).isEqualTo("action " + bobNick + " " + channel + " waves");

        // CTCP: VERSION is answered by the other Spindle client, PING comes back as pong.
        running.run(() -> alice.ctcpMakeQuery(bobNick, "VERSION", ""));
        assertThat(alice.await("ctcpReply")).isEqualTo("ctcpReply " + bobNick + " VERSION Spindle-IT 1.0");
        running.run(() -> alice.ping(bobNick));
        assertThat(alice.await("pong")).isEqualTo("pong " + bobNick);

        running.run(() -> alice.mode(channel, "+v", bobNick));
        assertThat(bob.await("modeChanged")).isEqualTo("modeChanged " + channel + " +v [" + bobNick + "]");

        running.run(() -> alice.kick(channel, bobNick, "testing kicks"));
        assertThat(bob.await("kickedFrom")).isEqualTo("kickedFrom " + channel + " " + nick + " testing kicks");
        alice.await("userKicked " + bobNick);

        running.run(() -> bob.join(channel));
        alice.await("userJoined " + bobNick);
        running.run(() -> bob.leave(channel, "brb"));
        alice.await("userLeft " + bobNick + " " + channel);
        running.run(() -> bob.join(channel));
        alice.await("userJoined " + bobNick);
        running.run(() -> bob.quit("done here"));
        assertThat(alice.await("userQuit " + bobNick)).contains("done here"); // ngIRCd quotes it
        bob.await("connectionLost");

        running.run(() -> alice.quit("bye"));
        alice.await("connectionLost");
    }
}
