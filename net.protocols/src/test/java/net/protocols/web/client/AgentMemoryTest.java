package net.protocols.web.client;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.protocols.web.Headers;
import net.reactor.ConnectTimeoutException;
import net.reactor.ConnectionDoneException;
import net.reactor.testing.MemoryReactor;
import net.reactor.testing.StringTransport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent against a scripted server on a {@link MemoryReactor}: the wire bytes both ways, the
 * fake clock for timeouts, and what the agent does with the connection (kept, reused, closed).
 */
class AgentMemoryTest {
    private final MemoryReactor reactor = new MemoryReactor();
    private final Agent agent = new Agent(reactor,
            AgentOptions.defaults().withResponseTimeout(Duration.ofSeconds(10)).withConnectTimeout(Duration.ofSeconds(5)));

    private static <T> @Nullable Outcome<T> outcome(Deferred<T> d) {
        return d.peek();
    }

    private static <T> T value(Deferred<T> d) {
        Outcome<T> o = outcome(d);
        assertThat(o).as("fired").isNotNull();
        return switch (o) {
            case Outcome.Success<T> s -> s.value();
            case Outcome.Failed<T> f -> throw new AssertionError("failed", f.failure().value());
        };
    }

    private static Throwable failure(Deferred<?> d) {
        Outcome<?> o = outcome(d);
        assertThat(o).as("fired").isNotNull();
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        return ((Outcome.Failed<?>) o).failure().value();
    }

    private StringTransport connection(int index) {
        assertThat(reactor.tcpClients()).hasSizeGreaterThan(index);
        StringTransport t = reactor.tcpClients().get(index).connector().transport();
        return t != null ? t : reactor.tcpClients().get(index).connector().completeConnection();
    }

    private static void send(StringTransport t, String response) {
        t.protocol().dataReceived(response.getBytes(ISO_8859_1));
    }

    @Test
    void sendsTheRequestAndParsesAContentLengthResponse() {
        Headers h = new Headers();
        h.add("Accept", "text/plain");
        Deferred<Response> d = agent.request("GET", "http://example.com:8080/a/b?x=1#frag", h, null);
        MemoryReactor.TCPClient client = reactor.tcpClients().getFirst();
        assertThat(client.host()).isEqualTo("example.com");
        assertThat(client.port()).isEqualTo(8080);
        assertThat(client.timeout()).isEqualTo(Duration.ofSeconds(5));
        StringTransport t = connection(0);
        assertThat(t.valueAsString(ISO_8859_1))
                .isEqualTo("GET /a/b?x=1 HTTP/1.1\r\nHost: example.com:8080\r\nAccept: text/plain\r\n\r\n");
        send(t, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\n\r\nhel");
        Response r = value(d);
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.phrase()).isEqualTo("OK");
        assertThat(r.version()).isEqualTo("HTTP/1.1");
        assertThat(r.length()).isEqualTo(5);
        assertThat(r.headers().get("x-a")).isEqualTo("1");
        Deferred<byte[]> body = Agent.readBody(r, 100);
        assertThat(outcome(body)).isNull();
        send(t, "lo");
        assertThat(new String(value(body), UTF_8)).isEqualTo("hello");
        assertThat(agent.pool().idleConnections()).isEqualTo(1);
        assertThat(t.isDisconnecting()).isFalse();
    }

    @Test
    void reusesTheIdleConnectionAndClosesItAfterTheCachedTimeout() {
        Deferred<Response> first = agent.request("GET", "http://h/1");
        StringTransport t = connection(0);
        send(t, "HTTP/1.1 204 No Content\r\n\r\n");
        assertThat(value(first).length()).isZero();
        t.clear();
        Deferred<Response> second = agent.request("HEAD", "http://h/2");
        assertThat(reactor.tcpClients()).hasSize(1);
        assertThat(t.valueAsString(ISO_8859_1)).startsWith("HEAD /2 HTTP/1.1\r\n");
        send(t, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"); // HEAD: the length, no body
        assertThat(value(second).length()).isZero();
        Deferred<Response> third = agent.request("GET", "http://h/3");
        send(t, "HTTP/1.1 304 Not Modified\r\nETag: x\r\n\r\n");
        assertThat(value(third).code()).isEqualTo(304);
        assertThat(reactor.tcpClients()).hasSize(1);
        reactor.advance(HTTPConnectionPool.DEFAULT_CACHED_CONNECTION_TIMEOUT);
        assertThat(t.isDisconnecting()).isTrue();
        assertThat(agent.pool().idleConnections()).isZero();
    }

    @Test
    void dropsAnIdleConnectionTheServerClosed() {
        Deferred<Response> first = agent.request("GET", "http://h/1");
        StringTransport t = connection(0);
        send(t, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        value(first);
        assertThat(agent.pool().idleConnections()).isEqualTo(1);
        t.deliverConnectionLost(new ConnectionDoneException("server closed"));
        assertThat(agent.pool().idleConnections()).isZero();
        agent.request("GET", "http://h/2");
        assertThat(reactor.tcpClients()).hasSize(2);
    }

    @Test
    void retriesAnIdempotentRequestOnceWhenTheReusedConnectionDiesBeforeAnyByte() {
        value(firstResponseOnConnection0());
        StringTransport t = connection(0);
        Deferred<Response> second = agent.request("GET", "http://h/again");
        assertThat(t.valueAsString(ISO_8859_1)).contains("GET /again");
        t.deliverConnectionLost(new ConnectionDoneException("the server had closed it"));
        assertThat(outcome(second)).isNull();
        StringTransport fresh = connection(1);
        assertThat(fresh.valueAsString(ISO_8859_1)).startsWith("GET /again HTTP/1.1\r\n");
        send(fresh, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertThat(value(second).code()).isEqualTo(200);
    }

    @Test
    void doesNotRetryAPostOrAFreshConnection() {
        value(firstResponseOnConnection0());
        StringTransport t = connection(0);
        Deferred<Response> post = agent.request("POST", "http://h/p", null, BodyProducer.of(new byte[] {1}));
        t.deliverConnectionLost(new ConnectionDoneException("closed"));
        assertThat(failure(post)).isInstanceOf(ResponseNeverReceivedException.class);
        Deferred<Response> get = agent.request("GET", "http://h/g");
        StringTransport fresh = connection(1);
        fresh.deliverConnectionLost(new ConnectionDoneException("closed"));
        assertThat(failure(get)).isInstanceOf(ResponseNeverReceivedException.class);
        assertThat(reactor.tcpClients()).hasSize(2);
    }

    private Deferred<Response> firstResponseOnConnection0() {
        Deferred<Response> first = agent.request("GET", "http://h/1");
        StringTransport t = connection(0);
        send(t, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        t.clear();
        return first;
    }

    @Test
    void responseTimeoutAbortsTheConnection() {
        Deferred<Response> d = agent.request("GET", "http://h/slow");
        StringTransport t = connection(0);
        reactor.advance(Duration.ofSeconds(9));
        assertThat(outcome(d)).isNull();
        reactor.advance(Duration.ofSeconds(1));
        assertThat(failure(d)).isInstanceOf(ResponseTimeoutException.class);
        assertThat(t.isDisconnected()).isTrue();
    }

    @Test
    void connectTimeoutFailsTheRequest() {
        Deferred<Response> d = agent.request("GET", "http://h/");
        reactor.advance(Duration.ofSeconds(5));
        assertThat(failure(d)).isInstanceOf(ConnectTimeoutException.class);
    }

    @Test
    void cancellingWhileWaitingAbortsTheConnection() {
        Deferred<Response> d = agent.request("GET", "http://h/");
        StringTransport t = connection(0);
        d.cancel();
        assertThat(failure(d)).isInstanceOf(CancelledException.class);
        assertThat(t.isDisconnected()).isTrue();
        assertThat(agent.pool().idleConnections()).isZero();
    }

    @Test
    void cancellingWhileConnectingStopsTheAttempt() {
        Deferred<Response> d = agent.request("GET", "http://h/");
        d.cancel();
        assertThat(failure(d)).isInstanceOf(CancelledException.class);
        assertThat(reactor.tcpClients().getFirst().connector().state())
                .isNotEqualTo(net.reactor.testing.MemoryConnector.State.CONNECTING);
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailers() {
        Deferred<Response> d = agent.request("GET", "http://h/");
        StringTransport t = connection(0);
        send(t, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1\r\n,\r\n");
        Response r = value(d);
        assertThat(r.length()).isEqualTo(BodyProducer.UNKNOWN_LENGTH);
        Deferred<byte[]> body = Agent.readBody(r, 1000);
        send(t, "6\r\n world\r\n0\r\nX-Trailer: y\r\n\r\n");
        assertThat(new String(value(body), UTF_8)).isEqualTo("hello, world");
        assertThat(agent.pool().idleConnections()).isEqualTo(1);
    }

    @Test
    void aBodyDelimitedByTheCloseIsCompleteAndTheConnectionNotKept() {
        Deferred<Response> d = agent.request("GET", "http://h/");
        StringTransport t = connection(0);
        send(t, "HTTP/1.0 200 OK\r\n\r\nsome");
        Deferred<byte[]> body = Agent.readBody(value(d), 1000);
        send(t, " bytes");
        assertThat(outcome(body)).isNull();
        t.deliverConnectionLost(new ConnectionDoneException("done"));
        assertThat(new String(value(body), UTF_8)).isEqualTo("some bytes");
        assertThat(agent.pool().idleConnections()).isZero();
    }

    @Test
    void aTruncatedBodyFails() {
        Deferred<Response> d = agent.request("GET", "http://h/");
        StringTransport t = connection(0);
        send(t, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        Deferred<byte[]> body = Agent.readBody(value(d), 1000);
        t.deliverConnectionLost(new ConnectionDoneException("gone"));
        assertThat(failure(body)).isInstanceOf(ResponseFailedException.class);
    }

    @Test
    void bodyLimitByDeclaredLengthAndByCount() {
        Deferred<Response> d = agent.request("GET", "http://h/");
        StringTransport t = connection(0);
        send(t, "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n");
        Throwable e = failure(Agent.readBody(value(d), 10));
        assertThat(e).isInstanceOf(BodyTooLargeException.class).hasMessageContaining("10 bytes");
        assertThat(t.isDisconnected()).isTrue();

        Deferred<Response> d2 = agent.request("GET", "http://h/");
        StringTransport t2 = connection(1);
        send(t2, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n");
        Deferred<byte[]> body = Agent.readBody(value(d2), 10);
        assertThat(outcome(body)).isNull();
        send(t2, "8\r\n12345678\r\n");
        assertThat(failure(body)).isInstanceOf(BodyTooLargeException.class);
        assertThat(t2.isDisconnected()).isTrue();
    }

    @Test
    void interimResponsesAreSkipped() {
        Deferred<Response> d = agent.request("GET", "http://h/");
        StringTransport t = connection(0);
        send(t, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s>\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertThat(value(d).code()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 0x10\r\n\r\n",
        "HTTP/2 200\r\n\r\n",
        "ICY 200 OK\r\n\r\n",
        "HTTP/1.1 2000 OK\r\n\r\n",
        "HTTP/1.1 099 Low\r\n\r\n",
        "HTTP/1.1 200 O\u0001K\r\n\r\n",
        "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
        "HTTP/1.1 200 OK\r\nName : x\r\n\r\n",
        "HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n",
        "HTTP/1.1 200 OK\r\nA: b\u0000c\r\n\r\n",
        "HTTP/1.1 200 OK\r\n: nameless\r\n\r\n",
        "HTTP/1.1 101 Switching Protocols\r\n\r\n",
    })
    void malformedHeadsFailTheRequestAndCloseTheConnection(String head) {
        Deferred<Response> d = agent.request("GET", "http://h/");
        StringTransport t = connection(0);
        send(t, head);
        assertThat(failure(d)).isInstanceOf(MalformedResponseException.class);
        assertThat(t.isDisconnected()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz\r\n", "5 x\r\nhello\r\n", "5\r\nhelloXX\r\n", "1234567890abc\r\n"})
    void malformedChunksFailTheBodyAndCloseTheConnection(String chunk) {
        Deferred<Response> d = agent.request("GET", "http://h/");
        StringTransport t = connection(0);
        send(t, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        Deferred<byte[]> body = Agent.readBody(value(d), 1 << 20);
        send(t, chunk);
        assertThat(failure(body)).isInstanceOf(MalformedResponseException.class);
        assertThat(t.isDisconnected()).isTrue();
    }

    @Test
    void overLongLinesAndTooManyFieldsAreRefused() {
        Agent small = new Agent(reactor, AgentOptions.defaults().withLimits(100, 3));
        Deferred<Response> d = small.request("GET", "http://h/");
        StringTransport t = connection(0);
        send(t, "HTTP/1.1 200 OK\r\nX: " + "a".repeat(200));   // no line end needed to refuse it
        assertThat(failure(d)).isInstanceOf(MalformedResponseException.class).hasMessageContaining("longer than 100");
        assertThat(t.isDisconnected()).isTrue();

        Deferred<Response> d2 = small.request("GET", "http://h/");
        StringTransport t2 = connection(1);
        send(t2, "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n");
        assertThat(failure(d2)).isInstanceOf(MalformedResponseException.class).hasMessageContaining("more than 3");
    }

    @Test
    void bytesWhileIdleCloseTheConnection() {
        value(firstResponseOnConnection0());
        StringTransport t = connection(0);
        send(t, "HTTP/1.1 200 OK\r\n");
        assertThat(t.isDisconnected()).isTrue();
        t.deliverConnectionLost();
        assertThat(agent.pool().idleConnections()).isZero();
    }

    @Test
    void connectionCloseIsHonouredAndNonPersistentPoolsSendIt() {
        Deferred<Response> d = agent.request("GET", "http://h/");
        StringTransport t = connection(0);
        send(t, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        value(d);
        assertThat(t.isDisconnecting()).isTrue();
        assertThat(agent.pool().idleConnections()).isZero();

        Agent oneShot = new Agent(reactor, AgentOptions.defaults(), new HTTPConnectionPool(reactor, false));
        Deferred<Response> d2 = oneShot.request("GET", "http://h/");
        StringTransport t2 = connection(1);
        assertThat(t2.valueAsString(ISO_8859_1)).contains("Connection: close\r\n");
        send(t2, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        value(d2);
        assertThat(t2.isDisconnecting()).isTrue();
    }

    @Test
    void poolKeepsAtMostMaxPersistentPerHostIdle() {
        agent.pool().setMaxPersistentPerHost(1);
        Deferred<Response> a = agent.request("GET", "http://h/a");
        Deferred<Response> b = agent.request("GET", "http://h/b");
        StringTransport ta = connection(0);
        StringTransport tb = connection(1);
        send(ta, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        send(tb, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        value(a);
        value(b);
        assertThat(agent.pool().idleConnections()).isEqualTo(1);
        assertThat(ta.isDisconnecting()).as("the older one closed").isTrue();
        assertThat(tb.isDisconnecting()).isFalse();
    }

    @Test
    void requestBodiesWithLengthAndChunked() {
        Deferred<Response> d = agent.request("PUT", "http://h/x", null, BodyProducer.of("abc".getBytes(UTF_8)));
        StringTransport t = connection(0);
        assertThat(t.valueAsString(ISO_8859_1)).endsWith("Content-Length: 3\r\n\r\nabc");
        send(t, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        value(d);
        t.clear();

        Deferred<@Nullable Void> finished = new Deferred<>();
        net.reactor.Consumer[] consumer = {null};
        BodyProducer streaming = new BodyProducer() {
            @Override
            public long length() {
                return UNKNOWN_LENGTH;
            }

            @Override
            public Deferred<@Nullable Void> startProducing(net.reactor.Consumer c) {
                consumer[0] = c;
                return finished;
            }
        };
        Deferred<Response> d2 = agent.request("POST", "http://h/x", null, streaming);
        consumer[0].write("hello".getBytes(UTF_8));
        consumer[0].write(" world!".getBytes(UTF_8));
        assertThat(t.producer()).isSameAs(streaming);
        finished.callback(null);
        assertThat(t.valueAsString(ISO_8859_1))
                .endsWith("Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7\r\n world!\r\n0\r\n\r\n");
        assertThat(t.producer()).isNull();
        send(t, "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        assertThat(value(d2).code()).isEqualTo(201);
    }

    @Test
    void refusesBadArgumentsAndOtherThreads() throws Exception {
        assertThatThrownBy(() -> agent.request("GET", "ftp://h/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> agent.request("GET", "/relative")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> agent.request("GE T", "http://h/")).isInstanceOf(IllegalArgumentException.class);
        Headers framing = new Headers();
        framing.add("Content-Length", "3");
        assertThatThrownBy(() -> agent.request("GET", "http://h/", framing, null))
                .isInstanceOf(IllegalArgumentException.class);
        Throwable[] off = {null};
        Thread thread = Thread.ofPlatform().start(() -> {
            try {
                agent.request("GET", "http://h/");
            } catch (Throwable e) {
                off[0] = e;
            }
        });
        thread.join();
        assertThat(off[0]).isInstanceOf(WrongThreadException.class);
        assertThat(reactor.tcpClients()).isEmpty();
    }

    @Test
    void readingPausesUntilTheBodyIsDeliveredAndFollowsTheReceiversFlowControl() {
        Deferred<Response> d = agent.request("GET", "http://h/");
        StringTransport t = connection(0);
        send(t, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nab");
        Response r = value(d);
        assertThat(t.producerState()).as("nobody reads the body yet").isEqualTo(StringTransport.ProducerState.PAUSED);
        List<String> got = new java.util.ArrayList<>();
        net.reactor.PushProducer[] control = {null};
        r.deliverBody(new BodyReceiver() {
            @Override
            public void bodyStarted(net.reactor.PushProducer producer) {
                control[0] = producer;
            }

            @Override
            public void dataReceived(byte[] data) {
                got.add(new String(data, UTF_8));
            }

            @Override
            public void bodyFinished(@Nullable Throwable error) {
                got.add(error == null ? "END" : error.toString());
            }
        });
        assertThat(got).containsExactly("ab");
        assertThat(t.producerState()).isEqualTo(StringTransport.ProducerState.PRODUCING);
        control[0].pauseProducing();
        assertThat(t.producerState()).isEqualTo(StringTransport.ProducerState.PAUSED);
        control[0].resumeProducing();
        assertThat(t.producerState()).isEqualTo(StringTransport.ProducerState.PRODUCING);
        send(t, "cdef");
        assertThat(got).containsExactly("ab", "cdef", "END");
    }

    @Test
    void cancellingReadBodyClosesTheConnection() {
        Deferred<Response> d = agent.request("GET", "http://h/");
        StringTransport t = connection(0);
        send(t, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
        Deferred<byte[]> body = Agent.readBody(value(d), 1000);
        body.cancel();
        assertThat(failure(body)).isInstanceOf(CancelledException.class);
        assertThat(t.isDisconnected()).isTrue();
        assertThatThrownBy(() -> Agent.readBody(value(d), 1000)).isInstanceOf(IllegalStateException.class);
    }
}
