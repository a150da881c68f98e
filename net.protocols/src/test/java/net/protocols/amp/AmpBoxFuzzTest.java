package net.protocols.amp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.reactor.ConnectionDoneException;
import net.reactor.testing.StringTransport;

/**
 * Whatever bytes arrive, in whatever chunks: the box layer delivers exactly the boxes a simple
 * model of the format finds, or closes the connection with {@link TooLongException} (a key length
 * over 255) or {@link MalformedBoxException} (a box over the size limit); and a full AMP
 * connection given the same bytes never throws out of {@code dataReceived}, and closes with an AMP
 * exception as the reason, or cleanly after answering {@code UNKNOWN}.
 */
class AmpBoxFuzzTest {

    @FuzzTest(maxExecutions = 200_000, maxDuration = "10m")
    void boxesOrACleanClose(FuzzedDataProvider data) {
        int maxBoxBytes = data.consumeInt(2, 600);
        int[] chunks = new int[data.consumeInt(1, 6)];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = data.consumeInt(1, 80);
        }
        byte[] stream = data.consumeRemainingAsBytes();

        // The box layer alone, against the model.
        List<AmpBox> boxes = new ArrayList<>();
        BinaryBoxProtocol protocol = new BinaryBoxProtocol(new BoxReceiver() {
            @Override
            public void startReceivingBoxes(BoxSender sender) {}

            @Override
            public void ampBoxReceived(AmpBox box) {
                boxes.add(box);
            }

            @Override
            public void stopReceivingBoxes(Throwable reason) {}
        });
        protocol.setMaxBoxBytes(maxBoxBytes);
        StringTransport transport = new StringTransport(StringTransport.DEFAULT_HOST, StringTransport.DEFAULT_PEER, true);
        transport.connect(protocol);
        feed(protocol, stream, chunks);
        Model expected = Model.parse(stream, maxBoxBytes);
        assertThat(boxes).isEqualTo(expected.boxes);
        assertThat(transport.isDisconnecting()).isEqualTo(expected.closeReason != null);
        if (expected.closeReason != null) {
            assertThat(transport.closeReason()).isExactlyInstanceOf(expected.closeReason);
        }

        // A whole AMP connection with responders: never throws, closes only with a reason of its own.
        Responders responders = new Responders()
                .respond(Commands.SUM, args -> AmpValues.of(Commands.TOTAL, args.get(Commands.A) + args.get(Commands.B)))
                .respond(Commands.DIVIDE, args -> AmpValues.of(Commands.RESULT,
                        (double) args.get(Commands.NUMERATOR) / args.get(Commands.DENOMINATOR)))
                .respond(Commands.ECHO, args -> args);
        AMP amp = new AMP(responders);
        StringTransport ampTransport = new StringTransport(StringTransport.DEFAULT_HOST, StringTransport.DEFAULT_PEER, true);
        ampTransport.connect(amp);
        amp.callRemote(Commands.SUM, AmpValues.of(Commands.A, 1L, Commands.B, 2L)).addErrback(f -> null);
        feed(amp, stream, chunks);
        if (ampTransport.closeReason() != null) {
            // Its own exception for input it cannot frame or dispatch; a clean close after
            // answering UNKNOWN (an argument that does not decode), as Twisted's QuitBox.
            assertThat(ampTransport.closeReason()).isInstanceOfAny(AmpException.class, ConnectionDoneException.class);
        }
    }

    private static void feed(net.reactor.Protocol protocol, byte[] stream, int[] chunks) {
        int at = 0;
        for (int step = 0; at < stream.length; step++) {
            int n = Math.min(chunks[step % chunks.length], stream.length - at);
            protocol.dataReceived(Arrays.copyOfRange(stream, at, at + n));
            at += n;
        }
    }

    /** The format, parsed the obvious way: what the box layer must deliver. */
    record Model(List<AmpBox> boxes, Class<? extends Throwable> closeReason) {
        static Model parse(byte[] s, int maxBoxBytes) {
            List<AmpBox> boxes = new ArrayList<>();
            AmpBox box = new AmpBox();
            int boxBytes = 0;
            String key = null;
            int p = 0;
            while (s.length - p >= 2) {
                int n = ((s[p] & 0xFF) << 8) | (s[p + 1] & 0xFF);
                if (key == null && n > 255) {
                    return new Model(boxes, TooLongException.class);
                }
                if (s.length - p - 2 < n) {
                    break;
                }
                boxBytes += 2 + n;
                if (boxBytes > maxBoxBytes) {
                    return new Model(boxes, MalformedBoxException.class);
                }
                p += 2;
                if (key != null) {
                    box.put(key, Arrays.copyOfRange(s, p, p + n));
                    key = null;
                } else if (n == 0) {
                    boxes.add(box);
                    box = new AmpBox();
                    boxBytes = 0;
                } else {
                    key = new String(s, p, n, StandardCharsets.ISO_8859_1);
                }
                p += n;
            }
            return new Model(boxes, null);
        }
    }
}
