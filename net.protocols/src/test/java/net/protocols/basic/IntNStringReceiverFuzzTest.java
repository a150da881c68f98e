package net.protocols.basic;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import net.reactor.testing.StringTransport;

/**
 * Whatever bytes arrive, in whatever chunks, with pauses anywhere: the Int8, Int16 and Int32
 * receivers deliver exactly the strings the prefixes describe, or close with a
 * {@link FrameTooLongException} as soon as a prefix announces too much.
 */
class IntNStringReceiverFuzzTest {

    @FuzzTest(maxExecutions = 200_000, maxDuration = "10m")
    void framesOrClosesWithFrameTooLong(FuzzedDataProvider data) {
        int prefixLength = new int[] {1, 2, 4}[data.consumeInt(0, 2)];
        int maxLength = data.consumeInt(0, 300);
        FuzzPlan plan = FuzzPlan.consume(data);

        List<byte[]> strings = new ArrayList<>();
        IntNStringReceiver receiver = switch (prefixLength) {
            case 1 -> new Int8StringReceiver() {
                @Override
                protected void stringReceived(byte[] string) {
                    strings.add(string);
                }
            };
            case 2 -> new Int16StringReceiver() {
                @Override
                protected void stringReceived(byte[] string) {
                    strings.add(string);
                }
            };
            default -> new Int32StringReceiver() {
                @Override
                protected void stringReceived(byte[] string) {
                    strings.add(string);
                }
            };
        };
        receiver.setMaxLength(maxLength);
        StringTransport transport = FuzzPlan.transport();
        transport.connect(receiver);
        plan.feed(receiver, () -> {
            if (transport.isDisconnecting()) {
                assertThat(transport.closeReason()).isExactlyInstanceOf(FrameTooLongException.class);
            }
        });

        Models.Outcome expected = Models.intNStringReceiver(plan.stream, prefixLength, maxLength);
        assertThat(Text.strings(strings)).isEqualTo(expected.frameStrings());
        assertThat(transport.isDisconnecting()).isEqualTo(expected.closed());
    }
}
