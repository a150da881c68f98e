package spindle.it.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spindle.it.support.RequiredPeer;

/**
 * The proxy herd over real sockets: the demo as one process, and the herd as five OS processes
 * (one server each, {@code --only NAME}) of which one is killed with SIGKILL and restarted. WHATSAT
 * answers are checked against distances this test computes itself, with the haversine formula,
 * from the data file the samples ship.
 */
class HerdSampleTest {
    private static final List<String> SERVERS = List.of("Alford", "Ball", "Hamilton", "Holiday", "Welsh");
    private static final String UCLA = "+34.068930-118.445127";
    private static final double EARTH_RADIUS_KM = 6371.0;
    private static final Duration PROPAGATION_BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final Map<String, SampleProcess> herd = new LinkedHashMap<>();
    private final List<SampleProcess> others = new ArrayList<>();

    @AfterEach
    void killEveryProcess() throws InterruptedException {
        for (SampleProcess p : herd.values()) {
            p.close();
        }
        for (SampleProcess p : others) {
            p.close();
        }
    }

    @Test
    void theDemoPlaysItsScriptAndExitsZero() throws Exception {
        SampleProcess demo = SampleProcess.start(dir, "herd", "--demo", "--base-port", "0");
        others.add(demo);
        assertThat(demo.awaitExit(Duration.ofSeconds(120))).as(demo.diagnostics()).isZero();
        List<String> out = demo.output();
        assertThat(out).filteredOn(l -> l.startsWith("listening on 127.0.0.1:")).hasSize(5);
        assertThat(out).anyMatch(l -> l.matches(" +Alford +< AT Alford [+-]\\d+\\.\\d{9} kiwi\\.cs\\.ucla\\.edu "
                + "\\+34\\.068930-118\\.445127 \\d+\\.\\d{9}"));
        for (String server : List.of("Hamilton", "Welsh", "Ball", "Holiday")) {
            assertThat(out).anyMatch(l -> l.matches(" +" + server + " +< AT Alford .*"));
        }
        assertThat(out).anyMatch(l -> l.matches(" +Hamilton +< AT Welsh .*"));
        assertThat(out).anyMatch(l -> l.matches(" +Ball +< \\? HELLO"));
    }

    @Test
    void theDemoPlaysItsScriptOnAReactorGroup() throws Exception {
        // Five servers over two reactors (server i on member i mod 2), one connection pool for both.
        SampleProcess demo = SampleProcess.start(dir, "herd", "--demo", "--base-port", "0", "--reactors", "2");
        others.add(demo);
        assertThat(demo.awaitExit(Duration.ofSeconds(120))).as(demo.diagnostics()).isZero();
        List<String> out = demo.output();
        assertThat(out).filteredOn(l -> l.startsWith("listening on 127.0.0.1:")).hasSize(5);
        for (String server : List.of("Hamilton", "Welsh", "Ball", "Holiday")) {
            assertThat(out).anyMatch(l -> l.matches(" +" + server + " +< AT Alford .*"));
        }
        // WHATSAT answered through the shared pool by Hamilton (member 0) and Ball (member 1).
        assertThat(out).anyMatch(l -> l.matches(" +Hamilton +< Bayview Grove Pharmacy .*"));
        assertThat(out).anyMatch(l -> l.matches(" +Ball +< Bayview Grove Pharmacy .*"));
        assertThat(demo.stderr()).doesNotContain("Exception");
    }

    @Test
    void theDemoRunsOnPostgreSQL() throws Exception {
        String url = env("SPINDLE_PG_URL", "jdbc:postgresql://127.0.0.1:5432/spindle_test");
        Matcher hostPort = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/.*").matcher(url);
        assertThat(hostPort.matches()).as("a PostgreSQL URL with host and port: %s", url).isTrue();
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(hostPort.group(1), Integer.parseInt(hostPort.group(2))), 3000);
        } catch (IOException e) {
            throw RequiredPeer.missing("PostgreSQL is not reachable at " + url + " (" + e.getMessage() + ")",
                    "bash .ci/databases.sh, or SPINDLE_PG_URL");
        }
        String withCredentials = url + (url.contains("?") ? "&" : "?")
                + "user=" + env("SPINDLE_PG_USER", "spindle") + "&password=" + env("SPINDLE_PG_PASSWORD", "spindle");

        SampleProcess demo = SampleProcess.start(dir, "herd", "--demo", "--base-port", "0", "--jdbc", withCredentials);
        others.add(demo);
        assertThat(demo.awaitExit(Duration.ofSeconds(120))).as(demo.diagnostics()).isZero();
        List<String> out = demo.output();
        assertThat(out).anyMatch(l -> l.startsWith("Places: jdbc:postgresql:") && l.contains("password=***"));
        // Holiday's WHATSAT 2 5 from PostgreSQL: the AT line, then places nearest first.
        int question = out.indexOf(out.stream().filter(l -> l.matches(" +Holiday +> WHATSAT kiwi\\.cs\\.ucla\\.edu 2 5"))
                .findFirst().orElseThrow());
        List<String> answer = out.subList(question + 2, out.size()).stream()
                .takeWhile(l -> !l.matches(" +Holiday +<"))
                .map(l -> l.replaceFirst(" +Holiday +< ", ""))
                .toList();
        Location ucla = new Location(34.068930, -118.445127);
        assertThat(answer).isEqualTo(expectedPlaces(shippedPlaces(), ucla, 2, 5));
        assertThat(String.join("\n", out) + demo.stderr()).doesNotContain("password=" + env("SPINDLE_PG_PASSWORD", "spindle"));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Test
    void fiveProcessesFloodAndPropagationResumesAfterOneIsKilledAndRestarted() throws Exception {
        int base = freeBasePort();
        for (String server : SERVERS) {
            startServer(server, base);
        }
        Map<String, InetSocketAddress> address = new LinkedHashMap<>();
        for (String server : SERVERS) {
            InetSocketAddress a = herd.get(server).awaitListening();
            assertThat(a.getPort()).isEqualTo(base + SERVERS.indexOf(server));
            address.put(server, a);
        }

        // An IAMAT at Alford reaches every server (also if a link was not up yet when it arrived:
        // a link that comes up sends what its server knows).
        String atLine;
        try (LineClient alford = new LineClient(address.get("Alford"))) {
            atLine = alford.ask("IAMAT kiwi.cs.ucla.edu " + UCLA + " " + now());
        }
        assertThat(atLine).matches("AT Alford [+-]\\d+\\.\\d{9} kiwi\\.cs\\.ucla\\.edu \\+34\\.068930-118\\.445127 \\d+\\.\\d{9}");
        for (String server : SERVERS) {
            assertThat(awaitKnown(address.get(server), "kiwi.cs.ucla.edu", atLine)).isEqualTo(atLine);
        }

        // WHATSAT answers match the haversine distances computed here from the shipped data.
        List<Place> places = shippedPlaces();
        Location ucla = new Location(34.068930, -118.445127);
        try (LineClient holiday = new LineClient(address.get("Holiday"))) {
            for (String[] q : new String[][] {{"2", "5"}, {"0.3", "20"}, {"10", "20"}, {"50", "20"}, {"1", "1"}}) {
                List<String> answer = holiday.askMultiLine("WHATSAT kiwi.cs.ucla.edu " + q[0] + " " + q[1]);
                assertThat(answer.getFirst()).isEqualTo(atLine);
                assertThat(answer.subList(1, answer.size()))
                        .as("WHATSAT radius %s max %s", q[0], q[1])
                        .isEqualTo(expectedPlaces(places, ucla, Double.parseDouble(q[0]), Integer.parseInt(q[1])));
            }
            assertThat(holiday.askMultiLine("WHATSAT nobody.example 10 5")).containsExactly("? WHATSAT nobody.example 10 5");
            assertThat(holiday.ask("WHATSAT kiwi.cs.ucla.edu 10 21")).isEqualTo("? WHATSAT kiwi.cs.ucla.edu 10 21");
        }

        // Kill Hamilton outright. News still goes around it: Alford -> Welsh -> Ball -> Holiday.
        herd.get("Hamilton").kill();
        assertThat(herd.get("Hamilton").isAlive()).isFalse();
        String movedLine;
        try (LineClient alford = new LineClient(address.get("Alford"))) {
            movedLine = alford.ask("IAMAT kiwi.cs.ucla.edu +34.019450-118.491190 " + now());
        }
        assertThat(awaitKnown(address.get("Holiday"), "kiwi.cs.ucla.edu", movedLine)).isEqualTo(movedLine);

        // Restart Hamilton: it rejoins, learns what it missed, and floods again.
        startServer("Hamilton", base);
        assertThat(herd.get("Hamilton").awaitListening()).isEqualTo(address.get("Hamilton"));
        assertThat(awaitKnown(address.get("Hamilton"), "kiwi.cs.ucla.edu", movedLine)).isEqualTo(movedLine);

        String fromHamilton;
        try (LineClient hamilton = new LineClient(address.get("Hamilton"))) {
            fromHamilton = hamilton.ask("IAMAT laptop.example -33.868800+151.209300 " + now());
        }
        assertThat(fromHamilton).startsWith("AT Hamilton ");
        String fromBall;
        try (LineClient ball = new LineClient(address.get("Ball"))) {
            fromBall = ball.ask("IAMAT phone.example +51.507400-0.127800 " + now());
        }
        for (String server : SERVERS) {
            assertThat(awaitKnown(address.get(server), "laptop.example", fromHamilton)).isEqualTo(fromHamilton);
            assertThat(awaitKnown(address.get(server), "phone.example", fromBall)).isEqualTo(fromBall);
        }
        assertThat(herd.get("Alford").stderr()).contains("link to Hamilton lost", "link to Hamilton up");

        // SIGTERM stops a server cleanly: the reactor's shutdown closes the places pool.
        SampleProcess alford = herd.get("Alford");
        alford.terminate();
        assertThat(alford.awaitExit(Duration.ofSeconds(30))).isEqualTo(143);
        assertThat(alford.stderr()).contains("places: connection pool closed");
    }

    private void startServer(String server, int base) throws IOException {
        Path data = Files.createDirectories(dir.resolve(server));
        SampleProcess old = herd.put(server, SampleProcess.start(data,
                "herd", "--only", server, "--base-port", String.valueOf(base), "--data-dir", data.toString()));
        if (old != null) {
            others.add(old);
        }
    }

    /**
     * Asks a server with WHATSAT until its AT line for {@code client} is {@code expected} (the
     * flood may still be on its way), within a bound; returns the last AT line it gave.
     */
    private static String awaitKnown(InetSocketAddress server, String client, String expected) throws Exception {
        long deadline = System.nanoTime() + PROPAGATION_BOUND.toNanos();
        String last = null;
        try (LineClient c = new LineClient(server)) {
            while (System.nanoTime() < deadline) {
                last = c.askMultiLine("WHATSAT " + client + " 1 1").getFirst();
                if (expected.equals(last)) {
                    return last;
                }
                Thread.sleep(50);
            }
        }
        return Objects.requireNonNullElse(last, "(no answer)");
    }

    /** Five consecutive ports that are free now (the servers bind them a moment later). */
    private static int freeBasePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int i = 0; i < SERVERS.size(); i++) {
                    held.add(new ServerSocket(base + i, 1, InetAddress.getLoopbackAddress()));
                    // and the peer port, where the neighbours' links connect
                    held.add(new ServerSocket(base + 100 + i, 1, InetAddress.getLoopbackAddress()));
                }
                return base;
            } catch (IOException busy) {
                // try another range
            } finally {
                for (ServerSocket s : held) {
                    s.close();
                }
            }
        }
        throw new IOException("no five consecutive free ports found");
    }

    private record Location(double latitude, double longitude) {}

    private record Place(int id, String name, Location location) {}

    private static List<Place> shippedPlaces() throws IOException {
        Path file = Path.of(Objects.requireNonNull(System.getProperty("spindle.samples.places"),
                "system property spindle.samples.places (set by it/pom.xml)"));
        List<Place> places = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("#") || line.startsWith("id,") || line.isBlank()) {
                continue;
            }
            String[] f = line.split(",");
            places.add(new Place(Integer.parseInt(f[0]), f[1],
                    new Location(Double.parseDouble(f[2]), Double.parseDouble(f[3]))));
        }
        assertThat(places).hasSizeGreaterThan(100);
        return places;
    }

    private static double haversineKm(Location a, Location b) {
        double dPhi = Math.toRadians(b.latitude() - a.latitude());
        double dLambda = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.pow(Math.sin(dPhi / 2), 2)
                + Math.cos(Math.toRadians(a.latitude())) * Math.cos(Math.toRadians(b.latitude()))
                * Math.pow(Math.sin(dLambda / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
    }

    /** The answer lines the herd should give: within the radius, nearest first (ties by name), at most max. */
    private static List<String> expectedPlaces(List<Place> places, Location from, double radiusKm, int max) {
        record Hit(Place place, double km) {}
        return places.stream()
                .map(p -> new Hit(p, haversineKm(from, p.location())))
                .filter(h -> h.km() <= radiusKm)
                .sorted(Comparator.comparingDouble(Hit::km).thenComparing(h -> h.place().name()))
                .limit(max)
                .map(h -> String.format(Locale.ROOT, "%s %.3fkm %+.6f%+.6f",
                        h.place().name(), h.km(), h.place().location().latitude(), h.place().location().longitude()))
                .toList();
    }

    private static String now() {
        Instant t = Instant.now();
        return t.getEpochSecond() + "." + String.format(Locale.ROOT, "%09d", t.getNano());
    }
}
