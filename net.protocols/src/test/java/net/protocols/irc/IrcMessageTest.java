package net.protocols.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IrcMessageTest {

    @Test
    void parsesPrefixCommandMiddleAndTrailingParameters() {
        IRCMessage m = IRCMessage.parse(":alice!a@host.example PRIVMSG #spindle :hello there: you");
        assertThat(m.tags()).isEmpty();
        assertThat(m.prefix()).isEqualTo("alice!a@host.example");
        assertThat(m.nick()).isEqualTo("alice");
        assertThat(m.command()).isEqualTo("PRIVMSG");
        assertThat(m.params()).containsExactly("#spindle", "hello there: you");
    }

    @Test
    void parsesNumericsWithoutTrailingAndUpperCasesCommands() {
        assertThat(IRCMessage.parse("ping :irc.example").command()).isEqualTo("PING");
        IRCMessage m = IRCMessage.parse(":srv 001 bob Welcome");
        assertThat(m.command()).isEqualTo("001");
        assertThat(m.params()).containsExactly("bob", "Welcome");
        assertThat(m.nick()).isEqualTo("srv");
        assertThat(IRCMessage.parse("QUIT").params()).isEmpty();
        assertThat(IRCMessage.parse("QUIT").nick()).isEmpty();
    }

    @Test
    void emptyTrailingParameterIsKeptAndExtraSpacesAreSkipped() {
        assertThat(IRCMessage.parse("TOPIC   #c   :").params()).containsExactly("#c", "");
        assertThat(IRCMessage.parse("MODE #c +o  bob ").params()).containsExactly("#c", "+o", "bob");
        assertThat(IRCMessage.parse("PING x\r").params()).containsExactly("x");
    }

    @Test
    void parsesAndUnescapesIRCv3Tags() {
        IRCMessage m = IRCMessage.parse("@time=2026-01-01T00:00:00.000Z;+draft/x=a\\:b\\sc\\\\d\\r\\n;flag;msgid= :n!u@h PRIVMSG #c :hi");
        assertThat(m.tags()).containsExactly(
                Map.entry("time", "2026-01-01T00:00:00.000Z"),
                Map.entry("+draft/x", "a;b c\\d\r\n"),
                Map.entry("flag", ""),
                Map.entry("msgid", ""));
        assertThat(m.params()).containsExactly("#c", "hi");
    }

    @Test
    void unknownEscapesDropTheBackslashAndATrailingBackslashIsDropped() {
        assertThat(IRCMessage.parse("@a=\\b\\ PING x").tags()).containsEntry("a", "b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ":prefixonly", ":", "@tags", "@ PING", "@=x PING", "@a!b=1 PING", ": PING", "PRIV!MSG x", ":p :x", "PING x\0y"})
    void refusesWhatIsNotAMessage(String line) {
        assertThatThrownBy(() -> IRCMessage.parse(line)).isInstanceOf(IRCParseException.class);
    }

    @Test
    void formatsWithTrailingOnlyWhereNeededAndRoundTrips() {
        IRCMessage m = new IRCMessage(Map.of("k", "a; b"), "me!u@h", "PRIVMSG", List.of("#c", "two words"));
        assertThat(m.toLine()).isEqualTo("@k=a\\:\\sb :me!u@h PRIVMSG #c :two words");
        assertThat(IRCMessage.parse(m.toLine())).isEqualTo(m);
        assertThat(IRCMessage.of("NICK", "bob").toLine()).isEqualTo("NICK bob");
        assertThat(IRCMessage.of("TOPIC", "#c", "").toLine()).isEqualTo("TOPIC #c :");
        assertThat(IRCMessage.of("PRIVMSG", "#c", ":)").toLine()).isEqualTo("PRIVMSG #c ::)");
    }

    @Test
    void refusesToFormatWhatCannotBeSent() {
        assertThatThrownBy(() -> IRCMessage.of("PRIVMSG", "#c d", "x").toLine()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IRCMessage.of("PRIVMSG", "#c", "x\r\nQUIT").toLine()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IRCMessage.of("BAD CMD")).isInstanceOf(IRCParseException.class);
    }

    @Test
    void paramGivesEmptyStringPastTheEnd() {
        IRCMessage m = IRCMessage.parse("KICK #c bob");
        assertThat(m.param(1)).isEqualTo("bob");
        assertThat(m.param(2)).isEmpty();
    }
}
