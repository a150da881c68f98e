package net.protocols.basic;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import net.reactor.testing.StringTransport;

/**
 * Whatever bytes arrive, in whatever chunks, with pauses anywhere: {@link LineReceiver} delivers
 * exactly the lines Twisted's rules give for the whole stream, or closes with a
 * {@link LineTooLongException}, and buffers less than one maximal line plus its delimiter.
 *
 * <p>{@code ./mvnw verify} replays the seeds in {@code src/test/resources}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (the commands are in net.protocols/README.md).
 */
class LineReceiverFuzzTest {
    static final byte[][] DELIMITERS = {
        Text.b("\r\n"), Text.b("\n"), Text.b("ab"), Text.b("aab"), Text.b("<END>"), {0}
    };

    @FuzzTest(maxExecutions = 200_000, maxDuration = "10m")
    void framesOrClosesWithLineTooLong(FuzzedDataProvider data) {
        byte[] delimiter = DELIMITERS[data.consumeInt(0, DELIMITERS.length - 1)];
        int maxLength = data.consumeInt(0, 64);
        FuzzPlan plan = FuzzPlan.consume(data);

        List<byte[]> lines = new ArrayList<>();
        LineReceiver receiver = new LineReceiver(delimiter, maxLength) {
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

        Models.Outcome expected = Models.lineReceiver(plan.stream, delimiter, maxLength);
        assertThat(Text.strings(lines)).isEqualTo(expected.frameStrings());
        assertThat(transport.isDisconnecting()).isEqualTo(expected.closed());
        if (!expected.closed()) {
            byte[] buffered = receiver.clearLineBuffer();
            assertThat(buffered).isEqualTo(expected.remainder());
            assertThat(buffered.length).isLessThan(maxLength + delimiter.length);
        }
    }
}
