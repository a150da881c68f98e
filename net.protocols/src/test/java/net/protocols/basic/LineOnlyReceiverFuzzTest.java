package net.protocols.basic;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import net.reactor.testing.StringTransport;

/**
 * Whatever bytes arrive, in whatever chunks: {@link LineOnlyReceiver} delivers exactly the lines
 * Twisted's rules give for that stream read in those chunks, or closes with a
 * {@link LineTooLongException}.
 */
class LineOnlyReceiverFuzzTest {

    @FuzzTest(maxExecutions = 200_000, maxDuration = "10m")
    void framesOrClosesWithLineTooLong(FuzzedDataProvider data) {
        byte[] delimiter = LineReceiverFuzzTest.DELIMITERS[data.consumeInt(0, LineReceiverFuzzTest.DELIMITERS.length - 1)];
        int maxLength = data.consumeInt(0, 64);
        FuzzPlan plan = FuzzPlan.consume(data);

        List<byte[]> lines = new ArrayList<>();
        LineOnlyReceiver receiver = new LineOnlyReceiver(delimiter, maxLength) {
            @Override
            protected void lineReceived(byte[] line) {
                lines.add(line);
            }
        };
        StringTransport transport = FuzzPlan.transport();
        transport.connect(receiver);
        plan.feed(receiver, () -> {
            if (transport.isDisconnecting()) {
                assertThat(transport.closeReason()).isExactlyInstanceOf(LineTooLongException.class);
            }
        });

        Models.Outcome expected = Models.lineOnlyReceiver(plan.stream, delimiter, maxLength, plan.readEnds());
        assertThat(Text.strings(lines)).isEqualTo(expected.frameStrings());
        assertThat(transport.isDisconnecting()).isEqualTo(expected.closed());
    }
}
