package spindle.samples.metrics;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import net.dbapi.ConnectionPool;
import net.dbapi.ConnectionPoolOptions;
import net.dbapi.ConnectionSource;
import net.reactor.Factory;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorGroup;
import net.reactor.ReactorTCP;
import net.protocols.web.Render;
import net.protocols.web.Request;
import net.protocols.web.Resource;
import net.protocols.web.Site;
import org.jspecify.annotations.Nullable;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;

/**
 * The metrics sample ({@code samples/run metrics}): an echo server and a connection pool on one
 * reactor, and on a second reactor an HTTP {@link Site} that serves both reactors' counters and
 * the pool's stats as Prometheus text at {@code GET /metrics}, through {@link SpindleMetrics} and
 * Micrometer's {@link PrometheusMeterRegistry}.
 *
 * <p>So that the pool's meters move, every echo connection that ends is recorded through the pool
 * ({@code INSERT INTO echo_sessions}), and {@code GET /sessions} reads the totals back through it.
 * The database is an in-memory H2 unless {@code --jdbc} names another.
 *
 * <p>Threads: the echo server runs on reactor {@code metrics-0}, the HTTP site on
 * {@code metrics-1} (a {@link ReactorGroup} of two, so one Ctrl-C stops both). A scrape is
 * rendered on a virtual thread ({@code deferToThread}), which reads the counters: neither
 * reactor runs Micrometer code, and a slow scrape delays no echo.
 */
public final class MetricsSample {
    private static final String USAGE = """
            usage: samples/run metrics [--port P] [--metrics-port Q] [--interface HOST] [--jdbc URL]
              --port P          port of the echo server (default 8129; 0 picks a free one)
              --metrics-port Q  port of the HTTP server with GET /metrics and GET /sessions
                                (default 9464; 0 picks a free one)
              --interface HOST  address both listen on (default 127.0.0.1)
              --jdbc URL        the database the pool uses (default an in-memory H2 database)
            try: curl -s http://127.0.0.1:9464/metrics | grep '^spindle_'""";

    /** Prometheus's text format, the default answer. */
    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    /** OpenMetrics, for a client that asks for it (Prometheus itself does). */
    static final String OPENMETRICS_FORMAT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private static final System.Logger LOG = System.getLogger(MetricsSample.class.getName());
    private static final String DEFAULT_JDBC = "jdbc:h2:mem:spindle-metrics;DB_CLOSE_DELAY=-1";

    private MetricsSample() {}

    /**
     * Runs the echo server and the metrics site until SIGINT or SIGTERM. Called on the main thread.
     *
     * @param args the command-line options (see {@code --help})
     * @return the exit status: 0 after a clean stop, 1 if the table could not be created
     * @throws spindle.samples.support.UsageException if the options are not understood
     */
    public static int run(String[] args) {
        Options options = new Options(args);
        if (options.help()) {
            System.out.println(USAGE);
            return 0;
        }
        int port = options.port("--port", 8129);
        int metricsPort = options.port("--metrics-port", 9464);
        String host = options.value("--interface", Programs.DEFAULT_INTERFACE);
        String jdbc = options.value("--jdbc", DEFAULT_JDBC);
        options.finish();

        ReactorGroup group = Programs.group("metrics", 2);
        Reactor echoReactor = group.member(0);
        Reactor webReactor = group.member(1);
        // One pool for the group: the echo protocols call it on metrics-0, /sessions on metrics-1.
        ConnectionPool pool = ConnectionPool.create(group, ConnectionSource.url(jdbc),
                ConnectionPoolOptions.defaults().withName("echo-db"));

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SpindleMetrics.bindTo(registry, echoReactor, "echo", pool);
        // The site's own reactor too: the same meters, told apart by the reactor tag.
        SpindleMetrics.bindReactor(registry, webReactor, Tags.of("reactor", "web"));

        Resource root = new Resource();
        root.putChild("metrics", new MetricsResource(webReactor, registry));
        root.putChild("sessions", new SessionsResource(pool));
        ListeningPort echo = echoReactor.listenTCP(port, Factory.forProtocol(() -> new RecordingEcho(pool)),
                ReactorTCP.DEFAULT_BACKLOG, host);
        ListeningPort web = webReactor.listenTCP(metricsPort, new Site(root, webReactor), ReactorTCP.DEFAULT_BACKLOG,
                host);
        // Read on this thread, before the reactors run: the announcement below runs on metrics-0.
        String echoAt = Programs.hostPort(echo.getHost());
        String webAt = Programs.hostPort(web.getHost());

        AtomicBoolean failed = new AtomicBoolean();
        // The table first, through the pool (its first call); then the servers are announced.
        echoReactor.callWhenRunning(() -> pool
                .runOperation("CREATE TABLE IF NOT EXISTS echo_sessions(bytes BIGINT NOT NULL)")
                .addCallback(n -> {
                    System.out.println("listening on " + echoAt + " (echo)");
                    System.out.println("listening on " + webAt + " (metrics: http://" + webAt + "/metrics)");
                    System.out.flush();
                    return n;
                })
                .addErrback(failure -> {
                    LOG.log(System.Logger.Level.ERROR, "cannot create the echo_sessions table; stopping",
                            failure.value());
                    failed.set(true);
                    group.stop();
                    return null;
                }));
        group.run();
        return failed.get() ? 1 : 0;
    }

    /** Echoes every byte; when the connection ends, records how many it echoed through the pool. */
    private static final class RecordingEcho extends Protocol {
        private final ConnectionPool pool;
        private long bytes;

        RecordingEcho(ConnectionPool pool) {
            this.pool = pool;
        }

        @Override
        public void dataReceived(byte[] data) {
            bytes += data.length;
            transport().write(data);
        }

        @Override
        public void connectionLost(Throwable reason) {
            pool.runOperation("INSERT INTO echo_sessions(bytes) VALUES (?)", bytes)
                    .addErrback(failure -> {
                        // At shutdown the pool closes first: a session ending then is not recorded.
                        LOG.log(System.Logger.Level.DEBUG, "echo session not recorded: {0}", failure.value());
                        return null;
                    });
        }
    }

    /**
     * {@code GET /metrics}: the registry's scrape, rendered on a virtual thread. Prometheus text,
     * or OpenMetrics when the {@code Accept} field asks for it.
     */
    private static final class MetricsResource extends Resource {
        private final Reactor reactor;
        private final PrometheusMeterRegistry registry;

        MetricsResource(Reactor reactor, PrometheusMeterRegistry registry) {
            this.reactor = reactor;
            this.registry = registry;
        }

        @Override
        protected Render renderGET(Request request) {
            String contentType = contentType(request.getHeader("accept"));
            request.setHeader("Content-Type", contentType);
            // The gauges read counters() and stats() on this virtual thread, never on a reactor's.
            return Render.later(reactor.deferToThread(() -> registry.scrape(contentType))
                    .addCallback(text -> text.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public Set<String> allowedMethods() {
            return Set.of("GET", "HEAD");
        }
    }

    /**
     * The format to answer an {@code Accept} field with.
     *
     * @param accept the field, or null
     * @return {@link #OPENMETRICS_FORMAT} if it names OpenMetrics, else {@link #TEXT_FORMAT}
     */
    static String contentType(@Nullable String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
                ? OPENMETRICS_FORMAT : TEXT_FORMAT;
    }

    /** {@code GET /sessions}: the echo sessions recorded so far, read through the pool. */
    private static final class SessionsResource extends Resource {
        private final ConnectionPool pool;

        SessionsResource(ConnectionPool pool) {
            this.pool = pool;
        }

        @Override
        protected Render renderGET(Request request) {
            request.setHeader("Content-Type", "text/plain; charset=utf-8");
            return Render.later(pool.runQuery("SELECT COUNT(*), COALESCE(SUM(bytes), 0) FROM echo_sessions")
                    .addCallback(rows -> ("sessions " + rows.getFirst().getLong(0) + " bytes "
                            + rows.getFirst().getLong(1) + "\n").getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public Set<String> allowedMethods() {
            return Set.of("GET", "HEAD");
        }
    }
}
