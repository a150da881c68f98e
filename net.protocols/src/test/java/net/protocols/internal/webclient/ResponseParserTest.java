package net.protocols.internal.webclient;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.protocols.web.Headers;
import net.protocols.web.client.MalformedResponseException;
import org.junit.jupiter.api.Test;

/**
 * The response parser split every way and fed hostile bytes: a valid response parses to the same
 * head and body however it is chunked, and random mutations either parse or fail with a
 * {@link MalformedResponseException} — never another exception, never more body than was sent.
 */
class ResponseParserTest {
    private static final List<String> VALID = List.of(
            "HTTP/1.1 200 OK\r\nContent-Length: 11\r\nX: y\r\n\r\nhello world",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n6\r\n world\r\n0\r\nT: 1\r\n\r\n",
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 11\r\n\r\nhello world",
            "HTTP/1.0 200 OK\n\nhello world");

    /** Records what the parser reports. */
    private static final class Recorder implements ResponseParser.Listener {
        int code;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int heads;
        int ends;

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

    @Test
    void validResponsesParseTheSameHoweverTheyAreSplit() throws Exception {
        SplittableRandom random = new SplittableRandom(18);
        for (String response : VALID) {
            byte[] bytes = response.getBytes(ISO_8859_1);
            for (int round = 0; round < 300; round++) {
                Recorder r = new Recorder();
                ResponseParser parser = new ResponseParser(r, false, 1024, 20);
                int at = 0;
                while (at < bytes.length) {
                    int n = 1 + random.nextInt(Math.min(8, bytes.length - at));
                    assertThat(parser.feed(Arrays.copyOfRange(bytes, at, at + n))).isZero();
                    at += n;
                }
                parser.connectionLost();
                assertThat(r.heads).as(response).isEqualTo(1);
                assertThat(r.ends).as(response).isEqualTo(1);
                assertThat(r.code).isBetween(200, 201);
                assertThat(r.body.toString(ISO_8859_1)).isEqualTo("hello world");
                assertThat(parser.done()).isTrue();
            }
        }
    }

    @Test
    void mutatedResponsesParseOrFailCleanly() {
        SplittableRandom random = new SplittableRandom(1818);
        byte[] alphabet = "\r\n:; \t0123456789abcdefHTTP/1.Content-LengthTransfer-Encodingchunked\u0000\u007f\u00ff"
                .getBytes(ISO_8859_1);
        int failures = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = VALID.get(random.nextInt(VALID.size())).getBytes(ISO_8859_1);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int i = random.nextInt(bytes.length);
                switch (random.nextInt(3)) {
                    case 0 -> bytes[i] = alphabet[random.nextInt(alphabet.length)];
                    case 1 -> bytes = concat(Arrays.copyOf(bytes, i), new byte[] {alphabet[random.nextInt(alphabet.length)]},
                            Arrays.copyOfRange(bytes, i, bytes.length));
                    default -> bytes = concat(Arrays.copyOf(bytes, i), Arrays.copyOfRange(bytes, i + 1, bytes.length));
                }
            }
            Recorder r = new Recorder();
            ResponseParser parser = new ResponseParser(r, random.nextBoolean(), 64, 5);
            try {
                int at = 0;
                while (at < bytes.length) {
                    int n = 1 + random.nextInt(bytes.length - at);
                    parser.feed(Arrays.copyOfRange(bytes, at, at + n));
                    at += n;
                }
                parser.connectionLost();
            } catch (MalformedResponseException expected) {
                failures++;
            }
            assertThat(r.body.size()).isLessThanOrEqualTo(bytes.length);
            assertThat(r.ends).isLessThanOrEqualTo(1);
            assertThat(r.heads).isLessThanOrEqualTo(1);
        }
        assertThat(failures).as("the mutations do reach the error paths").isGreaterThan(1000);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
