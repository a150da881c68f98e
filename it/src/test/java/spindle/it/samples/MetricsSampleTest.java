package spindle.it.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samples/run metrics}: echo round trips and pool calls move the counters that
 * {@code GET /metrics} serves as Prometheus text, scraped over a real socket with the JDK's
 * HTTP client (an implementation independent of Spindle's).
 */
class MetricsSampleTest {
    private static final Pattern ECHO = Pattern.compile("listening on (\\S+):(\\d+) \\(echo\\)");
    private static final Pattern METRICS = Pattern.compile("listening on (\\S+):(\\d+) \\(metrics: .*\\)");
    /** One sample line of the text format: {@code name{k="v",...} value}. */
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");
    private static final int SIGTERM_STATUS = 143;
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final int CONNECTIONS = 5;
    private static final int MESSAGE = 1000;
    private static final int SESSIONS_CALLS = 3;

    @TempDir
    Path dir;

    private SampleProcess server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    /** A sample of the exposition: metric name, labels, value. */
    private record Sample(String name, Map<String, String> labels, double value) {}

    @Test
    void echoAndPoolTrafficShowInTheScrape() throws Exception {
        server = SampleProcess.start(dir, "metrics", "--port", "0", "--metrics-port", "0");
        Matcher echo = server.awaitLine(ECHO, SampleProcess.START_TIMEOUT);
        Matcher metrics = server.awaitLine(METRICS, SampleProcess.START_TIMEOUT);
        InetSocketAddress echoAddress = new InetSocketAddress(echo.group(1), Integer.parseInt(echo.group(2)));
        String base = "http://" + metrics.group(1) + ":" + metrics.group(2);

        // Echo round trips, each on its own connection, every byte checked.
        SplittableRandom random = new SplittableRandom(20);
        for (int i = 0; i < CONNECTIONS; i++) {
            byte[] message = new byte[MESSAGE];
            random.nextBytes(message);
            try (Socket socket = new Socket(echoAddress.getAddress(), echoAddress.getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(message);
                out.flush();
                byte[] back = new byte[MESSAGE];
                new DataInputStream(socket.getInputStream()).readFully(back);
                assertThat(back).isEqualTo(message);
            }
        }

        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build()) {
            // Pool calls: each /sessions answer comes after its query succeeded on the pool.
            for (int i = 0; i < SESSIONS_CALLS; i++) {
                HttpResponse<String> sessions = get(http, base + "/sessions", null);
                assertThat(sessions.statusCode()).isEqualTo(200);
                assertThat(sessions.body()).matches("sessions \\d+ bytes \\d+\n");
            }

            HttpResponse<String> scrape = get(http, base + "/metrics", null);
            assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            List<Sample> samples = parse(scrape.body());

            assertThat(value(samples, "spindle_reactor_bytes_total", "reactor", "echo", "direction", "read"))
                    .isGreaterThanOrEqualTo(CONNECTIONS * MESSAGE);
            assertThat(value(samples, "spindle_reactor_bytes_total", "reactor", "echo", "direction", "written"))
                    .isGreaterThanOrEqualTo(CONNECTIONS * MESSAGE);
            assertThat(value(samples, "spindle_reactor_connections_accepted_total", "reactor", "echo"))
                    .isGreaterThanOrEqualTo(CONNECTIONS);
            assertThat(value(samples, "spindle_reactor_connections_accepted_total", "reactor", "web"))
                    .as("the site's own reactor accepted the client's connection").isGreaterThanOrEqualTo(1);
            // The table's CREATE at start-up, then every /sessions query.
            assertThat(value(samples, "spindle_pool_calls_total", "pool", "echo-db", "outcome", "succeeded"))
                    .isGreaterThanOrEqualTo(1 + SESSIONS_CALLS);
            assertThat(value(samples, "spindle_pool_calls_total", "pool", "echo-db", "outcome", "failed")).isZero();
            assertThat(value(samples, "spindle_pool_connections_max", "pool", "echo-db")).isPositive();

            // The turn-time buckets of one reactor: cumulative, ending in +Inf, and turns were counted.
            List<Sample> turns = samples.stream()
                    .filter(s -> s.name().equals("spindle_reactor_turns_total") && "echo".equals(s.labels().get("reactor")))
                    .sorted((a, b) -> Double.compare(bound(a), bound(b)))
                    .toList();
            assertThat(turns).hasSize(22);
            assertThat(turns.getLast().labels()).containsEntry("le", "+Inf");
            assertThat(turns.getLast().value()).isPositive();
            for (int i = 1; i < turns.size(); i++) {
                assertThat(turns.get(i).value()).as("bucket le=%s", turns.get(i).labels().get("le"))
                        .isGreaterThanOrEqualTo(turns.get(i - 1).value());
            }

            // A client that asks for OpenMetrics gets it.
            HttpResponse<String> open = get(http, base + "/metrics",
                    "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
            assertThat(open.headers().firstValue("content-type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/openmetrics-text"));
            assertThat(open.body()).contains("spindle_reactor_bytes_total{").endsWith("# EOF\n");
        }

        server.terminate();
        // Stopped by SIGTERM, as every sample server: the shutdown triggers ran, the JVM exits 143.
        assertThat(server.awaitExit(EXIT_TIMEOUT)).as(server.diagnostics()).isEqualTo(SIGTERM_STATUS);
        assertThat(server.stderr()).doesNotContain("Exception");
    }

    private static HttpResponse<String> get(HttpClient http, String url, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Sample> parse(String exposition) {
        List<Sample> samples = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a sample line: %s", line).isTrue();
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return samples;
    }

    /** The value of the one sample with this name and these labels (name, value pairs; others ignored). */
    private static double value(List<Sample> samples, String name, String... labels) {
        List<Sample> found = samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                    return false;
                }
            }
            return true;
        }).toList();
        assertThat(found).as("%s %s", name, Arrays.toString(labels)).hasSize(1);
        return found.getFirst().value();
    }

    private static double bound(Sample s) {
        String le = s.labels().get("le");
        return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }
}
