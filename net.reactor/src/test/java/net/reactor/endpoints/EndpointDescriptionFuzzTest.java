package net.reactor.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.reactor.testing.MemoryReactor;

/**
 * Endpoint description strings against two reference models: a description built from fields and
 * written with every {@code \ : =} escaped parses back to exactly those fields (round trip); a
 * string without backslashes parses as a naive split on {@code :}, then on the first {@code =},
 * says it does. Any string given to {@link EndpointDescription#parse},
 * {@link Endpoints#serverFromString} or {@link Endpoints#clientFromString} parses or fails with
 * an {@link EndpointDescriptionException}, never another exception.
 *
 * <p>{@code ./mvnw verify} replays the seeds; {@code fuzz/run --only EndpointDescription} fuzzes it.
 */
class EndpointDescriptionFuzzTest {
    private static final String[] TYPES = {"tcp", "tcp6", "unix", "ssl", "tls", "udp", "x"};

    @FuzzTest(maxExecutions = 200_000, maxDuration = "10m")
    void roundTripsSplitsOrRefuses(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 2)) {
            case 0 -> roundTrip(data);
            case 1 -> naiveSplit(data.consumeRemainingAsString().replace("\\", ""));
            default -> anyString(data.consumeBoolean() ? TYPES[data.consumeInt(0, TYPES.length - 1)] + ":" : "",
                    data.consumeRemainingAsString());
        }
    }

    private static void roundTrip(FuzzedDataProvider data) {
        String type = data.consumeString(8);
        List<String> positional = new ArrayList<>();
        Map<String, String> keywords = new LinkedHashMap<>();
        StringBuilder written = new StringBuilder(escape(type));
        int fields = data.consumeInt(0, 6);
        for (int i = 0; i < fields; i++) {
            if (data.consumeBoolean()) {
                String value = data.consumeString(12);
                positional.add(value);
                written.append(':').append(escape(value));
            } else {
                String key = data.consumeString(8);
                String value = data.consumeString(12);
                if (keywords.putIfAbsent(key, value) == null) {
                    written.append(':').append(escape(key)).append('=').append(escape(value));
                }
            }
        }
        if (written.isEmpty()) {
            // An empty type and no fields is the empty string, which is refused (documented).
            assertThatThrownBy(() -> EndpointDescription.parse(""))
                    .isInstanceOf(EndpointDescriptionException.class);
            return;
        }
        EndpointDescription parsed = EndpointDescription.parse(written.toString());
        assertThat(parsed.type()).isEqualTo(type);
        assertThat(parsed.positional()).isEqualTo(positional);
        assertThat(parsed.keywords()).containsExactlyEntriesOf(keywords);
    }

    /** Without backslashes, Twisted's syntax is a split on ':' and then on each field's first '='. */
    private static void naiveSplit(String s) {
        String[] fields = s.split(":", -1);
        boolean refused = s.isEmpty() || fields[0].contains("=");
        List<String> positional = new ArrayList<>();
        Map<String, String> keywords = new LinkedHashMap<>();
        for (int i = 1; i < fields.length && !refused; i++) {
            int eq = fields[i].indexOf('=');
            if (eq < 0) {
                positional.add(fields[i]);
            } else if (keywords.putIfAbsent(fields[i].substring(0, eq), fields[i].substring(eq + 1)) != null) {
                refused = true;
            }
        }
        EndpointDescription parsed;
        try {
            parsed = EndpointDescription.parse(s);
        } catch (EndpointDescriptionException e) {
            assertThat(refused).as("refused %s: %s", s, e.getMessage()).isTrue();
            return;
        }
        assertThat(refused).as("accepted %s", s).isFalse();
        assertThat(parsed.type()).isEqualTo(fields[0]);
        assertThat(parsed.positional()).isEqualTo(positional);
        assertThat(parsed.keywords()).containsExactlyEntriesOf(keywords);
    }

    /** No model: the documented exception or an endpoint, for the parser and both endpoint builders. */
    private static void anyString(String prefix, String rest) {
        String s = prefix + rest;
        try {
            EndpointDescription.parse(s);
        } catch (EndpointDescriptionException expected) {
            // documented
        }
        MemoryReactor reactor = new MemoryReactor();
        try {
            assertThat(Endpoints.serverFromString(reactor, s)).isNotNull();
        } catch (EndpointDescriptionException expected) {
            // documented
        }
        try {
            assertThat(Endpoints.clientFromString(reactor, s)).isNotNull();
        } catch (EndpointDescriptionException expected) {
            // documented
        }
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == ':' || c == '=') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
