package net.protocols.irc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import net.protocols.basic.LineTooLongException;
import net.reactor.testing.Clock;
import net.reactor.testing.StringTransport;

/**
 * Whatever a server sends, in whatever chunks: {@link IRCMessage#parse} either refuses a line with
 * an {@link IRCParseException} or returns a message that formats back to an equal message, and an
 * {@link IRCClient} fed the bytes never throws, stays connected unless a line outgrows its buffer
 * (then it closes with a {@link LineTooLongException}) or the server refuses the password (an
 * {@link IRCPasswordMismatchException}), and writes only well-formed IRC lines of at
 * most 512 bytes.
 */
class IrcMessageFuzzTest {

    @FuzzTest(maxExecutions = 200_000, maxDuration = "10m")
    void parsesRoundTripsOrRefusesAndTheClientSurvives(FuzzedDataProvider data) {
        int[] chunks = new int[data.consumeInt(1, 8)];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = data.consumeInt(1, 200);
        }
        byte[] stream = data.consumeRemainingAsBytes();

        for (String line : new String(stream, UTF_8).split("\n")) {
            IRCMessage m;
            try {
                m = IRCMessage.parse(line);
            } catch (IRCParseException e) {
                continue;
            }
            assertThat(IRCMessage.parse(m.toLine())).isEqualTo(m);
        }

        Clock clock = new Clock();
        StringTransport transport = new StringTransport(StringTransport.DEFAULT_HOST, StringTransport.DEFAULT_PEER, true);
        IRCClient client = new IRCClient(clock, "fuzz");
        client.setVersionName("Spindle fuzz");
        transport.connect(client);
        int at = 0;
        for (int step = 0; at < stream.length; step++) {
            int n = Math.min(chunks[step % chunks.length], stream.length - at);
            client.dataReceived(Arrays.copyOfRange(stream, at, at + n));
            at += n;
        }
        if (transport.isDisconnecting()) {
            assertThat(transport.closeReason()).isInstanceOfAny(LineTooLongException.class, IRCPasswordMismatchException.class);
        }
        String written = transport.valueAsString(UTF_8);
        assertThat(written).endsWith("\r\n");
        for (String line : written.substring(0, written.length() - 2).split("\r\n", -1)) {
            assertThat(line.getBytes(UTF_8).length).isLessThanOrEqualTo(IRCClient.MAX_LINE_LENGTH - 2);
            assertThat(line).doesNotContain("\r", "\n", "\0");
            IRCMessage.parse(line);
        }
    }
}
