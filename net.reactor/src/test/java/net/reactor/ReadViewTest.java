package net.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

/** {@link ReadView} on its own: reading, bounds, and the rule that a view dies with its call. */
class ReadViewTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void readsByIndexAndFromThePositionWithinItsWindowOnly() {
        ByteBuffer direct = ByteBuffer.allocateDirect(32);
        direct.put(ascii("xxab\r\ncd\r\n")).put(new byte[] {0, 0, 1, 2, (byte) 0xff, (byte) 0xfe}).flip();
        direct.position(2); // the view covers from the buffer's position on
        List<String> lines = new ArrayList<>();
        ReadView.deliver(direct, view -> {
            assertThat(view.length()).isEqualTo(14);
            assertThat(view.get(0)).isEqualTo((byte) 'a');
            int at;
            while ((at = view.indexOf(new byte[] {'\r', '\n'}, view.position())) >= 0) {
                lines.add(new String(view.getBytes(at - view.position()), StandardCharsets.US_ASCII));
                view.skip(2);
            }
            assertThat(view.remaining()).isEqualTo(6);
            assertThat(view.getInt(view.position())).isEqualTo(0x0102);
            assertThat(view.getUnsignedShort(view.position() + 4)).isEqualTo(0xfffe);
            assertThat(view.indexOf((byte) 2, 0)).isEqualTo(11);
            assertThat(view.indexOf((byte) 'z', 0)).isEqualTo(-1);
            assertThat(view.indexOf(new byte[] {(byte) 0xfe, 0}, 0)).as("no match past the end").isEqualTo(-1);
            assertThatThrownBy(() -> view.get(14)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> view.getInt(12)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> view.getBytes(7)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> view.position(15)).isInstanceOf(IndexOutOfBoundsException.class);
            view.position(14);
            assertThat(view.hasRemaining()).isFalse();
        });
        assertThat(lines).containsExactly("ab", "cd");
        assertThat(direct.position()).as("the buffer itself is not moved").isEqualTo(2);
    }

    @Test
    void aViewKeptPastItsCallThrowsEvenIfTheCallThrew() {
        List<ReadView> kept = new ArrayList<>();
        ReadView.deliver(ascii("hello"), kept::add);
        assertThatThrownBy(() -> ReadView.deliver(ascii("boom"), v -> {
            kept.add(v);
            throw new IllegalArgumentException("parser failed");
        })).hasMessage("parser failed");
        for (ReadView v : kept) {
            assertThat(v.isValid()).isFalse();
            assertThatThrownBy(v::length).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(v::get).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> v.indexOf((byte) 'h', 0)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void writeToPassesTheBytesOnAndAnArrayReceiverSeesTheSameView() {
        StringTransport t = new StringTransport();
        byte[] data = ascii("0123456789");
        ReadView.deliver(data, view -> {
            view.skip(2);
            view.writeTo(t, 3);
            assertThat(view.position()).isEqualTo(5);
            view.writeTo(t);
            assertThat(view.hasRemaining()).isFalse();
        });
        assertThat(t.value()).asString(StandardCharsets.US_ASCII).isEqualTo("23456789");
        assertThat(data).as("the array is not modified").isEqualTo(ascii("0123456789"));
    }

    @Test
    void indexOfFindsTheFirstOccurrenceAtEveryAlignment() {
        java.util.Random random = new java.util.Random(19);
        for (int round = 0; round < 300; round++) {
            byte[] data = new byte[random.nextInt(80)];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) random.nextInt(4); // few values: many hits and near misses
            }
            int before = random.nextInt(9);
            ByteBuffer direct = ByteBuffer.allocateDirect(before + data.length + 8);
            direct.put(new byte[before]).put(data).put(new byte[] {3, 3, 3, 3, 3, 3, 3, 3}).flip();
            direct.position(before).limit(before + data.length);
            ReadView.deliver(direct, view -> {
                for (int from = 0; from <= data.length; from++) {
                    for (byte b = 0; b < 4; b++) {
                        int expected = -1;
                        for (int k = from; k < data.length; k++) {
                            if (data[k] == b) {
                                expected = k;
                                break;
                            }
                        }
                        assertThat(view.indexOf(b, from)).as("%d from %d in %s", b, from, java.util.Arrays.toString(data))
                                .isEqualTo(expected);
                    }
                }
            });
        }
    }
}
