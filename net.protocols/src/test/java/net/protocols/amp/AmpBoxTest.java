package net.protocols.amp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.reactor.ConnectionDoneException;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

class AmpBoxTest {

    /** The bytes TWISTED-SEMANTICS §5.1 gives for Sum(a=13, b=81). */
    @Test
    void serializesAsTwistedInSortedKeyOrder() {
        AmpBox box = new AmpBox().put("b", "81").put("a", "13").put("_command", "Sum").put("_ask", "1");
        assertThat(box.serialize()).isEqualTo(Wire.box().item("_ask", "1").item("_command", "Sum")
                .item("a", "13").item("b", "81").end());
    }

    @Test
    void emptyBoxIsTheEndMarkerAlone() {
        assertThat(new AmpBox().serialize()).containsExactly(0, 0);
    }

    @Test
    void valueAtTheLimitIsSentAndOneMoreByteFailsNamingTheKey() {
        assertThat(new AmpBox().put("big", new byte[65535]).serialize()).hasSize(2 + 3 + 2 + 65535 + 2);
        assertThatThrownBy(() -> new AmpBox().put("big", new byte[65536]).serialize())
                .isInstanceOfSatisfying(TooLongException.class, e -> {
                    assertThat(e.isKey()).isFalse();
                    assertThat(e.isLocal()).isTrue();
                    assertThat(e.keyName()).isEqualTo("big");
                })
                .hasMessageContaining("'big'");
    }

    @Test
    void keyOver255BytesFails() {
        assertThat(new AmpBox().put("k".repeat(255), "v").serialize()).hasSize(2 + 255 + 2 + 1 + 2);
        assertThatThrownBy(() -> new AmpBox().put("k".repeat(256), "v").serialize())
                .isInstanceOfSatisfying(TooLongException.class, e -> assertThat(e.isKey()).isTrue());
    }

    @Test
    void emptyAndNonLatin1KeysAreRefused() {
        assertThatThrownBy(() -> new AmpBox().put("", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AmpBox().put("\u20ac", "v")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Records boxes; a plain BoxReceiver, no commands. */
    static final class Boxes implements BoxReceiver {
        final List<AmpBox> received = new ArrayList<>();
        final List<Throwable> stopped = new ArrayList<>();
        BoxSender sender;

        @Override
        public void startReceivingBoxes(BoxSender sender) {
            this.sender = sender;
        }

        @Override
        public void ampBoxReceived(AmpBox box) {
            received.add(box);
        }

        @Override
        public void stopReceivingBoxes(Throwable reason) {
            stopped.add(reason);
        }
    }

    @Test
    void parsesBoxesSplitAtEveryByte() {
        byte[] two = concat(Wire.box().item("x", "1").item("y", "").end(), Wire.box().item("z", "zz").end());
        Boxes boxes = new Boxes();
        BinaryBoxProtocol protocol = new BinaryBoxProtocol(boxes);
        StringTransport t = new StringTransport();
        t.connect(protocol);
        for (byte b : two) {
            protocol.dataReceived(new byte[] {b});
        }
        assertThat(boxes.received).containsExactly(new AmpBox().put("x", "1").put("y", ""), new AmpBox().put("z", "zz"));
        assertThat(t.isDisconnecting()).isFalse();
    }

    @Test
    void boxesCanBeSentWithoutCommands() {
        Boxes boxes = new Boxes();
        StringTransport t = new StringTransport();
        t.connect(new BinaryBoxProtocol(boxes));
        boxes.sender.sendBox(new AmpBox().put("hello", "world"));
        assertThat(t.value()).isEqualTo(Wire.box().item("hello", "world").end());
    }

    @Test
    void keyLengthOver255ClosesTheConnectionWithTooLong() {
        Boxes boxes = new Boxes();
        BinaryBoxProtocol protocol = new BinaryBoxProtocol(boxes);
        StringTransport t = new StringTransport();
        t.connect(protocol);
        protocol.dataReceived(concat(Wire.box().item("a", "1").end(), Wire.box().prefix(256).open()));
        assertThat(boxes.received).hasSize(1);
        assertThat(t.closeReason()).isInstanceOfSatisfying(TooLongException.class, e -> {
            assertThat(e.isKey()).isTrue();
            assertThat(e.isLocal()).isFalse();
        });
        protocol.dataReceived(Wire.box().item("b", "2").end());
        assertThat(boxes.received).hasSize(1);
    }

    @Test
    void boxOverTheSizeLimitClosesTheConnection() {
        Boxes boxes = new Boxes();
        BinaryBoxProtocol protocol = new BinaryBoxProtocol(boxes);
        protocol.setMaxBoxBytes(100);
        StringTransport t = new StringTransport();
        t.connect(protocol);
        protocol.dataReceived(Wire.box().item("k", "v".repeat(200)).end());
        assertThat(boxes.received).isEmpty();
        assertThat(t.closeReason()).isInstanceOf(MalformedBoxException.class);
    }

    @Test
    void truncatedBoxIsNeverDeliveredAndTheLossReachesTheReceiver() {
        Boxes boxes = new Boxes();
        BinaryBoxProtocol protocol = new BinaryBoxProtocol(boxes);
        StringTransport t = new StringTransport();
        t.connect(protocol);
        protocol.dataReceived(Wire.box().item("k", "v").raw("x".getBytes(StandardCharsets.US_ASCII)).open());
        t.deliverConnectionLost(new ConnectionDoneException("done"));
        assertThat(boxes.received).isEmpty();
        assertThat(boxes.stopped).singleElement().isInstanceOf(ConnectionDoneException.class);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
