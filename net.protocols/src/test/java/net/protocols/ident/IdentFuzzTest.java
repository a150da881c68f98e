package net.protocols.ident;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import net.protocols.basic.LineTooLongException;
import net.reactor.testing.Clock;
import net.reactor.testing.StringTransport;

/**
 * Whatever arrives, in whatever chunks: the query and response parsers either refuse a line with
 * an {@link IdentParseException} or return a value that formats back to an equal value (ports
 * always in 1–65535); an {@link IdentServer} answers a line with a well-formed response (or
 * {@code INVALID-PORT} echoing ports out of range) or closes with a documented reason; an {@link IdentClient} with lookups outstanding
 * never throws and closes only with a documented reason.
 */
class IdentFuzzTest {

    @FuzzTest(maxExecutions = 200_000, maxDuration = "10m")
    void parsesRoundTripsOrRefuses(FuzzedDataProvider data) {
        int[] chunks = new int[data.consumeInt(1, 8)];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = data.consumeInt(1, 100);
        }
        byte[] stream = data.consumeRemainingAsBytes();

        for (String line : new String(stream, ISO_8859_1).split("\n")) {
            try {
                IdentQuery q = IdentQuery.parse(line);
                assertThat(q.serverPort()).isBetween(1, 65535);
                assertThat(q.clientPort()).isBetween(1, 65535);
                assertThat(IdentQuery.parse(q.toLine())).isEqualTo(q);
            } catch (IdentParseException e) {
                // refused: fine
            }
            try {
                IdentResponse r = IdentResponse.parse(line);
                assertThat(IdentResponse.parse(r.toLine())).isEqualTo(r);
            } catch (IdentParseException e) {
                // refused: fine
            }
        }

        // The server: every answer it writes is a valid response.
        StringTransport serverSide = new StringTransport(StringTransport.DEFAULT_HOST, StringTransport.DEFAULT_PEER, true);
        IdentServer server = new IdentServer(new Clock(), (q, h, p) -> new IdentUserId("UNIX", "fuzz"));
        serverSide.connect(server);
        feed(server, stream, chunks);
        if (serverSide.isDisconnecting()) {
            assertThat(serverSide.closeReason()).isInstanceOfAny(IdentParseException.class, LineTooLongException.class);
        }
        String written = serverSide.valueAsString(ISO_8859_1);
        if (!written.isEmpty()) {
            assertThat(written).endsWith("\r\n");
            for (String line : written.substring(0, written.length() - 2).split("\r\n", -1)) {
                String invalidPort = " : ERROR : INVALID-PORT";
                if (line.endsWith(invalidPort)) {
                    // as in Twisted, the ports of a query out of range are echoed as they came
                    int[] ports = IdentQuery.parsePair(line.substring(0, line.length() - invalidPort.length()));
                    assertThat(IdentQuery.valid(ports[0]) && IdentQuery.valid(ports[1])).isFalse();
                } else {
                    assertThat(IdentResponse.parse(line)).isInstanceOf(IdentResponse.UserId.class);
                }
            }
        }

        // The client, with a few lookups waiting.
        StringTransport clientSide = new StringTransport(StringTransport.DEFAULT_HOST, StringTransport.DEFAULT_PEER, true);
        IdentClient client = new IdentClient();
        clientSide.connect(client);
        client.lookup(1, 2);
        client.lookup(6193, 23);
        client.lookup(65535, 65535);
        feed(client, stream, chunks);
        if (clientSide.isDisconnecting()) {
            assertThat(clientSide.closeReason()).isInstanceOfAny(IdentParseException.class, LineTooLongException.class);
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
}
