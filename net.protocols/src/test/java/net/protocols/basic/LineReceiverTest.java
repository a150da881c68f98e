package net.protocols.basic;

import static net.protocols.basic.Text.b;
import static net.protocols.basic.Text.s;
import static net.protocols.basic.Text.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

class LineReceiverTest {

    /** Records lines, raw chunks and overlong data; an optional hook runs after each line. */
    static class Recorder extends LineReceiver {
        final List<String> events = new ArrayList<>();
        final List<byte[]> lines = new ArrayList<>();
        Consumer<byte[]> onLine = line -> {};
        Consumer<byte[]> onRaw = data -> {};

        Recorder() {}

        Recorder(String delimiter, int maxLength) {
            super(b(delimiter), maxLength);
        }

        @Override
        protected void lineReceived(byte[] line) {
            lines.add(line);
            events.add("line:" + s(line));
            onLine.accept(line);
        }

        @Override
        protected void rawDataReceived(byte[] data) {
            events.add("raw:" + s(data));
            onRaw.accept(data);
        }

        @Override
        protected void lineLengthExceeded(byte[] line) {
            events.add("exceeded:" + s(line));
            super.lineLengthExceeded(line);
        }
    }

    private static StringTransport connect(LineReceiver receiver) {
        StringTransport transport = new StringTransport();
        transport.connect(receiver);
        return transport;
    }

    @Test
    void deliversEachLineWithoutItsDelimiter() {
        Recorder r = new Recorder();
        connect(r);
        r.dataReceived(b("first\r\nsecond\r\n\r\nfourth\r\npartial"));
        assertThat(r.events).containsExactly("line:first", "line:second", "line:", "line:fourth");
        r.dataReceived(b(" line\r\n"));
        assertThat(r.events).endsWith("line:partial line");
    }

    @Test
    void linesSplitAtEveryByteBoundaryArriveWhole() {
        byte[] input = b("alpha\r\nbe\rta\r\n\r\ngamma\ndelta\r\n");
        List<String> expected = List.of("line:alpha", "line:be\rta", "line:", "line:gamma\ndelta");
        for (int i = 0; i <= input.length; i++) {
            for (int j = i; j <= input.length; j++) {
                Recorder r = new Recorder();
                connect(r);
                for (byte[] piece : Text.split(input, i, j)) {
                    if (piece.length > 0) {
                        r.dataReceived(piece);
                    }
                }
                assertThat(r.events).as("cut at %d and %d", i, j).isEqualTo(expected);
            }
        }
    }

    @Test
    void oneByteAtATimeWithMultiByteDelimiter() {
        Recorder r = new Recorder("<END>", 100);
        connect(r);
        for (byte x : b("a<EN<END>b<END><END><E")) {
            r.dataReceived(new byte[] {x});
        }
        assertThat(r.events).containsExactly("line:a<EN", "line:b", "line:");
    }

    @Test
    void lineOfExactlyMaxLengthIsDelivered() {
        Recorder r = new Recorder("\r\n", 4);
        StringTransport t = connect(r);
        r.dataReceived(b("abcd\r\n"));
        assertThat(r.events).containsExactly("line:abcd");
        assertThat(t.isDisconnecting()).isFalse();
    }

    @Test
    void overlongCompleteLineGetsItsDelimiterAndTheRestOfTheBuffer() {
        Recorder r = new Recorder("\r\n", 4);
        StringTransport t = connect(r);
        r.dataReceived(b("ab\r\nabcdefgh\r\ncd\r\n"));
        assertThat(r.events).containsExactly("line:ab", "exceeded:abcdefgh\r\ncd\r\n");
        assertThat(t.isDisconnecting()).isTrue();
        assertThat(t.closeReason())
                .isInstanceOf(LineTooLongException.class)
                .hasMessageContaining("maximum line length of 4");
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
            assertThat(e.length()).isEqualTo(5000);
        });
    }

    @Test
    void bytesWithoutADelimiterAreReportedAsSuch() {
        Recorder r = new Recorder("\r\n", 1024);
        StringTransport t = connect(r);
        r.dataReceived(b("x".repeat(5000) + "\n")); // a line ended with "\n" where "\r\n" is expected
        assertThat(t.closeReason()).isInstanceOfSatisfying(LineTooLongException.class, e -> {
            assertThat(e).hasMessage("line too long: no delimiter within the maximum line length of 1024 bytes"
                    + " (5001 bytes received without one)");
            assertThat(e.delimiterFound()).isFalse();
            assertThat(e.length()).isEqualTo(5001);
        });
    }

    @Test
    void unfinishedLineMayReachMaxLengthPlusAPartialDelimiter() {
        for (String waiting : List.of("abcde", "abcd\r")) {
            Recorder r = new Recorder("\r\n", 4);
            StringTransport t = connect(r);
            r.dataReceived(b(waiting));
            assertThat(r.events).as(waiting).isEmpty();
            assertThat(t.isDisconnecting()).isFalse();
        }
        Recorder r = new Recorder("\r\n", 4);
        connect(r);
        r.dataReceived(b("abcd\r"));
        r.dataReceived(b("\n"));
        assertThat(r.events).containsExactly("line:abcd");
    }

    @Test
    void unfinishedLineOfMaxLengthPlusDelimiterLengthIsRefused() {
        Recorder r = new Recorder("\r\n", 4);
        StringTransport t = connect(r);
        r.dataReceived(b("abc"));
        r.dataReceived(b("def"));
        assertThat(r.events).containsExactly("exceeded:abcdef");
        assertThat(t.closeReason()).isInstanceOf(LineTooLongException.class);
    }

    @Test
    void exceededOverrideClearsTheBufferAndParsingGoesOn() {
        Recorder r = new Recorder("\n", 3) {
            @Override
            protected void lineLengthExceeded(byte[] line) {
                events.add("exceeded:" + s(line));
            }
        };
        StringTransport t = connect(r);
        r.dataReceived(b("toolong"));
        r.dataReceived(b("ok\n"));
        assertThat(r.events).containsExactly("exceeded:toolong", "line:ok");
        assertThat(t.isDisconnecting()).isFalse();
    }

    @Test
    void rawModeFromALineDeliversTheRestOfTheSameBuffer() {
        Recorder r = new Recorder();
        r.onLine = line -> r.setRawMode();
        connect(r);
        r.dataReceived(b("header\r\nraw bytes\r\nstill raw"));
        assertThat(r.events).containsExactly("line:header", "raw:raw bytes\r\nstill raw");
        r.dataReceived(b("more\r\n"));
        assertThat(r.events).endsWith("raw:more\r\n");
    }

    @Test
    void setLineModeWithExtraParsesItAsLines() {
        // A little protocol: "len N" announces N raw bytes, then lines again.
        Recorder r = new Recorder();
        int[] remaining = {0};
        r.onLine = line -> {
            String text = s(line);
            if (text.startsWith("len ")) {
                remaining[0] = Integer.parseInt(text.substring(4));
                r.setRawMode();
            }
        };
        r.onRaw = data -> {
            int n = Math.min(remaining[0], data.length);
            remaining[0] -= n;
            if (remaining[0] == 0) {
                r.setLineMode(java.util.Arrays.copyOfRange(data, n, data.length));
            }
        };
        connect(r);
        byte[] input = b("a\r\nlen 5\r\n12345b\r\nlen 3\r\nxyzc\r\n");
        r.dataReceived(input);
        assertThat(r.events).containsExactly(
                "line:a", "line:len 5", "raw:12345b\r\nlen 3\r\nxyzc\r\n", "line:b", "line:len 3",
                "raw:xyzc\r\n", "line:c");
        // Same input one byte at a time: the same lines, raw data in pieces.
        Recorder again = new Recorder();
        int[] left = {0};
        List<String> raw = new ArrayList<>();
        again.onLine = line -> {
            if (s(line).startsWith("len ")) {
                left[0] = Integer.parseInt(s(line).substring(4));
                again.setRawMode();
            }
        };
        again.onRaw = data -> {
            int n = Math.min(left[0], data.length);
            raw.add(s(java.util.Arrays.copyOf(data, n)));
            left[0] -= n;
            if (left[0] == 0) {
                again.setLineMode(java.util.Arrays.copyOfRange(data, n, data.length));
            }
        };
        connect(again);
        for (byte x : input) {
            again.dataReceived(new byte[] {x});
        }
        assertThat(strings(again.lines)).containsExactly("a", "len 5", "b", "len 3", "c");
        assertThat(String.join("", raw)).isEqualTo("12345xyz");
    }

    @Test
    void switchingModesThousandsOfTimesInOneBufferUsesNoStack() {
        // Each "x\r\n" line switches to raw mode; each raw chunk switches back with its tail.
        // Every line must be delivered at the same stack depth: no recursion per switch.
        int count = 5_000;
        Recorder r = new Recorder();
        java.util.Set<Long> depths = new java.util.HashSet<>();
        r.onLine = line -> {
            depths.add(StackWalker.getInstance().walk(java.util.stream.Stream::count));
            r.setRawMode();
        };
        r.onRaw = data -> r.setLineMode(data);
        connect(r);
        r.dataReceived(b("x\r\n".repeat(count)));
        assertThat(r.lines).hasSize(count);
        assertThat(depths).hasSize(1);
    }

    @Test
    void clearLineBufferFromALineDropsTheLinesAfterIt() {
        Recorder r = new Recorder();
        List<String> cleared = new ArrayList<>();
        r.onLine = line -> {
            if (s(line).equals("clear")) {
                cleared.add(s(r.clearLineBuffer()));
            }
        };
        connect(r);
        r.dataReceived(b("a\r\nclear\r\nb\r\nc"));
        assertThat(r.events).containsExactly("line:a", "line:clear");
        assertThat(cleared).containsExactly("b\r\nc");
        r.dataReceived(b("d\r\n"));
        assertThat(r.events).endsWith("line:d");
    }

    @Test
    void clearLineBufferOutsideAHandlerReturnsThePartialLine() {
        Recorder r = new Recorder();
        connect(r);
        r.dataReceived(b("par"));
        assertThat(s(r.clearLineBuffer())).isEqualTo("par");
        r.dataReceived(b("x\r\n"));
        assertThat(r.events).containsExactly("line:x");
    }

    @Test
    void pausingInAHandlerStopsDeliveryMidBufferUntilResumed() {
        Recorder r = new Recorder();
        r.onLine = line -> {
            if (s(line).startsWith("pause")) {
                r.pauseProducing();
            }
        };
        StringTransport t = connect(r);
        r.dataReceived(b("a\r\npause1\r\nb\r\npause2\r\nc\r\npartial"));
        assertThat(r.events).containsExactly("line:a", "line:pause1");
        assertThat(t.producerState()).isEqualTo(StringTransport.ProducerState.PAUSED);
        assertThat(r.isPaused()).isTrue();

        r.dataReceived(b("\r\nd\r\n")); // arrives while paused: buffered behind the rest
        assertThat(r.events).hasSize(2);

        r.resumeProducing();
        assertThat(r.events).containsExactly("line:a", "line:pause1", "line:b", "line:pause2");
        assertThat(t.producerState()).isEqualTo(StringTransport.ProducerState.PAUSED);

        r.resumeProducing();
        assertThat(r.events).containsExactly(
                "line:a", "line:pause1", "line:b", "line:pause2", "line:c", "line:partial", "line:d");
        assertThat(t.producerState()).isEqualTo(StringTransport.ProducerState.PRODUCING);
    }

    @Test
    void pauseAndResumeInsideOneHandlerDoesNotReorder() {
        Recorder r = new Recorder();
        r.onLine = line -> {
            r.pauseProducing();
            r.resumeProducing();
        };
        connect(r);
        r.dataReceived(b("1\r\n2\r\n3\r\n"));
        assertThat(strings(r.lines)).containsExactly("1", "2", "3");
    }

    @Test
    void stopProducingStopsDeliveryAndTheTransport() {
        Recorder r = new Recorder();
        r.onLine = line -> r.stopProducing();
        StringTransport t = connect(r);
        r.dataReceived(b("a\r\nb\r\n"));
        assertThat(r.events).containsExactly("line:a");
        assertThat(t.producerState()).isEqualTo(StringTransport.ProducerState.STOPPED);
    }

    @Test
    void closingInAHandlerStopsDeliveryAndLaterDataIsDropped() {
        Recorder r = new Recorder();
        r.onLine = line -> {
            if (s(line).equals("quit")) {
                r.transport().loseConnection();
            }
        };
        connect(r);
        r.dataReceived(b("a\r\nquit\r\nb\r\n"));
        r.dataReceived(b("c\r\n"));
        assertThat(r.events).containsExactly("line:a", "line:quit");
    }

    @Test
    void dataPassedInFromAHandlerIsParsedAfterTheCurrentBuffer() {
        Recorder r = new Recorder();
        r.onLine = line -> {
            if (s(line).equals("inject")) {
                r.dataReceived(b("injected\r\n"));
            }
        };
        connect(r);
        r.dataReceived(b("inject\r\nnext\r\n"));
        assertThat(strings(r.lines)).containsExactly("inject", "next", "injected");
    }

    @Test
    void sendLineAppendsTheDelimiter() {
        Recorder r = new Recorder("\n", 10);
        StringTransport t = connect(r);
        r.sendLine(b("hello"));
        r.setDelimiter(b("||"));
        r.sendLine(b("world"));
        assertThat(s(t.value())).isEqualTo("hello\nworld||");
    }

    @Test
    void changingTheDelimiterAppliesToTheNextLine() {
        Recorder r = new Recorder();
        r.onLine = line -> r.setDelimiter(b("\n"));
        connect(r);
        r.dataReceived(b("a\r\nb\nc\r\n"));
        assertThat(strings(r.lines)).containsExactly("a", "b", "c\r");
    }

    @Test
    void rawModeWithoutAnOverrideFailsLoudly() {
        LineReceiver plain = new LineReceiver() {
            @Override
            protected void lineReceived(byte[] line) {
                setRawMode();
            }
        };
        connect(plain);
        assertThatThrownBy(() -> plain.dataReceived(b("x\r\ny")))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("rawDataReceived");
    }

    @Test
    void rejectsAnEmptyDelimiterAndANegativeMaximum() {
        assertThatThrownBy(() -> new Recorder("", 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Recorder("\n", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
