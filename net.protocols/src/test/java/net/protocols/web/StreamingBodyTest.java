package net.protocols.web;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.reactor.testing.Clock;
import net.reactor.testing.StringTransport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Streamed request bodies, {@code Expect: 100-continue} by resource, and the lingering close. */
class StreamingBodyTest {

    /** A resource streaming its body: records each delivery, answers with the byte count at the end. */
    static final class Upload extends Resource implements RequestBodyReceiver {
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        @Nullable Request request;
        @Nullable Throwable failure;
        boolean answerAtOnce;
        boolean pauseAfterFirst;

        @Override
        public RequestBodyReceiver receiveBody(Request r) {
            events.add("receiveBody");
            return this;
        }

        @Override
        protected Render renderPOST(Request r) {
            events.add("render");
            request = r;
            if (answerAtOnce) {
                return Render.text("early\n");
            }
            return Render.NOT_DONE_YET;
        }

        @Override
        public Set<String> allowedMethods() {
            return Set.of("POST");
        }

        @Override
        public void dataReceived(byte[] data) {
            events.add("data " + new String(data, ISO_8859_1));
            received.writeBytes(data);
            if (pauseAfterFirst) {
                pauseAfterFirst = false;
                request.pauseBody();
            }
        }

        @Override
        public void bodyEnded() {
            events.add("ended");
            if (!answerAtOnce) {
                request.write((received.size() + " bytes\n").getBytes(UTF_8));
                request.finish();
            }
        }

        @Override
        public void bodyFailed(Throwable reason) {
            events.add("failed");
            failure = reason;
        }
    }

    final Clock clock = new Clock();
    final StringTransport transport = new StringTransport();
    final Upload upload = new Upload();
    Site site;
    net.reactor.Protocol protocol;

    void start(HTTPServerOptions options) {
        Resource root = new Resource();
        root.putChild("upload", upload);
        root.putChild("hello", Server.text("hello\n"));
        site = new Site(root, clock, options);
        protocol = site.buildProtocol(StringTransport.DEFAULT_PEER);
        transport.connect(protocol);
    }

    void send(String text) {
        protocol.dataReceived(text.getBytes(ISO_8859_1));
    }

    String output() {
        String s = transport.valueAsString(UTF_8);
        transport.clear();
        return s.replaceAll("Date: [^\r]*\r\n", "");
    }

    @Test
    void deliversALengthBodyAsItArrivesAndRendersFirst() {
        start(HTTPServerOptions.defaults());
        send("POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 9\r\n\r\nabc");
        assertThat(upload.events).containsExactly("receiveBody", "render", "data abc");
        send("def");
        send("ghi" + Server.get("/hello"));
        assertThat(upload.events).containsExactly("receiveBody", "render", "data abc", "data def", "data ghi",
                "ended");
        String out = output();
        assertThat(out).startsWith("HTTP/1.1 200 OK\r\n").contains("9 bytes\n").endsWith("hello\n");
        assertThat(transport.isDisconnecting()).isFalse();
    }

    @Test
    void deliversChunkedBodiesWithoutTheFramingAndEnforcesTheLimitAsBytesArrive() {
        start(HTTPServerOptions.defaults().withMaxBodySize(10));
        send("POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n");
        assertThat(upload.events).containsExactly("receiveBody", "render", "data abcdef");
        send("6\r\nghijkl\r\n");
        assertThat(upload.events).last().isEqualTo("failed");
        assertThat(upload.failure).isInstanceOfSatisfying(HTTPRequestException.class,
                e -> assertThat(e.status()).isEqualTo(413));
        assertThat(output()).startsWith("HTTP/1.1 413 ");
        assertThat(transport.isWriteDisconnected()).isTrue();
        assertThat(upload.request.lost()).isTrue();
    }

    @Test
    void aStreamingAnswerBeforeTheBodyEndsLetsTheRestBeReadThenServesTheNextRequest() {
        start(HTTPServerOptions.defaults());
        upload.answerAtOnce = true;
        send("POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\n\r\nabc");
        assertThat(output()).contains("early\n");
        send("def" + Server.get("/hello"));
        assertThat(upload.events).containsExactly("receiveBody", "render", "data abc", "data def", "ended");
        assertThat(output()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("hello\n");
        assertThat(transport.isDisconnecting()).isFalse();
    }

    @Test
    void pauseBodyStopsDeliveryAndReadingUntilResumed() {
        start(HTTPServerOptions.defaults());
        upload.pauseAfterFirst = true;
        send("POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n");
        assertThat(upload.events).containsExactly("receiveBody", "render", "data abc");
        assertThat(transport.producerState()).isEqualTo(StringTransport.ProducerState.PAUSED);
        clock.advance(Duration.ofMinutes(5)); // a paused body is not the client stalling
        assertThat(transport.isDisconnecting()).isFalse();
        upload.request.resumeBody();
        assertThat(upload.events).containsExactly("receiveBody", "render", "data abc", "data def", "ended");
        assertThat(transport.producerState()).isEqualTo(StringTransport.ProducerState.PRODUCING);
        assertThat(output()).contains("6 bytes\n");
    }

    @Test
    void continueIsSentOnlyWhenTheResourceWillReadTheBody() {
        start(HTTPServerOptions.defaults());
        send("POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
        assertThat(output()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        send("ok");
        assertThat(output()).contains("2 bytes\n");

        // No resource there: the 404 comes at once, no 100, and the connection closes after it.
        send("POST /nowhere HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        String out = output();
        assertThat(out).startsWith("HTTP/1.1 404 ").contains("Connection: close\r\n").doesNotContain("100 Continue");
        assertThat(transport.isWriteDisconnected()).isTrue();
        clock.advance(Duration.ofSeconds(2));
        assertThat(transport.isDisconnecting()).isTrue();
    }

    @Test
    void aMethodTheResourceRefusesHasItsBodyDroppedAndTheConnectionKept() {
        start(HTTPServerOptions.defaults());
        send("PUT /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nxyz" + Server.get("/hello"));
        String out = output();
        assertThat(out).startsWith("HTTP/1.1 405 ").contains("Allow: POST\r\n").endsWith("hello\n");
        assertThat(upload.events).isEmpty();
        assertThat(transport.isDisconnecting()).isFalse();
    }

    @Test
    void aRefusalLingersDrainingBoundedBytesThenCloses() {
        start(HTTPServerOptions.defaults().withMaxBodySize(4).withLingeringClose(Duration.ofSeconds(2), 100));
        send("POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 50\r\n\r\n");
        assertThat(output()).startsWith("HTTP/1.1 413 ");
        assertThat(transport.isWriteDisconnected()).isTrue();
        assertThat(transport.isDisconnecting()).isFalse();
        send("x".repeat(60)); // drained and dropped
        assertThat(transport.isDisconnecting()).isFalse();
        assertThat(output()).isEmpty();
        send("x".repeat(60)); // past the byte bound: closed now
        assertThat(transport.isDisconnecting()).isTrue();
        assertThat(transport.closeReason()).isInstanceOfSatisfying(HTTPRequestException.class,
                e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void aRefusalLingersAtMostTheLingerTime() {
        start(HTTPServerOptions.defaults().withMaxBodySize(4));
        send("POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 50\r\n\r\n");
        clock.advance(Duration.ofMillis(1999));
        assertThat(transport.isDisconnecting()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(transport.isDisconnecting()).isTrue();
    }

    @Test
    void withoutLingeringTheRefusalClosesAtOnce() {
        start(HTTPServerOptions.defaults().withMaxBodySize(4).withLingeringClose(Duration.ZERO, 0));
        send("POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 50\r\n\r\n");
        assertThat(output()).startsWith("HTTP/1.1 413 ");
        assertThat(transport.isDisconnecting()).isTrue();
        assertThat(transport.isWriteDisconnected()).isFalse();
    }
}
