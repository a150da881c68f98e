package net.protocols.basic;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import net.reactor.testing.StringTransport;

/**
 * Whatever bytes arrive, in whatever chunks, with pauses anywhere: {@link NetstringReceiver}
 * delivers exactly the netstrings in the stream, or closes with a
 * {@link NetstringParseException} at the first byte that breaks the grammar.
 */
class NetstringReceiverFuzzTest {

    @FuzzTest(maxExecutions = 200_000, maxDuration = "10m")
    void framesOrClosesWithParseError(FuzzedDataProvider data) {
        int maxLength = data.consumeInt(0, 120);
        FuzzPlan plan = FuzzPlan.consume(data);

        List<byte[]> strings = new ArrayList<>();
        NetstringReceiver receiver = new NetstringReceiver() {
            @Override
            protected void stringReceived(byte[] string) {
                strings.add(string);
            }
        };
        receiver.setMaxLength(maxLength);
        StringTransport transport = FuzzPlan.transport();
        transport.connect(receiver);
        plan.feed(receiver, () -> {
            if (transport.isDisconnecting()) {
                assertThat(transport.closeReason()).isExactlyInstanceOf(NetstringParseException.class);
                assertThat(receiver.isBrokenPeer()).isTrue();
            }
        });

        Models.Outcome expected = Models.netstringReceiver(plan.stream, maxLength);
        assertThat(Text.strings(strings)).isEqualTo(expected.frameStrings());
        assertThat(transport.isDisconnecting()).isEqualTo(expected.closed());
    }
}
