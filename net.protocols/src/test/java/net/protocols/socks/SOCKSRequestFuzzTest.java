package net.protocols.socks;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import net.reactor.testing.MemoryReactor;
import net.reactor.testing.StringTransport;

/**
 * Whatever a client sends, in whatever chunks: the parser's answer on a prefix agrees with its
 * answer on the whole, a request never takes more than {@link SOCKSRequestParser#MAX_REQUEST_LENGTH}
 * bytes, and the server, with a policy that refuses everything, never opens a connection or a port,
 * never sends anything but a 91 reply (SOCKSv5: a method choice and a refusal), and closes only
 * with its documented exceptions.
 */
class SOCKSRequestFuzzTest {

    @FuzzTest(maxExecutions = 200_000, maxDuration = "10m")
    void parsesOrRefuses(FuzzedDataProvider data) {
        byte[] stream = data.consumeBytes(data.consumeInt(0, 700));
        int cut = data.consumeInt(0, stream.length);

        SOCKSRequestParser.Result whole = SOCKSRequestParser.parse(stream, stream.length);
        SOCKSRequestParser.Result prefix = SOCKSRequestParser.parse(stream, cut);
        if (whole instanceof SOCKSRequestParser.Parsed p) {
            assertThat(p.length()).isBetween(9, SOCKSRequestParser.MAX_REQUEST_LENGTH);
            if (cut >= p.length()) {
                assertThat(prefix).isEqualTo(whole);
            } else {
                assertThat(prefix).isInstanceOf(SOCKSRequestParser.Incomplete.class);
            }
        } else if (whole instanceof SOCKSRequestParser.Incomplete) {
            assertThat(stream.length).isLessThan(SOCKSRequestParser.MAX_REQUEST_LENGTH);
            assertThat(prefix).isInstanceOf(SOCKSRequestParser.Incomplete.class);
        } else {
            assertThat(prefix).isNotInstanceOf(SOCKSRequestParser.Parsed.class);
        }

        MemoryReactor reactor = new MemoryReactor();
        // No real DNS while fuzzing: every name resolves to one documentation address.
        SOCKSv4 server = new SOCKSv4(reactor, AccessPolicy.denyAll()) {
            @Override
            protected java.net.InetAddress[] resolve(String host) throws java.net.UnknownHostException {
                return new java.net.InetAddress[] {java.net.InetAddress.getByAddress(host, new byte[] {(byte) 192, 0, 2, 1})};
            }
        };
        StringTransport transport = new StringTransport();
        transport.connect(server);
        int at = 0;
        while (at < stream.length) {
            int n = Math.min(stream.length - at, data.consumeInt(1, 600));
            byte[] chunk = new byte[n];
            System.arraycopy(stream, at, chunk, 0, n);
            at += n;
            server.dataReceived(chunk);
        }
        assertThat(reactor.tcpClients()).isEmpty();
        assertThat(reactor.tcpServers()).isEmpty();
        byte[] out = transport.value();
        if (stream.length > 0 && stream[0] == 5) {
            // SOCKSv5: the method choice, then at most one refusal; never a success.
            if (out.length > 0) {
                assertThat(out[0]).isEqualTo((byte) 5);
                assertThat(out[1]).isIn((byte) 0, (byte) 0xff);
            }
            if (out.length > 2) {
                assertThat(out).hasSize(12);
                assertThat(out[2]).isEqualTo((byte) 5);
                assertThat(out[3]).isNotZero();
            }
            if (transport.isDisconnecting()) {
                assertThat(transport.closeReason()).isInstanceOfAny(SOCKSRequestException.class, SOCKSRefusedException.class);
            }
            return;
        }
        if (out.length > 0) {
            assertThat(out).hasSize(8);
            assertThat(out[0]).isZero();
            assertThat(out[1]).isEqualTo((byte) 91);
        }
        if (transport.isDisconnecting()) {
            assertThat(transport.closeReason()).isInstanceOfAny(SOCKSRequestException.class, SOCKSRefusedException.class);
        }
        assertThat(transport.isDisconnecting()).isEqualTo(!(whole instanceof SOCKSRequestParser.Incomplete));
    }
}
