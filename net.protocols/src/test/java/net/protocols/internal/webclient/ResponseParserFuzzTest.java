package net.protocols.internal.webclient;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import net.protocols.web.Headers;
import net.protocols.web.client.MalformedResponseException;

/**
 * The HTTP client's response parser against a reference model: a response the harness builds
 * (status code, header fields, a Content-Length, chunked or close-delimited body cut into fuzzed
 * chunks) and feeds in fuzzed pieces parses to exactly the code and body it was built from, once;
 * arbitrary bytes parse or fail with a {@link MalformedResponseException} and nothing else, never
 * report more body than arrived, nor more than one head or end.
 *
 * <p>{@code ./mvnw verify} replays the seeds; {@code fuzz/run --only ResponseParser} fuzzes it.
 */
class ResponseParserFuzzTest {
    /** Records what the parser reports. */
    private static final class Recorder implements ResponseParser.Listener {
        int code;
        int heads;
        int ends;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        @Override
        public void headReceived(String version, int code, String phrase, Headers headers, long length) {
            this.code = code;
            heads++;
        }

        @Override
        public void bodyReceived(byte[] data) {
            body.writeBytes(data);
        }

        @Override
        public void bodyEnded() {
            ends++;
        }
    }

    @FuzzTest(maxExecutions = 200_000, maxDuration = "10m")
    void parsesWhatWasBuiltOrRefusesCleanly(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            wellFormed(data);
        } else {
            hostile(data);
        }
    }

    /** The reference model: the parser must give back the code and body the response was built from. */
    private static void wellFormed(FuzzedDataProvider data) {
        int code = data.consumeInt(200, 599);
        if (code == 204 || code == 304) {
            code = 200; // they have no body whatever the framing says
        }
        int framing = data.consumeInt(0, 2); // 0 Content-Length, 1 chunked, 2 until close
        byte[] body = data.consumeBytes(data.consumeInt(0, 300));
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(code).append(" Reason ok\r\n");
        int extra = data.consumeInt(0, 3);
        for (int i = 0; i < extra; i++) {
            head.append("X-F").append(i).append(": ").append(token(data)).append("\r\n");
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        switch (framing) {
            case 0 -> head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            case 1 -> head.append("Transfer-Encoding: chunked\r\n\r\n");
            default -> head.append("Connection: close\r\n\r\n");
        }
        wire.writeBytes(head.toString().getBytes(ISO_8859_1));
        if (framing == 1) {
            int at = 0;
            while (at < body.length) {
                int n = Math.min(body.length - at, data.consumeInt(1, 64));
                wire.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(ISO_8859_1));
                wire.write(body, at, n);
                wire.writeBytes("\r\n".getBytes(ISO_8859_1));
                at += n;
            }
            wire.writeBytes("0\r\n\r\n".getBytes(ISO_8859_1));
        } else {
            wire.writeBytes(body);
        }
        Recorder r = new Recorder();
        ResponseParser parser = new ResponseParser(r, false, 1024, 20);
        byte[] bytes = wire.toByteArray();
        try {
            feedInPieces(parser, bytes, data);
        } catch (MalformedResponseException e) {
            throw new AssertionError("a well-formed response was refused: " + new String(bytes, ISO_8859_1), e);
        }
        parser.connectionLost();
        assertThat(r.heads).isEqualTo(1);
        assertThat(r.code).isEqualTo(code);
        assertThat(r.ends).isEqualTo(1);
        assertThat(r.body.toByteArray()).isEqualTo(body);
        assertThat(parser.done()).isTrue();
    }

    /** No model: whatever arrives, only MalformedResponseException escapes, and nothing is invented. */
    private static void hostile(FuzzedDataProvider data) {
        boolean headRequest = data.consumeBoolean();
        int maxLine = data.consumeInt(1, 256);
        int maxHeaders = data.consumeInt(0, 10);
        byte[] bytes = data.consumeRemainingAsBytes();
        Recorder r = new Recorder();
        ResponseParser parser = new ResponseParser(r, headRequest, maxLine, maxHeaders);
        try {
            int at = 0;
            int piece = 1 + (bytes.length == 0 ? 0 : (bytes[0] & 7));
            while (at < bytes.length) {
                int n = Math.min(piece, bytes.length - at);
                parser.feed(Arrays.copyOfRange(bytes, at, at + n));
                at += n;
            }
            parser.connectionLost();
        } catch (MalformedResponseException expected) {
            // the documented refusal
        }
        assertThat(r.body.size()).isLessThanOrEqualTo(bytes.length);
        assertThat(r.heads).isLessThanOrEqualTo(1);
        assertThat(r.ends).isLessThanOrEqualTo(r.heads);
    }

    private static void feedInPieces(ResponseParser parser, byte[] bytes, FuzzedDataProvider data)
            throws MalformedResponseException {
        int at = 0;
        while (at < bytes.length) {
            int n = Math.min(bytes.length - at, data.consumeInt(1, 97));
            assertThat(parser.feed(Arrays.copyOfRange(bytes, at, at + n))).isZero();
            at += n;
        }
    }

    /** A header value of visible ASCII, so the well-formed response stays well formed. */
    private static String token(FuzzedDataProvider data) {
        StringBuilder s = new StringBuilder();
        int n = data.consumeInt(0, 12);
        for (int i = 0; i < n; i++) {
            s.append((char) data.consumeInt('!', '~'));
        }
        return s.toString();
    }
}
