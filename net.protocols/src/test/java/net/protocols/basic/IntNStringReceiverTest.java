package net.protocols.basic;

import static net.protocols.basic.Text.b;
import static net.protocols.basic.Text.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IntNStringReceiverTest {

    /** Records strings; an optional hook runs after each. */
    static final class Recorder {
        final List<byte[]> strings = new ArrayList<>();
        final List<Long> exceeded = new ArrayList<>();
        Consumer<byte[]> onString = s -> {};
        final IntNStringReceiver receiver;

        Recorder(int prefixLength) {
            receiver = switch (prefixLength) {
                case 1 -> new Int8StringReceiver() {
                    @Override
                    protected void stringReceived(byte[] string) {
                        received(string);
                    }

                    @Override
                    protected void lengthLimitExceeded(long length) {
                        exceeded.add(length);
                        super.lengthLimitExceeded(length);
                    }
                };
                case 2 -> new Int16StringReceiver() {
                    @Override
                    protected void stringReceived(byte[] string) {
                        received(string);
                    }

                    @Override
                    protected void lengthLimitExceeded(long length) {
                        exceeded.add(length);
                        super.lengthLimitExceeded(length);
                    }
                };
                default -> new Int32StringReceiver() {
                    @Override
                    protected void stringReceived(byte[] string) {
                        received(string);
                    }

                    @Override
                    protected void lengthLimitExceeded(long length) {
                        exceeded.add(length);
                        super.lengthLimitExceeded(length);
                    }
                };
            };
        }

        private void received(byte[] string) {
            strings.add(string);
            onString.accept(string);
        }

        StringTransport connect() {
            StringTransport t = new StringTransport();
            t.connect(receiver);
            return t;
        }
    }

    static byte[] frame(int prefixLength, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = payload.length;
        for (int i = prefixLength - 1; i >= 0; i--) {
            out.write((int) (n >>> (8 * i)));
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] prefix(int prefixLength, long n) {
        byte[] out = new byte[prefixLength];
        for (int i = 0; i < prefixLength; i++) {
            out[i] = (byte) (n >>> (8 * (prefixLength - 1 - i)));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void stringsSplitAtEveryByteBoundaryArriveWhole(int prefixLength) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<String> expected = List.of("hello", "", "a somewhat longer string, 40 bytes long.", "x");
        for (String e : expected) {
            all.writeBytes(frame(prefixLength, b(e)));
        }
        byte[] input = all.toByteArray();
        for (int i = 0; i <= input.length; i++) {
            for (int j = i; j <= input.length; j += 3) {
                Recorder r = new Recorder(prefixLength);
                r.connect();
                for (byte[] piece : Text.split(input, i, j)) {
                    if (piece.length > 0) {
                        r.receiver.dataReceived(piece);
                    }
                }
                assertThat(Text.strings(r.strings)).as("cut at %d, %d", i, j).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void sendStringWritesPrefixAndPayload(int prefixLength) {
        Recorder r = new Recorder(prefixLength);
        StringTransport t = r.connect();
        r.receiver.sendString(b("abc"));
        assertThat(t.value()).isEqualTo(frame(prefixLength, b("abc")));
        assertThat(r.receiver.prefixLength()).isEqualTo(prefixLength);
    }

    @Test
    void prefixIsUnsignedBigEndian() {
        Recorder r = new Recorder(2);
        r.receiver.setMaxLength(70_000);
        r.connect();
        byte[] payload = new byte[0xFF01];
        new Random(1).nextBytes(payload);
        byte[] input = frame(2, payload);
        assertThat(input[0]).isEqualTo((byte) 0xFF);
        assertThat(input[1]).isEqualTo((byte) 0x01);
        r.receiver.dataReceived(input);
        assertThat(r.strings).hasSize(1);
        assertThat(r.strings.get(0)).isEqualTo(payload);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void lengthOverMaximumIsRefusedAtOnceEvenWithThePayloadPresent(int prefixLength) {
        Recorder r = new Recorder(prefixLength);
        r.receiver.setMaxLength(10);
        StringTransport t = r.connect();
        byte[] eleven = frame(prefixLength, b("01234567890"));
        r.receiver.dataReceived(frame(prefixLength, b("0123456789")));
        r.receiver.dataReceived(eleven);
        assertThat(Text.strings(r.strings)).containsExactly("0123456789");
        assertThat(r.exceeded).containsExactly(11L);
        assertThat(t.closeReason()).isInstanceOf(FrameTooLongException.class);
        FrameTooLongException e = (FrameTooLongException) t.closeReason();
        assertThat(e.length()).isEqualTo(11);
        assertThat(e.maxLength()).isEqualTo(10);
    }

    @Test
    void hugeAnnouncedLengthIsRefusedFromThePrefixAlone() {
        Recorder r = new Recorder(4);
        StringTransport t = r.connect();
        r.receiver.dataReceived(new byte[] {(byte) 0xFF, (byte) 0xFF});
        assertThat(t.isDisconnecting()).isFalse();
        r.receiver.dataReceived(new byte[] {(byte) 0xFF, (byte) 0xFF});
        assertThat(r.exceeded).containsExactly(0xFFFF_FFFFL);
        assertThat(t.closeReason()).isInstanceOf(FrameTooLongException.class);
    }

    @Test
    void afterTheLimitIsExceededFurtherInputIsIgnored() {
        Recorder r = new Recorder(1);
        r.receiver.setMaxLength(2);
        IntNStringReceiver patient = r.receiver;
        StringTransport t = new StringTransport(StringTransport.DEFAULT_HOST, StringTransport.DEFAULT_PEER, true) {
            @Override
            public void loseConnection(Throwable reason) {
                // a transport that ignores the close, to see what the receiver does next
            }
        };
        t.connect(patient);
        patient.dataReceived(new byte[] {3, 'a', 'b', 'c', 1, 'd'});
        patient.dataReceived(new byte[] {1, 'e'});
        assertThat(r.exceeded).containsExactly(3L);
        assertThat(r.strings).isEmpty();
    }

    @Test
    void sendStringRefusesWhatThePrefixCannotHold() {
        Recorder r8 = new Recorder(1);
        StringTransport t8 = r8.connect();
        r8.receiver.sendString(new byte[255]);
        assertThatThrownBy(() -> r8.receiver.sendString(new byte[256]))
                .isInstanceOf(StringTooLongException.class)
                .hasMessageContaining("256");
        assertThat(t8.value()).hasSize(256);

        Recorder r16 = new Recorder(2);
        StringTransport t16 = r16.connect();
        r16.receiver.sendString(new byte[65535]);
        assertThatThrownBy(() -> r16.receiver.sendString(new byte[65536])).isInstanceOf(StringTooLongException.class);
        assertThat(t16.value()).hasSize(65537);
    }

    @Test
    void sendStringDoesNotCheckMaxLength() {
        Recorder r = new Recorder(2);
        r.receiver.setMaxLength(3);
        StringTransport t = r.connect();
        r.receiver.sendString(b("longer than three"));
        assertThat(t.value()).hasSize(2 + 17);
    }

    @Test
    void largePayloadArrivingInSmallPiecesIsAssembledExactly() {
        Recorder r = new Recorder(4);
        r.receiver.setMaxLength(1 << 20);
        r.connect();
        byte[] payload = new byte[300_000];
        new Random(7).nextBytes(payload);
        byte[] input = frame(4, payload);
        for (int at = 0; at < input.length; at += 1000) {
            r.receiver.dataReceived(java.util.Arrays.copyOfRange(input, at, Math.min(input.length, at + 1000)));
        }
        assertThat(r.strings).hasSize(1);
        assertThat(r.strings.get(0)).isEqualTo(payload);
    }

    @Test
    void pausingStopsDeliveryBetweenStrings() {
        Recorder r = new Recorder(1);
        r.onString = s -> {
            if (s(s).equals("pause")) {
                r.receiver.pauseProducing();
            }
        };
        StringTransport t = r.connect();
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        for (String s : List.of("a", "pause", "b", "c")) {
            input.writeBytes(frame(1, b(s)));
        }
        r.receiver.dataReceived(input.toByteArray());
        assertThat(Text.strings(r.strings)).containsExactly("a", "pause");
        assertThat(t.producerState()).isEqualTo(StringTransport.ProducerState.PAUSED);
        r.receiver.dataReceived(frame(1, b("d")));
        assertThat(r.strings).hasSize(2);
        r.receiver.resumeProducing();
        assertThat(Text.strings(r.strings)).containsExactly("a", "pause", "b", "c", "d");
    }

    @Test
    void closingInAHandlerStopsDelivery() {
        Recorder r = new Recorder(1);
        r.onString = s -> r.receiver.transport().loseConnection();
        r.connect();
        r.receiver.dataReceived(Text.split(b("\u0001a\u0001b"), 4).get(0));
        r.receiver.dataReceived(b("\u0001c"));
        assertThat(Text.strings(r.strings)).containsExactly("a");
    }
}
