package net.protocols.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.protocols.policies.IdleTimeoutException;
import net.reactor.ConnectionLostException;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP/1.1 server on an in-memory transport with a fake clock. */
class HTTPServerTest {

    private static void assertRefused(Server s, int status) {
        String out = s.output();
        assertThat(out).startsWith("HTTP/1.1 " + status + " ").contains("Connection: close\r\n");
        assertThat(s.closing()).isTrue();
        s.advance(HTTPServerOptions.defaults().lingerTime()); // the lingering close ends
        assertThat(s.transport.closeReason()).isInstanceOfSatisfying(HTTPRequestException.class,
                e -> assertThat(e.status()).isEqualTo(status));
    }

    @Test
    void answersAGetAndKeepsTheConnection() {
        Server s = new Server();
        s.send(Server.get("/hello"));
        assertThat(s.output()).isEqualTo(Server.ok("hello, world\n"));
        assertThat(s.closing()).isFalse();
        s.send(Server.get("/"));
        assertThat(s.output()).isEqualTo(Server.ok("index\n"));
    }

    @Test
    void parsesWhateverTheChunking() {
        Server s = new Server();
        s.trickle(Server.get("/hello") + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nabcde");
        String out = s.output();
        assertThat(out).startsWith(Server.ok("hello, world\n"));
        assertThat(out).endsWith("Content-Length: 5\r\nServer: Spindle\r\n\r\nabcde");
    }

    @Test
    void answersPipelinedRequestsInOrder() {
        Server s = new Server();
        s.send(Server.get("/later") + Server.get("/hello") + Server.get("/later"));
        assertThat(s.output()).isEmpty(); // the first answer is not ready, so neither is the second
        assertThat(s.later).hasSize(1);
        s.later.getFirst().callback("first\n".getBytes(UTF_8));
        String out = s.output();
        assertThat(out).contains("first\n").contains("hello, world\n");
        assertThat(out.indexOf("first\n")).isLessThan(out.indexOf("hello, world\n"));
        assertThat(s.later).hasSize(2);
        s.later.get(1).callback("third\n".getBytes(UTF_8));
        assertThat(s.output()).endsWith("\r\n\r\nthird\n");
    }

    @Test
    void stopsReadingWhenTooMuchIsPipelinedAndResumesAfterTheAnswer() {
        Server s = new Server(HTTPServerOptions.defaults().withMaxPipelinedBytes(100));
        s.send(Server.get("/later"));
        s.send(Server.get("/hello").repeat(10));
        assertThat(s.transport.producerState()).isEqualTo(StringTransport.ProducerState.PAUSED);
        s.later.getFirst().callback(new byte[0]);
        assertThat(s.transport.producerState()).isEqualTo(StringTransport.ProducerState.PRODUCING);
        assertThat(s.output().split("hello, world\n", -1)).hasSize(11);
    }

    @Test
    void decodesAChunkedBodyWithExtensionsAndTrailers() {
        Server s = new Server();
        s.trickle("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: yes\r\n\r\n");
        assertThat(s.output()).endsWith("Content-Length: 12\r\nServer: Spindle\r\n\r\nhello, world");
        assertThat(s.closing()).isFalse();
    }

    @Test
    void streamsAResponseOfUnknownLengthChunked() {
        Server s = new Server();
        s.send(Server.get("/stream"));
        Request r = s.streams.getFirst();
        r.write("hello".getBytes(UTF_8));
        r.write(new byte[0]); // must not end the body
        r.write(", world".getBytes(UTF_8));
        r.finish();
        assertThat(s.output()).isEqualTo("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nServer: Spindle\r\n\r\n"
                + "5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n");
        assertThat(s.closing()).isFalse();
    }

    @Test
    void endsAnHTTP10BodyOfUnknownLengthByClosing() {
        Server s = new Server();
        s.send("GET /stream HTTP/1.0\r\n\r\n");
        Request r = s.streams.getFirst();
        r.write("abc".getBytes(UTF_8));
        r.finish();
        assertThat(s.output()).isEqualTo("HTTP/1.0 200 OK\r\nServer: Spindle\r\n\r\nabc");
        assertThat(s.closing()).isTrue();
    }

    @Test
    void keepsAnHTTP10ConnectionOnlyWhenAskedAndTheLengthIsKnown() {
        Server s = new Server();
        s.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertThat(s.output()).contains("Connection: keep-alive\r\n").endsWith("hello, world\n");
        assertThat(s.closing()).isFalse();
        s.send("GET /hello HTTP/1.0\r\n\r\n");
        assertThat(s.output()).doesNotContain("Connection:").endsWith("hello, world\n");
        assertThat(s.closing()).isTrue();
    }

    @Test
    void closesAfterConnectionClose() {
        Server s = new Server();
        s.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" + Server.get("/"));
        String out = s.output();
        assertThat(out).contains("Connection: close\r\n").endsWith("hello, world\n");
        assertThat(s.closing()).isTrue();
    }

    @Test
    void answersHeadWithTheLengthAndNoBody() {
        Server s = new Server();
        s.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n" + Server.get("/hello"));
        assertThat(s.output()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 13\r\nServer: Spindle\r\n\r\n" + Server.ok("hello, world\n"));
    }

    @Test
    void sends100ContinueThenReadsTheBody() {
        Server s = new Server();
        s.send("PUT /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
        assertThat(s.output()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        s.send("xyz");
        assertThat(s.output()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nxyz");
    }

    @Test
    void refusesATooLargeBodyBeforeContinuing() {
        Server s = new Server(HTTPServerOptions.defaults().withMaxBodySize(10));
        s.send("PUT /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n");
        String out = s.output();
        assertThat(out).startsWith("HTTP/1.1 413 Content Too Large\r\n").doesNotContain("100 Continue");
        assertThat(s.closing()).isTrue();
    }

    @Test
    void refusesAChunkedBodyThatGrowsTooLarge() {
        Server s = new Server(HTTPServerOptions.defaults().withMaxBodySize(10));
        s.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n3\r\n");
        assertRefused(s, 413);
    }

    @Test
    void refusesAnUnknownExpectation() {
        Server s = new Server();
        s.send("GET / HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n");
        assertRefused(s, 417);
    }

    @Test
    void refusesAnOverlongRequestLineWith414() {
        Server s = new Server(HTTPServerOptions.defaults().withHeadLimits(100, 100, 16384));
        s.send("GET /" + "a".repeat(200));
        assertRefused(s, 414);
    }

    @Test
    void refusesTooManyOrTooLargeHeadersWith431() {
        Server s = new Server(HTTPServerOptions.defaults().withHeadLimits(8192, 3, 16384));
        s.send("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n");
        assertRefused(s, 431);

        s = new Server(HTTPServerOptions.defaults().withHeadLimits(8192, 100, 300));
        s.send("GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + "y".repeat(400)); // no line end yet
        assertRefused(s, 431);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // smuggling: ambiguous framing
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\nabc",
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc",
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0x3\r\n\r\nabc",
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length : 3\r\n\r\nabc",
        "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
        "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n",
        "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3 x\r\nabc\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n",
        // malformed heads
        "GET / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "GET  / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.1 \r\nHost: x\r\n\r\n",
        "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / http/1.1\r\nHost: x\r\n\r\n",
        "G@T / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET example.com HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\n: empty\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nA: b\u0001c\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nA: b\rc\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n continued\r\n\r\n",
        "GET / HTTP/1.1\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\n\r\n",
        "\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
    })
    void refusesMalformedAndAmbiguousRequestsAndCloses(String request) {
        Server s = new Server();
        s.send(request + Server.get("/hello")); // nothing after a refusal may be answered
        String out = s.output();
        assertThat(out).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Connection: close\r\n")
                .doesNotContain("hello, world");
        assertThat(s.closing()).isTrue();
    }

    @Test
    void refusesUnsupportedVersionsAndCodings() {
        Server s = new Server();
        s.send("GET / HTTP/2.0\r\nHost: x\r\n\r\n");
        assertRefused(s, 505);
        s = new Server();
        s.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
        assertRefused(s, 501);
    }

    @Test
    void unfoldsAndAcceptsBareLFWhenLenient() {
        Server s = new Server(HTTPServerOptions.defaults().withLenience(true, true));
        s.send("GET /args HTTP/1.1\nHost: x\nCookie: a=1;\n b=2\n\n");
        assertThat(s.output()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("{} {a=1, b=2} [args] []");
    }

    @Test
    void decodesArgsCookiesFormsAndPathSegments() {
        Server s = new Server();
        s.send("GET /args/x%2Fy/%C3%A9?a=1&b=two+words&a=%E2%82%AC HTTP/1.1\r\nHost: x\r\nCookie: s=abc; t=\"q\"\r\n\r\n");
        assertThat(s.output()).endsWith("{a=[1, €], b=[two words]} {s=abc, t=q} [args] [x/y, é]");
        s.send("POST /args HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 7\r\n\r\nk=v&w=z");
        assertThat(s.output()).endsWith("{k=[v], w=[z]} {} [args] []");
    }

    @Test
    void answers404And405WithAllow() {
        Server s = new Server();
        s.send(Server.get("/nowhere/at/all"));
        assertThat(s.output()).startsWith("HTTP/1.1 404 Not Found\r\n").contains("No Such Resource");
        s.send("POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        assertThat(s.output()).startsWith("HTTP/1.1 405 Method Not Allowed\r\n").contains("Allow: GET, HEAD\r\n");
        s.send("BREW /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(s.output()).startsWith("HTTP/1.1 405 ");
        assertThat(s.closing()).isFalse();
    }

    @Test
    void answers500WhenRenderingFails() {
        Server s = new Server();
        s.send(Server.get("/boom") + Server.get("/hello"));
        String out = s.output();
        assertThat(out).startsWith("HTTP/1.1 500 Internal Server Error\r\n").endsWith("hello, world\n");
        s.send(Server.get("/later"));
        s.later.getFirst().errback(new IllegalStateException("later boom"));
        assertThat(s.output()).startsWith("HTTP/1.1 500 ");
    }

    @Test
    void closesMidBodyWhenAStreamingResourceFailsAfterItsHeaders() {
        Server s = new Server();
        s.send(Server.get("/stream"));
        Request r = s.streams.getFirst();
        r.write("part".getBytes(UTF_8));
        r.processingFailed(new IllegalStateException("half way"));
        assertThat(s.output()).endsWith("4\r\npart\r\n"); // no last chunk: the client sees the truncation
        assertThat(s.closing()).isTrue();
    }

    @Test
    void refusesWritesBeyondTheDeclaredLengthAndClosesWhenShort() {
        Server s = new Server();
        s.send(Server.get("/stream"));
        Request r = s.streams.getFirst();
        r.setHeader("Content-Length", "3");
        r.write("ab".getBytes(UTF_8));
        org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(() -> r.write("cd".getBytes(UTF_8)));
        r.finish();
        assertThat(s.output()).endsWith("\r\n\r\nab");
        assertThat(s.closing()).isTrue();
    }

    @Test
    void refusesHeaderInjection() {
        Server s = new Server();
        s.send(Server.get("/stream"));
        Request r = s.streams.getFirst();
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> r.setHeader("X", "a\r\nSet-Cookie: evil=1"));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> r.setHeader("X Y", "a"));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> r.addCookie("a", "b;c"));
    }

    @Test
    void notifyFinishFiresOnFinishAndFailsOnDisconnect() {
        Server s = new Server();
        s.send(Server.get("/stream"));
        Request r = s.streams.getFirst();
        List<Outcome<?>> outcomes = new ArrayList<>();
        r.notifyFinish().addBoth(o -> outcomes.add(o));
        r.finish();
        assertThat(outcomes).singleElement().isInstanceOf(Outcome.Success.class);

        s.send(Server.get("/stream"));
        Request r2 = s.streams.get(1);
        r2.notifyFinish().addBoth(o -> outcomes.add(o));
        s.transport.deliverConnectionLost(new ConnectionLostException("gone"));
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.failure().value()).isInstanceOf(ConnectionLostException.class));
        r2.write("ignored".getBytes(UTF_8)); // ignored once the client has gone
        r2.finish();
    }

    @Test
    void cancelsALaterBodyWhenTheClientGoes() {
        Server s = new Server();
        s.send(Server.get("/later"));
        Deferred<byte[]> d = s.later.getFirst();
        s.transport.deliverConnectionLost(new ConnectionLostException("gone"));
        assertThat(s.cancelled).isEqualTo(1);
        assertThat(d.called()).isTrue();
        assertThat(s.output()).isEmpty();
    }

    @Test
    void closesAnIdleConnectionSilently() {
        Server s = new Server();
        s.advance(Duration.ofSeconds(59));
        assertThat(s.closing()).isFalse();
        s.advance(Duration.ofSeconds(1));
        assertThat(s.closing()).isTrue();
        assertThat(s.output()).isEmpty();
        assertThat(s.transport.closeReason()).isInstanceOf(IdleTimeoutException.class);
    }

    @Test
    void theIdleClockRestartsAfterEachAnswer() {
        Server s = new Server();
        s.advance(Duration.ofSeconds(50));
        s.send(Server.get("/hello"));
        s.output();
        s.advance(Duration.ofSeconds(50));
        assertThat(s.closing()).isFalse();
        s.advance(Duration.ofSeconds(10));
        assertThat(s.closing()).isTrue();
    }

    @Test
    void closesASlowlorisWith408EvenThoughBytesKeepComing() {
        Server s = new Server();
        s.send("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 29; i++) {
            s.advance(Duration.ofSeconds(1));
            s.send("X");
        }
        assertThat(s.closing()).isFalse();
        s.advance(Duration.ofSeconds(1));
        assertRefused(s, 408);
    }

    @Test
    void closesAStalledBodyWith408() {
        Server s = new Server();
        s.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
        s.advance(Duration.ofSeconds(59));
        s.send("d"); // still arriving: the idle clock restarts
        s.advance(Duration.ofSeconds(59));
        assertThat(s.closing()).isFalse();
        s.advance(Duration.ofSeconds(1));
        assertRefused(s, 408);
    }

    @Test
    void noTimerRunsWhileAResourceIsAnswering() {
        Server s = new Server();
        s.send(Server.get("/later"));
        s.advance(Duration.ofMinutes(10));
        assertThat(s.closing()).isFalse();
        s.later.getFirst().callback("done".getBytes(UTF_8));
        assertThat(s.output()).endsWith("done");
    }

    @Test
    void logsInTheCombinedFormat() {
        Server s = new Server();
        s.send("GET /hello?q=\"x\" HTTP/1.1\r\nHost: x\r\nReferer: http://r/\r\nUser-Agent: test \"agent\"\r\n\r\n");
        Request r = new Request((HTTPChannel) s.protocol, "GET", "/a\"b", "HTTP/1.1", new Headers(), "/a", null,
                List.of("a"));
        assertThat(Site.combinedLogLine(r, java.time.Instant.parse("2026-12-06T20:00:00Z")))
                .isEqualTo("192.168.1.1 - - [06/Dec/2026:20:00:00 +0000] \"GET /a\\\"b HTTP/1.1\" 200 - \"-\" \"-\"");
    }
}
