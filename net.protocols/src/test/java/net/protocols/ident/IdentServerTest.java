package net.protocols.ident;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.protocols.basic.LineTooLongException;
import net.protocols.policies.IdleTimeoutException;
import net.reactor.Address;
import net.reactor.IPv4Address;
import net.reactor.testing.Clock;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentServerTest {
    private final Clock clock = new Clock();
    private final StringTransport transport = new StringTransport();
    private final List<String> asked = new ArrayList<>();

    private IdentServer serve(IdentLookup lookup) {
        IdentServer server = new IdentServer(clock, lookup, Duration.ofSeconds(60));
        transport.connect(server);
        return server;
    }

    private String answer(IdentServer server, String query) {
        transport.clear();
        server.dataReceived(query.getBytes(US_ASCII));
        return transport.valueAsString(US_ASCII);
    }

    @Test
    void defaultRefusesEveryQueryWithNoUser() {
        IdentServer server = new IdentServer(clock);
        transport.connect(server);
        assertThat(answer(server, "6193, 23\r\n")).isEqualTo("6193, 23 : ERROR : NO-USER\r\n");
    }

    @Test
    void answersThroughTheLookupWithTheConnectionsAddresses() {
        IdentServer server = serve((query, host, peer) -> {
            asked.add(query + " " + ((IPv4Address) host).host() + " " + ((IPv4Address) peer).host());
            return new IdentUserId("UNIX", "alice");
        });
        assertThat(answer(server, "6193,23\n")).isEqualTo("6193, 23 : USERID : UNIX : alice\r\n");
        assertThat(answer(server, " \t1 ,\t65535 \r\n")).isEqualTo("1, 65535 : USERID : UNIX : alice\r\n");
        assertThat(asked).containsExactly(
                "IdentQuery[serverPort=6193, clientPort=23] 10.0.0.1 192.168.1.1",
                "IdentQuery[serverPort=1, clientPort=65535] 10.0.0.1 192.168.1.1");
    }

    @Test
    void lookupErrorsBecomeTheirTokensAndAnythingElseUnknownError() {
        IdentServer hidden = serve((q, h, p) -> {
            throw new IdentErrorException(IdentError.HIDDEN_USER);
        });
        assertThat(answer(hidden, "1, 2\r\n")).isEqualTo("1, 2 : ERROR : HIDDEN-USER\r\n");
        StringTransport other = new StringTransport();
        IdentServer broken = new IdentServer(clock, (q, h, p) -> {
            throw new IllegalStateException("boom");
        });
        other.connect(broken);
        broken.dataReceived("1, 2\r\n".getBytes(US_ASCII));
        assertThat(other.valueAsString(US_ASCII)).isEqualTo("1, 2 : ERROR : UNKNOWN-ERROR\r\n");
        assertThat(other.isDisconnecting()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0, 23", "23, 0", "65536, 1", "99999, 99999"})
    void portsOutOfRangeAreAnsweredInvalidPort(String query) {
        IdentServer server = serve((q, h, p) -> new IdentUserId("UNIX", "alice"));
        String[] ports = query.split(", ");
        assertThat(answer(server, query + "\r\n")).isEqualTo(Integer.parseInt(ports[0]) + ", " + Integer.parseInt(ports[1]) + " : ERROR : INVALID-PORT\r\n");
        assertThat(transport.isDisconnecting()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "6193", "6193 23", "a, b", "1, 2, 3", "+1, 2", "-1, 2", "123456, 1", "1 2, 3", "1,\u000b2", ",", "1, "})
    void aMalformedQueryClosesTheConnectionWithTheReason(String query) {
        IdentServer server = serve(IdentLookup.NO_USER);
        assertThat(answer(server, query + "\r\n")).isEmpty();
        assertThat(transport.closeReason()).isInstanceOf(IdentParseException.class);
    }

    @Test
    void anOverlongLineClosesTheConnection() {
        IdentServer server = serve(IdentLookup.NO_USER);
        answer(server, " ".repeat(200));
        assertThat(transport.closeReason()).isInstanceOf(LineTooLongException.class);
    }

    @Test
    void oneAnswerPerLineAndLinesMayComeInPieces() {
        IdentServer server = serve(IdentLookup.NO_USER);
        transport.clear();
        for (byte b : "1, 2\r\n3, 4\r\n".getBytes(US_ASCII)) {
            server.dataReceived(new byte[] {b});
        }
        assertThat(transport.valueAsString(US_ASCII)).isEqualTo("1, 2 : ERROR : NO-USER\r\n3, 4 : ERROR : NO-USER\r\n");
    }

    @Test
    void anIdleConnectionIsClosedAndEachQueryRestartsTheTimer() {
        IdentServer server = serve(IdentLookup.NO_USER);
        clock.advance(Duration.ofSeconds(59));
        answer(server, "1, 2\r\n");
        clock.advance(Duration.ofSeconds(59));
        assertThat(transport.isDisconnecting()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(transport.closeReason()).isInstanceOf(IdleTimeoutException.class);
        transport.deliverConnectionLost();
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void theTimerStopsWhenTheConnectionEnds() {
        serve(IdentLookup.NO_USER);
        transport.deliverConnectionLost();
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void addressesAreTheTransports() {
        Address[] seen = new Address[2];
        IdentServer server = serve((q, h, p) -> {
            seen[0] = h;
            seen[1] = p;
            throw new IdentErrorException(IdentError.NO_USER);
        });
        answer(server, "1, 2\n");
        assertThat(seen).containsExactly(StringTransport.DEFAULT_HOST, StringTransport.DEFAULT_PEER);
    }
}
