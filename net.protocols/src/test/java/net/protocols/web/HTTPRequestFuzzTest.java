package net.protocols.web;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import net.protocols.policies.IdleTimeoutException;
import net.reactor.ConnectionDoneException;

/**
 * Whatever bytes arrive, in whatever chunks, strict or lenient: the server never throws out of
 * {@code dataReceived}; everything it writes is HTTP responses; a refusal is one of the documented
 * statuses, written before the close; and once pending answers are given and time passes, the
 * connection is closed — never a hang.
 */
class HTTPRequestFuzzTest {
    private static final List<Integer> REFUSALS = List.of(400, 408, 413, 414, 417, 431, 501, 505);

    @FuzzTest(maxExecutions = 200_000, maxDuration = "10m")
    void answersOrRefusesAndNeverHangs(FuzzedDataProvider data) {
        boolean lenient = data.consumeBoolean();
        int[] chunks = new int[data.consumeInt(1, 8)];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = data.consumeInt(1, 200);
        }
        byte[] stream = data.consumeRemainingAsBytes();
        Server s = new Server(HTTPServerOptions.defaults().withHeadLimits(256, 20, 1024).withMaxBodySize(4096)
                .withMaxPipelinedBytes(512).withLenience(lenient, lenient));

        int at = 0;
        int c = 0;
        while (at < stream.length && !s.closing()) {
            int n = Math.min(chunks[c++ % chunks.length], stream.length - at);
            s.protocol.dataReceived(Arrays.copyOfRange(stream, at, at + n));
            at += n;
            // Answer whatever waits, as a resource would, so later requests get their turn
            // (answering one lets the next be parsed, which may add to the lists).
            boolean answered;
            do {
                answered = false;
                for (int i = 0; i < s.later.size(); i++) {
                    if (!s.later.get(i).called()) {
                        s.later.get(i).callback("later".getBytes(UTF_8));
                        answered = true;
                    }
                }
                for (int i = 0; i < s.streams.size(); i++) {
                    Request r = s.streams.get(i);
                    if (!r.finished()) {
                        r.write("streamed".getBytes(UTF_8));
                        r.finish();
                        answered = true;
                    }
                }
            } while (answered);
        }
        String out = s.transport.valueAsString(ISO_8859_1);
        if (!out.isEmpty()) {
            assertThat(out).matches("(?s)HTTP/1\\.[01] [1-5][0-9][0-9] .*");
        }
        if (s.transport.closeReason() instanceof HTTPRequestException e) {
            assertThat(REFUSALS).contains(e.status());
            assertThat(out).contains("HTTP/1.1 " + e.status() + " ").endsWith("\n");
        }

        s.advance(Duration.ofMinutes(10));
        s.advance(HTTPServerOptions.defaults().lingerTime()); // a refusal by timeout lingers from then
        assertThat(s.closing()).as("closed once idle").isTrue();
        assertThat(s.transport.closeReason()).isInstanceOfAny(HTTPRequestException.class, IdleTimeoutException.class,
                ConnectionDoneException.class);
    }
}
