package net.protocols.ident;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.deferred.Deferred;
import net.deferred.Outcome;
import net.protocols.basic.LineTooLongException;
import net.reactor.ConnectionDoneException;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentClientTest {
    private final StringTransport transport = new StringTransport();
    private final IdentClient client = new IdentClient();

    IdentClientTest() {
        transport.connect(client);
    }

    private void receive(String s) {
        client.dataReceived(s.getBytes(US_ASCII));
    }

    private static Throwable failure(Deferred<?> d) {
        Outcome<?> o = d.peek();
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        return ((Outcome.Failed<?>) o).failure().value();
    }

    @Test
    void sendsTheQueryAndFiresWithTheUserId() {
        Deferred<IdentUserId> d = client.lookup(6193, 23);
        assertThat(transport.valueAsString(US_ASCII)).isEqualTo("6193, 23\r\n");
        receive("6193, 23 : USERID : UNIX : stjohns\r\n");
        assertThat(d.peek()).isEqualTo(new Outcome.Success<>(new IdentUserId("UNIX", "stjohns")));
    }

    @Test
    void acceptsOidentdsCompactFormAndKeepsColonsInTheUserId() {
        Deferred<IdentUserId> a = client.lookup(50020, 16667);
        Deferred<IdentUserId> b = client.lookup(1, 2);
        receive("50020,16667:USERID:UNIX:root\n1,2:USERID:OTHER,UTF-8:  a:b c\r\n");
        assertThat(a.peek()).isEqualTo(new Outcome.Success<>(new IdentUserId("UNIX", "root")));
        assertThat(b.peek()).isEqualTo(new Outcome.Success<>(new IdentUserId("OTHER,UTF-8", "a:b c")));
    }

    @ParameterizedTest
    @CsvSource({"NO-USER,NO_USER", "HIDDEN-USER,HIDDEN_USER", "INVALID-PORT,INVALID_PORT", "UNKNOWN-ERROR,UNKNOWN_ERROR", "X-MINE,UNKNOWN_ERROR"})
    void errorAnswersFailWithTheTypedError(String token, IdentError error) {
        Deferred<IdentUserId> d = client.lookup(1, 2);
        receive("1 , 2 : ERROR : " + token + "\r\n");
        assertThat(failure(d)).isInstanceOfSatisfying(IdentErrorException.class, e -> {
            assertThat(e.error()).isEqualTo(error);
            assertThat(e.token()).isEqualTo(token);
        });
        assertThat(transport.isDisconnecting()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "1, 2", "1, 2 : USERID : UNIX", "1, 2 : USERID :  : x", "1, 2 : USERID : UNIX :", "1, 2 : WHAT : x",
        "1, 2 : ERROR :", "0, 2 : ERROR : NO-USER", "1, 3 : ERROR : NO-USER", "1, 2 : ERROR : A:B"})
    void aBadAnswerClosesTheConnectionAndFailsTheLookup(String line) {
        Deferred<IdentUserId> d = client.lookup(1, 2);
        receive(line + "\r\n");
        assertThat(transport.closeReason()).isInstanceOf(IdentParseException.class);
        transport.deliverConnectionLost();
        assertThat(failure(d)).isInstanceOf(IdentParseException.class);
    }

    @Test
    void anAnswerNobodyAskedForClosesTheConnection() {
        receive("1, 2 : ERROR : NO-USER\r\n");
        assertThat(transport.closeReason()).isInstanceOf(IdentParseException.class);
    }

    @Test
    void anOverlongAnswerClosesTheConnection() {
        Deferred<IdentUserId> d = client.lookup(1, 2);
        receive("1, 2 : USERID : UNIX : " + "x".repeat(2000));
        assertThat(transport.closeReason()).isInstanceOf(LineTooLongException.class);
        transport.deliverConnectionLost();
        assertThat(failure(d)).isInstanceOf(LineTooLongException.class);
    }

    @Test
    void lookupsStillWaitingFailWhenTheServerCloses() {
        Deferred<IdentUserId> d = client.lookup(1, 2);
        transport.deliverConnectionLost(new ConnectionDoneException("closed"));
        assertThat(failure(d)).isInstanceOf(ConnectionDoneException.class);
    }

    @Test
    void refusesPortsOutOfRange() {
        assertThatThrownBy(() -> client.lookup(0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.lookup(1, 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThat(transport.value()).isEmpty();
    }

    @Test
    void responsesRoundTrip() {
        IdentQuery q = new IdentQuery(80, 4242);
        IdentResponse u = new IdentResponse.UserId(q, new IdentUserId("UNIX", "bob"));
        IdentResponse e = new IdentResponse.Error(q, IdentError.HIDDEN_USER);
        assertThat(IdentResponse.parse(u.toLine())).isEqualTo(u);
        assertThat(IdentResponse.parse(e.toLine())).isEqualTo(e);
        assertThat(IdentQuery.parse(q.toLine())).isEqualTo(q);
    }
}
