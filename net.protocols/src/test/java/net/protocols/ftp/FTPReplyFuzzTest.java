package net.protocols.ftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.protocols.basic.LineTooLongException;
import net.reactor.ConnectionDoneException;
import net.reactor.testing.MemoryReactor;
import net.reactor.testing.StringTransport;

/**
 * Whatever a server sends, in whatever chunks, to a client with commands waiting: the client never
 * throws, completes each command at most once and in order, hands over only replies with codes
 * 100 to 599, fails refusals with an {@link FTPReplyException} carrying a 4xx/5xx code, connects
 * data connections only to the control connection's peer, and closes only with its documented
 * reasons.
 */
class FTPReplyFuzzTest {

    @FuzzTest(maxExecutions = 200_000, maxDuration = "10m")
    void parsesReplies(FuzzedDataProvider data) {
        int[] chunks = new int[data.consumeInt(1, 8)];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = data.consumeInt(1, 200);
        }
        byte[] stream = data.consumeRemainingAsBytes();

        MemoryReactor reactor = new MemoryReactor();
        FTPClient client = new FTPClient(reactor);
        StringTransport transport = new StringTransport(StringTransport.DEFAULT_HOST, StringTransport.DEFAULT_PEER, true);
        transport.connect(client);
        List<Deferred<?>> calls = new ArrayList<>();
        calls.add(client.greeting());
        calls.add(client.login("alice", "secret"));
        calls.add(client.pwd());
        calls.add(client.size("x"));
        calls.add(client.nlst(""));
        calls.add(client.rename("a", "b"));
        calls.add(client.quote("NOOP"));
        int at = 0;
        int c = 0;
        while (at < stream.length && !transport.isDisconnecting()) {
            int n = Math.min(stream.length - at, chunks[c++ % chunks.length]);
            client.dataReceived(Arrays.copyOfRange(stream, at, at + n));
            at += n;
        }
        for (var tcp : reactor.tcpClients()) {
            assertThat(tcp.host()).isEqualTo("192.168.1.1");
        }
        if (transport.isDisconnecting()) {
            assertThat(transport.closeReason()).isInstanceOfAny(FTPProtocolException.class, LineTooLongException.class,
                    FTPReplyException.class);
        }
        transport.deliverConnectionLost(new ConnectionDoneException("fuzz over"));
        reactor.advance(java.time.Duration.ofMinutes(1));
        for (Deferred<?> d : calls) {
            Outcome<?> outcome = d.peek();
            if (outcome == null) {
                continue; // waits for a data connection nobody completes: fine
            }
            if (outcome instanceof Outcome.Success<?> s && s.value() instanceof FTPReply r) {
                assertThat(r.code()).isBetween(100, 599);
            }
            if (outcome instanceof Outcome.Failed<?> f) {
                Throwable e = f.failure().value();
                if (e instanceof FTPReplyException r) {
                    assertThat(r.code()).isBetween(100, 599);
                    assertThat(r.text()).doesNotContain("\r", "\n");
                }
                d.addErrback(ignored -> null);
            }
        }
        assertThat(transport.valueAsString(UTF_8)).doesNotContain("\r\n\r\n");
    }
}
