package net.protocols.irc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.protocols.basic.LineTooLongException;
import net.protocols.policies.IdleTimeoutException;
import net.reactor.ConnectionLostException;
import net.reactor.testing.Clock;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

class IrcClientTest {
    private final Clock clock = new Clock();
    private final StringTransport transport = new StringTransport();
    private final Recorder client = new Recorder(clock);

    /** Records every event as one string. */
    static final class Recorder extends IRCClient {
        final List<String> events = new ArrayList<>();
        final List<String> bad = new ArrayList<>();
        final List<String> tagsSeen = new ArrayList<>();

        Recorder(Clock clock) {
            super(clock, "spin");
        }

        @Override protected void signedOn() { events.add("signedOn " + nickname()); }
        @Override protected void capabilitiesAcknowledged(List<String> caps) { events.add("capsAck " + caps); }
        @Override protected void capabilitiesRefused(List<String> caps) { events.add("capsNak " + caps); }
        @Override protected void nickChanged(String nick) { events.add("nickChanged " + nick); }
        @Override protected void joined(String channel) { events.add("joined " + channel); }
        @Override protected void left(String channel) { events.add("left " + channel); }
        @Override protected void kickedFrom(String channel, String kicker, String message) { events.add("kickedFrom " + channel + " " + kicker + " " + message); }
        @Override protected void privmsg(String user, String channel, String message) {
            events.add("privmsg " + user + " " + channel + " " + message);
            IRCMessage m = currentMessage();
            tagsSeen.add(m == null ? "none" : m.tags().toString());
        }
        @Override protected void noticed(String user, String channel, String message) { events.add("noticed " + user + " " + channel + " " + message); }
        @Override protected void action(String user, String channel, String data) { events.add("action " + user + " " + channel + " " + data); }
        @Override protected void userJoined(String user, String channel) { events.add("userJoined " + user + " " + channel); }
        @Override protected void userLeft(String user, String channel) { events.add("userLeft " + user + " " + channel); }
        @Override protected void userQuit(String user, String quitMessage) { events.add("userQuit " + user + " " + quitMessage); }
        @Override protected void userKicked(String kickee, String channel, String kicker, String message) { events.add("userKicked " + kickee + " " + channel + " " + kicker + " " + message); }
        @Override protected void userRenamed(String oldname, String newname) { events.add("userRenamed " + oldname + " " + newname); }
        @Override protected void topicUpdated(String user, String channel, String newTopic) { events.add("topicUpdated " + user + " " + channel + " " + newTopic); }
        @Override protected void modeChanged(String user, String target, String modes, List<String> args) { events.add("modeChanged " + user + " " + target + " " + modes + " " + args); }
        @Override protected void pong(String user, Duration roundTrip) { events.add("pong " + user + " " + roundTrip.toMillis()); }
        @Override protected void ctcpQueryReceived(String user, String channel, String tag, String data) { events.add("ctcpQuery " + tag + " " + data); }
        @Override protected void badLineReceived(String line, IRCParseException error) { bad.add(line); }
    }

    private void connect() {
        transport.connect(client);
    }

    private void receive(String lines) {
        client.dataReceived(lines.getBytes(UTF_8));
    }

    private List<String> sent() {
        String all = transport.valueAsString(UTF_8);
        transport.clear();
        return all.isEmpty() ? List.of() : Arrays.asList(all.split("\r\n", -1)).subList(0, all.split("\r\n", -1).length - 1);
    }

    private void signOn() {
        connect();
        receive(":irc.test 001 spin :Welcome\r\n");
        transport.clear();
        client.events.clear();
    }

    @Test
    void registersWithPassNickAndUser() {
        client.setPassword("sekrit");
        client.setUsername("spinuser");
        client.setRealname("Spindle Bot");
        connect();
        assertThat(sent()).containsExactly("PASS sekrit", "NICK spin", "USER spinuser 0 * :Spindle Bot");
    }

    @Test
    void requestsCapabilitiesFirstAndEndsTheNegotiationOnAck() {
        client.setRequestedCapabilities(List.of("message-tags", "server-time"));
        connect();
        assertThat(sent()).containsExactly("CAP REQ :message-tags server-time", "NICK spin", "USER spin 0 * spin");
        receive(":irc.test CAP * ACK :message-tags server-time\r\n");
        assertThat(sent()).containsExactly("CAP END");
        assertThat(client.enabledCapabilities()).containsExactly("message-tags", "server-time");
        assertThat(client.events).containsExactly("capsAck [message-tags, server-time]");
        receive(":irc.test 001 spin :Welcome\r\n:irc.test CAP spin ACK :-server-time\r\n");
        assertThat(sent()).isEmpty(); // registered: no second CAP END
        assertThat(client.enabledCapabilities()).containsExactly("message-tags");
    }

    @Test
    void refusedCapabilitiesStillEndTheNegotiation() {
        client.setRequestedCapabilities(List.of("message-tags"));
        connect();
        transport.clear();
        receive(":irc.test CAP * NAK :message-tags\r\n");
        assertThat(sent()).containsExactly("CAP END");
        assertThat(client.enabledCapabilities()).isEmpty();
        assertThat(client.events).containsExactly("capsNak [message-tags]");
    }

    @Test
    void welcomeSignsOnWithTheNicknameTheServerGives() {
        connect();
        assertThat(client.isRegistered()).isFalse();
        receive(":irc.test 001 spin2 :Welcome to IRC\r\n");
        assertThat(client.isRegistered()).isTrue();
        assertThat(client.nickname()).isEqualTo("spin2");
        assertThat(client.events).containsExactly("signedOn spin2");
    }

    @Test
    void nicknameInUseTriesAlterCollidedNickAgainAndAgain() {
        connect();
        transport.clear();
        receive(":irc.test 433 * spin :Nickname already in use\r\n");
        receive(":irc.test 433 * spin_ :Nickname already in use\r\n");
        assertThat(sent()).containsExactly("NICK spin_", "NICK spin__");
        receive(":irc.test 001 spin__ :Welcome\r\n");
        assertThat(client.events).containsExactly("signedOn spin__");
    }

    @Test
    void anErroneousNicknameFallsBackBeforeRegistrationOnly() {
        connect();
        transport.clear();
        receive(":irc.test 432 * sp!n :Erroneous nickname\r\n");
        assertThat(sent()).containsExactly("NICK defaultnick");
        receive(":irc.test 001 defaultnick :Welcome\r\n:irc.test 432 defaultnick b@d :Erroneous nickname\r\n");
        assertThat(sent()).isEmpty();
        assertThat(client.nickname()).isEqualTo("defaultnick");
    }

    @Test
    void aRefusedPasswordClosesTheConnection() {
        client.setPassword("wrong");
        connect();
        receive(":irc.test 464 * :Password incorrect\r\n");
        assertThat(transport.closeReason()).isInstanceOf(IRCPasswordMismatchException.class).hasMessageContaining("Password incorrect");
    }

    @Test
    void aNumericWithoutParametersDoesNotThrow() { // a Jazzer finding: 464 with no parameters
        client.setPassword("wrong");
        connect();
        receive(":irc.test 464\r\n");
        assertThat(transport.closeReason()).isInstanceOf(IRCPasswordMismatchException.class);
    }

    @Test
    void answersPingAtOnceEvenWithAFullQueue() {
        client.setLineRate(Duration.ofSeconds(1));
        signOn();
        clock.advance(Duration.ofSeconds(5)); // USER goes
        clock.advance(Duration.ofSeconds(5)); // the queue finds itself empty and goes idle
        sent();
        client.msg("#c", "one");
        client.msg("#c", "two");
        receive("PING :irc.test\r\n");
        assertThat(sent()).containsExactly("PRIVMSG #c one", "PONG irc.test");
    }

    @Test
    void lineRateSpacesLinesOnTheReactorsClock() {
        client.setLineRate(Duration.ofSeconds(2));
        connect(); // NICK goes at once, USER waits its turn
        assertThat(sent()).containsExactly("NICK spin");
        assertThat(client.queuedLines()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1999));
        assertThat(sent()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(sent()).containsExactly("USER spin 0 * spin");
        client.join("a");
        client.join("#b");
        client.join("&c");
        clock.advance(Duration.ofSeconds(2));
        assertThat(sent()).containsExactly("JOIN #a");
        clock.advance(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        assertThat(sent()).containsExactly("JOIN #b", "JOIN &c");
        clock.advance(Duration.ofSeconds(2));
        assertThat(client.queuedLines()).isZero();
        client.quit("bye");
        assertThat(sent()).containsExactly("QUIT bye"); // the queue was idle long enough: at once
    }

    @Test
    void withoutLineRateEverythingIsSentAtOnce() {
        signOn();
        for (int i = 0; i < 50; i++) {
            client.msg("#c", "m" + i);
        }
        assertThat(sent()).hasSize(50);
        assertThat(clock.getDelayedCalls()).hasSize(1); // only the heartbeat
    }

    @Test
    void channelEventsByWhoDidThem() {
        signOn();
        receive(":spin!u@h JOIN #c\r\n"
                + ":bob!b@h JOIN :#c\r\n"
                + ":bob!b@h PART #c :later\r\n"
                + ":carol!c@h QUIT :Quit: gone\r\n"
                + ":bob!b@h NICK robert\r\n"
                + ":spin!u@h NICK :spun\r\n"
                + ":op!o@h KICK #c dave :behave\r\n"
                + ":op!o@h KICK #c spun :you too\r\n"
                + ":op!o@h TOPIC #c :new topic\r\n"
                + ":irc.test 332 spun #d :old topic\r\n"
                + ":op!o@h MODE #c +ov spun bob\r\n"
                + ":spun!u@h PART #d\r\n");
        assertThat(client.events).containsExactly(
                "joined #c",
                "userJoined bob #c",
                "userLeft bob #c",
                "userQuit carol Quit: gone",
                "userRenamed bob robert",
                "nickChanged spun",
                "userKicked dave #c op behave",
                "kickedFrom #c op you too",
                "topicUpdated op!o@h #c new topic",
                "topicUpdated irc.test #d old topic",
                "modeChanged op!o@h #c +ov [spun, bob]",
                "left #d");
        assertThat(client.nickname()).isEqualTo("spun");
    }

    @Test
    void privmsgNoticeAndActionCarryTheirTags() {
        signOn();
        receive("@time=2026-12-06T17:00:00.000Z;account=bob :bob!b@h PRIVMSG #c :hello all\r\n"
                + ":bob!b@h PRIVMSG spin :psst\r\n"
                + ":bob!b@h NOTICE spin :note\r\n"
                + ":bob!b@h PRIVMSG #c :\u0001ACTION waves\u0001\r\n");
        assertThat(client.events).containsExactly(
                "privmsg bob!b@h #c hello all",
                "privmsg bob!b@h spin psst",
                "noticed bob!b@h spin note",
                "action bob!b@h #c waves");
        assertThat(client.tagsSeen).containsExactly("{time=2026-12-06T17:00:00.000Z, account=bob}", "{}");
        assertThat(client.currentMessage()).isNull();
    }

    @Test
    void answersCTCPVersionAndPingOnlyVersionWhenNamed() {
        signOn();
        receive(":bob!b@h PRIVMSG spin :\u0001VERSION\u0001\r\n");
        assertThat(sent()).isEmpty();
        client.setVersionName("Spindle IRC 1.0");
        receive(":bob!b@h PRIVMSG spin :\u0001VERSION\u0001\r\n"
                + ":bob!b@h PRIVMSG spin :\u0001PING 12345\u0001\r\n"
                + ":bob!b@h PRIVMSG spin :\u0001CLIENTINFO\u0001\r\n");
        assertThat(sent()).containsExactly(
                "NOTICE bob :\u0001VERSION Spindle IRC 1.0\u0001",
                "NOTICE bob :\u0001PING 12345\u0001");
        assertThat(client.events).containsExactly("ctcpQuery CLIENTINFO ");
    }

    @Test
    void ctcpPingReportsTheRoundTripOnTheClock() {
        signOn();
        client.ping("bob");
        String query = sent().get(0);
        assertThat(query).startsWith("PRIVMSG bob :\u0001PING ");
        String token = query.substring("PRIVMSG bob :\u0001PING ".length(), query.length() - 1);
        clock.advance(Duration.ofMillis(250));
        receive(":bob!b@h NOTICE spin :\u0001PING " + token + "\u0001\r\n");
        assertThat(client.events).containsExactly("pong bob!b@h 250");
    }

    @Test
    void namesAreCollectedIntoADeferred() {
        signOn();
        Deferred<List<String>> names = client.names("#c");
        assertThat(sent()).containsExactly("NAMES #c");
        receive(":irc.test 353 spin = #c :@op +voice\r\n"
                + ":irc.test 353 spin = #C :spin bob\r\n");
        assertThat(names.called()).isFalse();
        receive(":irc.test 366 spin #c :End of NAMES list\r\n");
        assertThat(names.peek()).isEqualTo(new Outcome.Success<>(List.of("@op", "+voice", "spin", "bob")));
    }

    @Test
    void namesForInventedChannelsAreNotBufferedWithoutBound() {
        signOn();
        StringBuilder flood = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            flood.append(":irc.test 353 spin = #c").append(i).append(" :a b c\r\n");
        }
        receive(flood.toString());
        Deferred<List<String>> late = client.names("#c4999");
        receive(":irc.test 353 spin = #c4999 :d\r\n:irc.test 366 spin #c4999 :End\r\n");
        // 1000 channels were being collected already: #c4999 is not collected at all
        assertThat(late.peek()).isEqualTo(new Outcome.Success<>(List.of()));
        Deferred<List<String>> early = client.names("#c0");
        receive(":irc.test 366 spin #c0 :End\r\n");
        assertThat(early.peek()).isEqualTo(new Outcome.Success<>(List.of("a", "b", "c")));
    }

    @Test
    void namesStillWaitingFailWhenTheConnectionIsLost() {
        signOn();
        Deferred<List<String>> names = client.names("#c");
        transport.deliverConnectionLost(new ConnectionLostException("gone"));
        assertThat(names.peek()).isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.failure().value()).isInstanceOf(ConnectionLostException.class));
        names.addErrback(f -> List.of());
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void longMessagesAreSplitOnUTF8BoundariesToFitTheLine() {
        signOn();
        String text = "é€😀x".repeat(200); // 1, 2, 3 and 4 byte characters, 2000 bytes
        client.msg("#spindle", text);
        List<String> lines = sent();
        assertThat(lines).hasSizeGreaterThan(4);
        StringBuilder joined = new StringBuilder();
        for (String line : lines) {
            IRCMessage m = IRCMessage.parse(line);
            assertThat(m.command()).isEqualTo("PRIVMSG");
            assertThat(m.param(0)).isEqualTo("#spindle");
            // what the server relays: our prefix with a 63-byte host in front, CR LF after
            int relayed = (":spin!spin@" + "h".repeat(63) + " ").length() + line.getBytes(UTF_8).length + 2;
            assertThat(relayed).isLessThanOrEqualTo(IRCClient.MAX_LINE_LENGTH);
            joined.append(m.param(1));
        }
        assertThat(joined.toString()).isEqualTo(text);
    }

    @Test
    void splitUTF8NeverCutsACharacterAndSplitsLines() {
        assertThat(IRCClient.splitUTF8("ab\r\ncd\n\nef", 10)).containsExactly("ab", "cd", "ef");
        assertThat(IRCClient.splitUTF8("😀😀😀", 5)).containsExactly("😀", "😀", "😀");
        assertThat(IRCClient.splitUTF8("aé😀", 4)).containsExactly("aé", "😀");
    }

    @Test
    void noticeIsSplitToo() {
        signOn();
        client.notice("bob", "a\nb");
        assertThat(sent()).containsExactly("NOTICE bob a", "NOTICE bob b");
    }

    @Test
    void requestsFormatAsIRC() {
        signOn();
        client.join("#c", "key");
        client.leave("#c", "see you");
        client.leave("#d", "");
        client.kick("#c", "bob", "spam");
        client.topic("#c");
        client.topic("#c", "the topic");
        client.mode("#c", "+o", "bob");
        client.describe("#c", "waves");
        client.setNick("other");
        assertThat(sent()).containsExactly("JOIN #c key", "PART #c :see you", "PART #d", "KICK #c bob spam",
                "TOPIC #c", "TOPIC #c :the topic", "MODE #c +o bob", "PRIVMSG #c :\u0001ACTION waves\u0001", "NICK other");
    }

    @Test
    void refusesToSendInjectedLines() {
        signOn();
        assertThatThrownBy(() -> client.join("#c\r\nQUIT")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.kick("#c", "bob", "x\nQUIT")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.sendMessage(IRCMessage.of("PRIVMSG", "#c", "x".repeat(600)))).isInstanceOf(IllegalArgumentException.class);
        assertThat(sent()).isEmpty();
    }

    @Test
    void survivesGarbageAndOverlongLinesAndGoesOn() {
        signOn();
        byte[] invalidUTF8 = {':', 'b', ' ', 'P', 'R', 'I', 'V', 'M', 'S', 'G', ' ', '#', 'c', ' ', ':', (byte) 0xff, (byte) 0xc3, '\r', '\n'};
        receive("\r\n!!!garbage\r\n:onlyprefix\r\n@bad!tag=1 PING x\r\n");
        receive("PRIVMSG #c :" + "x".repeat(IRCClient.MAX_MESSAGE_LENGTH) + "\r\n");
        client.dataReceived(invalidUTF8);
        receive("\n\n:bob!b@h PRIVMSG #c :still here\n");
        assertThat(client.bad).hasSize(4);
        assertThat(client.events).containsExactly("privmsg b #c \uFFFD\uFFFD", "privmsg bob!b@h #c still here");
        assertThat(transport.isDisconnecting()).isFalse();
    }

    @Test
    void aLineBeyondTheBufferLimitClosesTheConnection() {
        signOn();
        receive("x".repeat(IRCClient.MAX_BUFFERED_LINE + 1));
        assertThat(transport.closeReason()).isInstanceOf(LineTooLongException.class);
    }

    @Test
    void heartbeatPingsAndASilentServerIsDropped() {
        client.setHeartbeatInterval(Duration.ofSeconds(60));
        signOn();
        clock.advance(Duration.ofSeconds(60));
        assertThat(sent()).hasSize(1).allMatch(l -> l.startsWith("PING "));
        receive(":irc.test PONG irc.test :whatever\r\n");
        clock.advance(Duration.ofSeconds(60));
        assertThat(sent()).hasSize(1);
        assertThat(transport.isDisconnecting()).isFalse();
        clock.advance(Duration.ofSeconds(60)); // nothing since the last PING
        assertThat(transport.closeReason()).isInstanceOf(IdleTimeoutException.class);
    }

    @Test
    void aServerSilentBeforeRegistrationIsDroppedAfterOneInterval() {
        client.setHeartbeatInterval(Duration.ofSeconds(30));
        connect();
        transport.clear();
        clock.advance(Duration.ofSeconds(30));
        assertThat(sent()).isEmpty(); // no PING before registration
        assertThat(transport.closeReason()).isInstanceOf(IdleTimeoutException.class);
    }

    @Test
    void noHeartbeatWhenTurnedOff() {
        client.setHeartbeatInterval(null);
        connect();
        clock.advance(Duration.ofHours(1));
        assertThat(transport.isDisconnecting()).isFalse();
        assertThat(clock.getDelayedCalls()).isEmpty();
    }
}
