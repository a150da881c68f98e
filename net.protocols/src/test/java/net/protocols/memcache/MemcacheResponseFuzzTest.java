package net.protocols.memcache;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.protocols.basic.LineTooLongException;
import net.reactor.testing.Clock;
import net.reactor.testing.StringTransport;

/**
 * Whatever a server sends, in whatever chunks, in answer to whatever requests: the client never
 * throws out of {@code dataReceived}, never accepts a value above its limit, fires each call at
 * most once and in order, and either stays open or closes with a {@link MemcacheProtocolException}
 * or a {@link LineTooLongException}, failing every call still pending.
 */
class MemcacheResponseFuzzTest {
    private static final int LIMIT = 64;

    @FuzzTest(maxExecutions = 200_000, maxDuration = "10m")
    void answersOrClosesWithAProtocolError(FuzzedDataProvider data) {
        Clock clock = new Clock();
        MemcacheProtocol client = new MemcacheProtocol(clock, Duration.ofSeconds(5), LIMIT);
        StringTransport transport = new StringTransport();
        transport.connect(client);

        List<Deferred<?>> calls = new ArrayList<>();
        int n = data.consumeInt(1, 8);
        for (int i = 0; i < n; i++) {
            calls.add(switch (data.consumeInt(0, 9)) {
                case 0 -> client.get("a");
                case 1 -> client.getsMultiple(List.of("a", "b"));
                case 2 -> client.set("a", new byte[3]);
                case 3 -> client.increment("n", 1);
                case 4 -> client.delete("a");
                case 5 -> client.touch("a", 1);
                case 6 -> client.stats();
                case 7 -> client.version();
                case 8 -> client.flushAll();
                default -> client.checkAndSet("a", new byte[1], 1, 0, 0);
            });
        }
        while (data.remainingBytes() > 0 && !transport.isDisconnecting()) {
            byte[] chunk = data.consumeBytes(data.consumeInt(1, 64));
            if (chunk.length == 0) {
                break;
            }
            client.dataReceived(chunk);
        }

        // Calls fire in order: once one is pending, every later one is too (unless closed).
        boolean sawPending = false;
        for (Deferred<?> d : calls) {
            Outcome<?> outcome = d.peek();
            if (outcome == null) {
                sawPending = true;
                assertThat(transport.isDisconnecting()).isFalse();
            } else {
                if (!transport.isDisconnecting()) {
                    assertThat(sawPending).as("an answer overtook a pending call").isFalse();
                }
                if (outcome instanceof Outcome.Success<?> s && s.value() instanceof Item item) {
                    assertThat(item.value().length).isLessThanOrEqualTo(LIMIT);
                }
                if (outcome instanceof Outcome.Failed<?> f) {
                    assertThat(f.failure().value()).isInstanceOfAny(MemcacheProtocolException.class,
                            NoSuchCommandException.class, ClientErrorException.class, ServerErrorException.class,
                            LineTooLongException.class);
                    // Consume the failure so it is not reported as unhandled.
                    d.addErrback(failure -> null);
                }
            }
        }
        assertThat(client.pendingCalls()).isEqualTo(calls.stream().filter(d -> !d.called()).count());
        if (transport.isDisconnecting()) {
            assertThat(transport.closeReason()).isInstanceOfAny(MemcacheProtocolException.class, LineTooLongException.class);
            transport.deliverConnectionLost(transport.closeReason());
            assertThat(calls).allMatch(Deferred::called);
            for (Deferred<?> d : calls) {
                if (d.peek() instanceof Outcome.Failed<?>) {
                    d.addErrback(failure -> null);
                }
            }
        }
    }
}
