package spindle.samples.herd;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import net.dbapi.ConnectionPool;
import net.dbapi.ConnectionPoolOptions;
import net.dbapi.ConnectionSource;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorGroup;
import net.reactor.SystemEvent;
import net.reactor.TriggerPhase;
import org.jspecify.annotations.Nullable;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;
import spindle.samples.support.UsageException;

/**
 * The proxy herd ({@code samples/run herd}, and the README's first command): five line-based
 * servers, Alford, Ball, Hamilton, Holiday and Welsh, on consecutive ports, linked by
 * reconnecting clients, answering {@code IAMAT}, {@code AT} and {@code WHATSAT} with places from
 * a database reached through a connection pool.
 *
 * <p>By default all five run in this process on one reactor, a scripted client session shows
 * them at work, and they serve until Ctrl-C. {@code --demo} plays the script and exits;
 * {@code --only NAME} runs one server (its neighbours run in other processes). The places come
 * from an embedded H2 database seeded on first start from the SYNTHETIC data set shipped with
 * the samples; {@code --jdbc URL} points at another database (PostgreSQL, say), seeded the same
 * way if its {@code places} table is empty.
 */
public final class HerdMain {
    private static final System.Logger LOG = System.getLogger("spindle.samples.herd");
    private static final String USAGE = """
            usage: samples/run herd [--base-port N] [--interface HOST] [--only NAME] [--demo | --no-script]
                                    [--jdbc URL] [--data-dir DIR] [--reactors N]
              --base-port N     Alford's port; Ball, Hamilton, Holiday and Welsh take the next four
                                (default 12000; 0 gives each a free port, all five in one process only).
                                Each server also listens on its port + 100 (12100-12104) for its
                                neighbours' links, the only port that accepts PEER and AT: keep those
                                ports reachable by the herd's servers only
              --interface HOST  address to listen on (default 127.0.0.1)
              --only NAME       run just this server; its neighbours are other processes
              --demo            play the scripted session, then exit (0 if the herd behaved)
              --no-script       serve without playing the scripted session first
              --jdbc URL        the places database (default: embedded H2 in the data directory)
              --data-dir DIR    where the embedded H2 database lives (default: $spindle.samples.data,
                                else ./spindle-data)
              --reactors N      run the servers on a group of N reactors (server i on reactor i mod N),
                                sharing one connection pool (default 1)
            Talk to a server with nc 127.0.0.1 12000 (or telnet): IAMAT, WHATSAT, one command per line.""";

    private HerdMain() {}

    /**
     * Runs the herd until SIGINT or SIGTERM (or, with {@code --demo}, until the script ends).
     *
     * @param args the command-line options (see {@code --help})
     * @return the exit status: 0 after a clean stop or a successful demo, 1 if the demo failed
     * @throws UsageException if the options are not understood
     * @throws SQLException if the places database cannot be prepared
     * @throws IOException if the data directory cannot be created
     */
    public static int run(String[] args) throws SQLException, IOException {
        Options options = new Options(args);
        if (options.help()) {
            System.out.println(USAGE);
            return 0;
        }
        int basePort = options.port("--base-port", Topology.DEFAULT_BASE_PORT);
        String host = options.value("--interface", Programs.DEFAULT_INTERFACE);
        String onlyName = options.valueOrNull("--only");
        boolean demo = options.flag("--demo");
        boolean noScript = options.flag("--no-script");
        String jdbc = options.valueOrNull("--jdbc");
        Path dataDir = Path.of(options.value("--data-dir", System.getProperty("spindle.samples.data", "spindle-data")));
        int reactors = options.intValue("--reactors", 1);
        options.finish();
        if (reactors < 1) {
            throw new UsageException("--reactors needs at least 1, not " + reactors);
        }

        String only = onlyName == null ? null : serverNamed(onlyName);
        if (only != null) {
            if (demo) {
                throw new UsageException("--demo needs the whole herd in one process: drop --only");
            }
            if (basePort == 0) {
                throw new UsageException("--only needs a fixed --base-port, so the servers can find each other");
            }
        }
        if (demo && noScript) {
            throw new UsageException("--demo plays the script: drop --no-script");
        }
        if (basePort + Topology.PEER_PORT_OFFSET + Topology.SERVERS.size() - 1 > 65535) {
            throw new UsageException("--base-port leaves no room for five ports and their peer ports (+"
                    + Topology.PEER_PORT_OFFSET + "): " + basePort);
        }
        List<String> local = only == null ? Topology.SERVERS : List.of(only);

        String url = jdbc != null ? jdbc : embeddedUrl(dataDir, only);
        List<Place> data = PlacesData.load();
        int inserted = PlacesData.seed(url, data);
        LOG.log(Level.INFO, inserted > 0
                ? "places: seeded " + inserted + " synthetic places into " + redacted(url)
                : "places: using the places already in " + redacted(url));

        String reactorName = only == null ? "herd" : "herd-" + only.toLowerCase(Locale.ROOT);
        // With --reactors N: a group whose member 0 owns the pool, the signals and the script.
        ReactorGroup group = reactors > 1 ? Programs.group(reactorName, reactors) : null;
        Reactor reactor = group != null ? group.member(0) : Programs.reactor(reactorName);
        // The pool starts with the reactor and closes when it shuts down (Ctrl-C included).
        ConnectionPoolOptions poolOptions = ConnectionPoolOptions.defaults().withName("places").withMaxConnections(4);
        ConnectionPool pool = group != null
                ? ConnectionPool.create(group, ConnectionSource.url(url), poolOptions)
                : ConnectionPool.create(reactor, ConnectionSource.url(url), poolOptions);
        reactor.addSystemEventTrigger(TriggerPhase.AFTER, SystemEvent.SHUTDOWN, () -> LOG.log(Level.INFO,
                "places: connection pool " + (pool.isClosed() ? "closed: " : "still open: ") + pool.stats()));
        Function<String, Reactor> placement = group == null ? name -> reactor
                : name -> group.member(Topology.SERVERS.indexOf(name) % reactors);
        Herd herd = new Herd(placement, new PooledPlacesStore(pool), InstantSource.system(), host, basePort, local);
        Runnable stop = group != null ? group::stop : reactor::stop;
        herd.start();

        AtomicInteger status = new AtomicInteger();
        reactor.callWhenRunning(() -> {
            announce(herd, only != null);
            if (only == null && !noScript) {
                Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
                herd.listening().forEach((name, port) -> addresses.put(name,
                        new InetSocketAddress(Herd.dialable(host), Programs.port(port.getHost()))));
                String database = jdbc != null ? redacted(jdbc)
                        : data.size() + " SYNTHETIC places in embedded H2 (" + shortPath(dataDir.resolve("herd.mv.db")) + ")";
                Thread.ofVirtual().name("herd-demo")
                        .start(() -> playScript(stop, herd, addresses, database, reactors, demo, status));
            }
        });
        if (group != null) {
            group.run();
        } else {
            reactor.run();
        }
        return status.get();
    }

    /** The URL without its password, for logs and the transcript. */
    private static String redacted(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** The path relative to the working directory when it lies below it: shorter to read. */
    private static String shortPath(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }

    private static String serverNamed(String name) {
        String server = Topology.canonical(name);
        if (server == null) {
            throw new UsageException("--only takes one of " + String.join(", ", Topology.SERVERS) + ", not " + name);
        }
        return server;
    }

    private static String embeddedUrl(Path dataDir, @Nullable String only) throws IOException {
        Files.createDirectories(dataDir);
        String file = only == null ? "herd" : "herd-" + only.toLowerCase(Locale.ROOT);
        // The pool closes the database at shutdown; H2's own exit hook would race it.
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(file) + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    private static void announce(Herd herd, boolean single) {
        PrintStream out = System.out;
        for (Map.Entry<String, ListeningPort> e : herd.listening().entrySet()) {
            String peers = Programs.hostPort(herd.peerListening().get(e.getKey()).getHost());
            if (single) {
                Programs.announce(e.getValue());
                out.println("peer port " + peers + " (for the links of " + String.join(", ", Topology.neighbours(e.getKey()))
                        + ")");
            } else {
                out.println("listening on " + Programs.hostPort(e.getValue().getHost()) + " (" + e.getKey() + ", linked to "
                        + String.join(", ", Topology.neighbours(e.getKey())) + "; peer port " + peers + ")");
            }
        }
        out.flush();
    }

    /** On the demo thread: waits for the links, plays the script, then stops (--demo) or invites the user in. */
    private static void playScript(Runnable stop, Herd herd, Map<String, InetSocketAddress> addresses, String database,
            int reactors, boolean demo, AtomicInteger status) {
        PrintStream out = System.out;
        try (HerdDemo script = new HerdDemo(addresses, database, reactors, out)) {
            herd.allLinksUp().get(30, TimeUnit.SECONDS);
            script.play();
            if (demo) {
                out.println("(Without --demo the herd keeps serving after the script, and you can talk to it with nc.)");
            } else {
                InetSocketAddress alford = addresses.get("Alford");
                String target = alford.getHostString() + " " + alford.getPort();
                out.println("The herd keeps serving; Ctrl-C stops it. Talk to any server with nc (or telnet):");
                out.println("   nc " + target);
                out.println("   IAMAT my.laptop +34.068930-118.445127 " + HerdDemo.now());
                out.println("   WHATSAT my.laptop 5 10");
                out.println("(IAMAT takes your name, ISO 6709 coordinates and the POSIX time, e.g. from date +%s.%N;");
                out.println(" WHATSAT a radius in km, up to 50, and how many places, up to 20.)");
                out.flush();
            }
        } catch (Exception e) {
            System.err.println("herd demo failed: " + e);
            status.set(1);
            if (!demo) {
                stop.run();
            }
        }
        if (demo) {
            stop.run();
        }
    }
}
