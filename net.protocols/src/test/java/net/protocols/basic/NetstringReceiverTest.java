package net.protocols.basic;

import static net.protocols.basic.Text.b;
import static net.protocols.basic.Text.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetstringReceiverTest {

    static class Recorder extends NetstringReceiver {
        final List<String> strings = new ArrayList<>();
        Consumer<byte[]> onString = x -> {};

        @Override
        protected void stringReceived(byte[] string) {
            strings.add(s(string));
            onString.accept(string);
        }
    }

    private static StringTransport connect(NetstringReceiver r) {
        StringTransport t = new StringTransport();
        t.connect(r);
        return t;
    }

    @Test
    void deliversSeveralNetstringsFromOneBuffer() {
        Recorder r = new Recorder();
        connect(r);
        r.dataReceived(b("5:hello,0:,12:hello world!,"));
        assertThat(r.strings).containsExactly("hello", "", "hello world!");
    }

    @Test
    void netstringsSplitAtEveryByteBoundaryArriveWhole() {
        byte[] input = b("3:abc,0:,10:0123456789,1:,,");
        List<String> expected = List.of("abc", "", "0123456789", ",");
        for (int i = 0; i <= input.length; i++) {
            for (int j = i; j <= input.length; j++) {
                Recorder r = new Recorder();
                StringTransport t = connect(r);
                for (byte[] piece : Text.split(input, i, j)) {
                    if (piece.length > 0) {
                        r.dataReceived(piece);
                    }
                }
                assertThat(r.strings).as("cut at %d, %d", i, j).isEqualTo(expected);
                assertThat(t.isDisconnecting()).isFalse();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "abc", " 3:abc,", ":", ",", "-1:a,", // not starting with a digit
        "007:abcdefg,", "00:,", "01:a,", // leading zeros
        "3aaa,", "3 :abc,", "1\n:a,", // length not followed by ':'
        "3:abc;", "3:abcd,", "2:aaa,", "0:a,", // wrong terminator
        "100000:", "1000000", "100000", "9999999999999999999999" // over MAX_LENGTH
    })
    void malformedInputClosesWithAParseError(String input) {
        Recorder r = new Recorder();
        StringTransport t = connect(r);
        r.dataReceived(b(input));
        assertThat(r.strings).isEmpty();
        assertThat(t.isDisconnecting()).as(input).isTrue();
        assertThat(t.closeReason()).isInstanceOf(NetstringParseException.class);
        assertThat(r.isBrokenPeer()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999:", "99999", "0", "1", "3:ab", "3:abc", "12"})
    void partialInputWaits(String input) {
        Recorder r = new Recorder();
        StringTransport t = connect(r);
        r.dataReceived(b(input));
        assertThat(t.isDisconnecting()).as(input).isFalse();
        assertThat(r.strings).isEmpty();
    }

    @Test
    void errorMessagesSayWhichRuleWasBroken() {
        assertThat(reasonFor("x")).hasMessageContaining("does not start with a length");
        assertThat(reasonFor("01:a,")).hasMessageContaining("leading zero");
        assertThat(reasonFor("3x")).hasMessageContaining("not followed by ':'");
        assertThat(reasonFor("1:ab")).hasMessageContaining("not terminated by a comma");
        assertThat(reasonFor("100000")).hasMessageContaining("longer than the maximum of 99999");
    }

    private static Throwable reasonFor(String input) {
        Recorder r = new Recorder();
        StringTransport t = connect(r);
        r.dataReceived(b(input));
        return t.closeReason();
    }

    @Test
    void validNetstringsBeforeAnErrorAreDeliveredAndLaterInputIgnored() {
        Recorder r = new Recorder();
        StringTransport t = new StringTransport() {
            @Override
            public void loseConnection(Throwable reason) {
                // ignore the close, to show the receiver itself stops
            }
        };
        t.connect(r);
        r.dataReceived(b("2:ok,2:bad;1:x,"));
        r.dataReceived(b("1:y,"));
        assertThat(r.strings).containsExactly("ok");
        assertThat(r.isBrokenPeer()).isTrue();
    }

    @Test
    void maximumLengthIsConfigurable() {
        Recorder r = new Recorder();
        r.setMaxLength(3);
        StringTransport t = connect(r);
        r.dataReceived(b("3:abc,"));
        r.dataReceived(b("4:"));
        assertThat(r.strings).containsExactly("abc");
        assertThat(t.closeReason()).isInstanceOf(NetstringParseException.class);
    }

    @Test
    void largePayloadIsAssembledAcrossReads() {
        Recorder r = new Recorder();
        connect(r);
        String payload = "z".repeat(90_000);
        byte[] input = b("90000:" + payload + ",");
        for (int at = 0; at < input.length; at += 777) {
            r.dataReceived(java.util.Arrays.copyOfRange(input, at, Math.min(input.length, at + 777)));
        }
        assertThat(r.strings).containsExactly(payload);
    }

    @Test
    void sendStringFormatsANetstring() {
        Recorder r = new Recorder();
        StringTransport t = connect(r);
        r.sendString(b("hello"));
        r.sendString(b(""));
        assertThat(s(t.value())).isEqualTo("5:hello,0:,");
    }

    @Test
    void pausingStopsDeliveryBetweenNetstrings() {
        Recorder r = new Recorder();
        r.onString = x -> r.pauseProducing();
        StringTransport t = connect(r);
        r.dataReceived(b("1:a,1:b,1:c,"));
        assertThat(r.strings).containsExactly("a");
        assertThat(t.producerState()).isEqualTo(StringTransport.ProducerState.PAUSED);
        r.resumeProducing();
        assertThat(r.strings).containsExactly("a", "b");
        r.onString = x -> {};
        r.resumeProducing();
        assertThat(r.strings).containsExactly("a", "b", "c");
    }

    @Test
    void closingInAHandlerStopsDelivery() {
        Recorder r = new Recorder();
        r.onString = x -> r.transport().loseConnection();
        connect(r);
        r.dataReceived(b("1:a,1:b,"));
        assertThat(r.strings).containsExactly("a");
    }
}
