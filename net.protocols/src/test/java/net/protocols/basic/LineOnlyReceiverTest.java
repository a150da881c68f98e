package net.protocols.basic;

import static net.protocols.basic.Text.b;
import static net.protocols.basic.Text.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

class LineOnlyReceiverTest {

    static class Recorder extends LineOnlyReceiver {
        final List<String> events = new ArrayList<>();
        Consumer<byte[]> onLine = line -> {};

        Recorder() {}

        Recorder(String delimiter, int maxLength) {
            super(b(delimiter), maxLength);
        }

        @Override
        protected void lineReceived(byte[] line) {
            events.add("line:" + s(line));
            onLine.accept(line);
        }

        @Override
        protected void lineLengthExceeded(byte[] line) {
            events.add("exceeded:" + s(line));
            super.lineLengthExceeded(line);
        }
    }

    private static StringTransport connect(LineOnlyReceiver receiver) {
        StringTransport transport = new StringTransport();
        transport.connect(receiver);
        return transport;
    }

    @Test
    void deliversLinesSplitAtEveryByteBoundary() {
        byte[] input = b("one\r\ntwo\r\n\r\nthree\r\n");
        for (int i = 0; i <= input.length; i++) {
            Recorder r = new Recorder();
            connect(r);
            for (byte[] piece : Text.split(input, i)) {
                if (piece.length > 0) {
                    r.dataReceived(piece);
                }
            }
            assertThat(r.events).as("cut at %d", i).containsExactly("line:one", "line:two", "line:", "line:three");
        }
    }

    @Test
    void overlongCompleteLineIsReportedAloneAndTheOtherLinesOfTheBufferAreDropped() {
        Recorder r = new Recorder("\r\n", 4) {
            @Override
            protected void lineLengthExceeded(byte[] line) {
                events.add("exceeded:" + s(line)); // keep the connection open to see what follows
            }
        };
        connect(r);
        r.dataReceived(b("ab\r\nabcdefgh\r\ncd\r\nef\r\ntail"));
        assertThat(r.events).containsExactly("line:ab", "exceeded:abcdefgh");
        // The unfinished "tail" stayed buffered, as in Twisted.
        r.dataReceived(b("\r\n"));
        assertThat(r.events).endsWith("line:tail");
    }

    @Test
    void overlongLineClosesWithLineTooLongByDefault() {
        Recorder r = new Recorder("\r\n", 4);
        StringTransport t = connect(r);
        r.dataReceived(b("ab\r\nabcdefgh\r\ncd\r\n"));
        assertThat(r.events).containsExactly("line:ab", "exceeded:abcdefgh");
        assertThat(t.closeReason()).isInstanceOf(LineTooLongException.class);
        assertThat(((LineTooLongException) t.closeReason()).length()).isEqualTo(8);
    }

    @Test
    void aCompleteOverlongLineIsReportedAsALineOfThatLength() {
        Recorder r = new Recorder("\n", 1024);
        StringTransport t = connect(r);
        r.dataReceived(b("x".repeat(5000) + "\n"));
        assertThat(t.closeReason()).isInstanceOfSatisfying(LineTooLongException.class, e -> {
            assertThat(e).hasMessage("line too long: a line of 5000 bytes was received, longer than the maximum"
                    + " line length of 1024");
            assertThat(e.delimiterFound()).isTrue();
        });
    }

    @Test
    void anUnfinishedLinePastTheMaximumIsReportedAsNoDelimiter() {
        Recorder r = new Recorder("\r\n", 1024);
        StringTransport t = connect(r);
        r.dataReceived(b("x".repeat(5000) + "\n"));
        assertThat(t.closeReason()).isInstanceOfSatisfying(LineTooLongException.class, e -> {
            assertThat(e).hasMessage("line too long: no delimiter within the maximum line length of 1024 bytes"
                    + " (5001 bytes received without one)");
            assertThat(e.delimiterFound()).isFalse();
        });
    }

    @Test
    void unfinishedLineGetsNoAllowanceForAPartialDelimiter() {
        for (String input : List.of("abcde", "abcd\r")) {
            Recorder r = new Recorder("\r\n", 4);
            StringTransport t = connect(r);
            r.dataReceived(b(input));
            assertThat(r.events).as(input).containsExactly("exceeded:" + input);
            assertThat(t.closeReason()).isInstanceOf(LineTooLongException.class);
        }
        Recorder r = new Recorder("\r\n", 4);
        StringTransport t = connect(r);
        r.dataReceived(b("abcd"));
        assertThat(r.events).isEmpty();
        assertThat(t.isDisconnecting()).isFalse();
    }

    @Test
    void reportedUnfinishedLineIsDroppedSoTheBufferStaysBounded() {
        Recorder r = new Recorder("\n", 4) {
            @Override
            protected void lineLengthExceeded(byte[] line) {
                events.add("exceeded:" + s(line));
            }
        };
        connect(r);
        r.dataReceived(b("123456"));
        r.dataReceived(b("78\n"));
        assertThat(r.events).containsExactly("exceeded:123456", "line:78");
    }

    @Test
    void closingInAHandlerDropsTheFollowingLines() {
        Recorder r = new Recorder();
        r.onLine = line -> r.transport().loseConnection();
        connect(r);
        r.dataReceived(b("a\r\nb\r\nc\r\n"));
        r.dataReceived(b("d\r\n"));
        assertThat(r.events).containsExactly("line:a");
    }

    @Test
    void sendLineWritesLineAndDelimiter() {
        List<List<byte[]>> sequences = new ArrayList<>();
        StringTransport t = new StringTransport() {
            @Override
            public void writeSequence(List<byte[]> data) {
                sequences.add(data);
                super.writeSequence(data);
            }
        };
        Recorder r = new Recorder();
        t.connect(r);
        r.sendLine(b("hi"));
        assertThat(s(t.value())).isEqualTo("hi\r\n");
        assertThat(sequences).hasSize(1);
        assertThat(Text.strings(sequences.get(0))).containsExactly("hi", "\r\n");
    }
}
