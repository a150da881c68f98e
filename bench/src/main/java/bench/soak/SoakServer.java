package bench.soak;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import net.dbapi.ConnectionPool;
import net.dbapi.ConnectionPoolOptions;
import net.dbapi.ConnectionSource;
import net.dbapi.PoolStats;
import net.protocols.basic.LineReceiver;
import net.protocols.tls.CertifiedKey;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSServerOptions;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorCounters;
import net.reactor.ReactorOptions;
import net.reactor.TurnTimeHistogram;
import net.threadpool.Blocking;

/**
 * The soak's server JVM: one reactor serving four ports on 127.0.0.1, announced on standard
 * output as {@code LISTENING echo=P line=P tls=P control=P}.
 * <ul>
 * <li><b>echo</b>: every byte written back.</li>
 * <li><b>line</b>: a {@link LineReceiver} answering one line per request, with work behind it:
 *     {@code ECHO text} answers {@code text}; {@code DB id} answers the row's value from H2 (in
 *     memory) through a {@link ConnectionPool} {@code runQuery}; {@code UPD id} bumps the row's
 *     hit count with {@code runOperation} and answers the update count; {@code TASK n} answers
 *     {@link SoakProtocol#taskAnswer(long)} computed on a virtual thread, through
 *     {@code deferToThread} for even {@code n} and {@code Blocking.spawn} (with a 1 ms sleep) for
 *     odd {@code n}.</li>
 * <li><b>tls</b>: echo over {@code TLS.listenSSL} (net.protocols.tls).</li>
 * <li><b>control</b>: {@code STATS} collects the garbage (on a virtual thread) and answers one
 *     line of {@code key=value} figures seen from inside: heap used after the collection, direct
 *     buffers, non-heap, live JVM threads, the reactor's counters and the p50/p99 of its turn
 *     times since the previous {@code STATS}, and the pool's stats.</li>
 * </ul>
 * Runs until SIGTERM.
 */
public final class SoakServer {

    private SoakServer() {}

    /**
     * Starts the server.
     *
     * @param args {@code KEYSTORE.p12 PASSWORD}: the TLS port's key
     * @throws SQLException if the H2 table cannot be made
     */
    public static void main(String[] args) throws SQLException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: SoakServer KEYSTORE.p12 PASSWORD");
        }
        String url = "jdbc:h2:mem:soak;DB_CLOSE_DELAY=-1";
        // A plain connection creates the table and stays open, so that the in-memory database lives.
        Connection keeper = DriverManager.getConnection(url);
        createTable(keeper);

        Reactor reactor = Reactor.create(ReactorOptions.defaults().withName("soak").withInstallSignalHandlers(true));
        ConnectionPool pool = ConnectionPool.create(reactor, ConnectionSource.url(url),
                ConnectionPoolOptions.defaults().withMaxConnections(8));
        TLSServerOptions tls = TLSServerOptions.of(CertifiedKey.fromPkcs12(Path.of(args[0]), args[1].toCharArray()));
        Stats stats = new Stats(reactor, pool);

        ListeningPort echo = reactor.listenTCP(0, Factory.forProtocol(Echo::new), 1024, "127.0.0.1");
        ListeningPort line = reactor.listenTCP(0, Factory.forProtocol(() -> new Lines(reactor, pool)), 1024,
                "127.0.0.1");
        ListeningPort tlsPort = TLS.listenSSL(reactor, 0, Factory.forProtocol(Echo::new), tls, 1024, "127.0.0.1");
        ListeningPort control = reactor.listenTCP(0, Factory.forProtocol(() -> new Control(reactor, stats)), 16,
                "127.0.0.1");
        reactor.callWhenRunning(() -> {
            System.out.println("LISTENING echo=" + port(echo) + " line=" + port(line) + " tls=" + port(tlsPort)
                    + " control=" + port(control));
            System.out.flush();
        });
        reactor.run();
        keeper.close();
    }

    private static int port(ListeningPort listening) {
        return ((IPv4Address) listening.getHost()).port();
    }

    private static void createTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE soak (id INT PRIMARY KEY, v BIGINT NOT NULL, hits BIGINT NOT NULL)");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO soak VALUES (?, ?, 0)")) {
            for (int id = 0; id < SoakProtocol.ROWS; id++) {
                insert.setInt(1, id);
                insert.setLong(2, SoakProtocol.rowValue(id));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Twisted's Echo. */
    private static final class Echo extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            transport().write(data);
        }
    }

    /** The line protocol: one answer per line, some from the database, some from virtual threads. */
    private static final class Lines extends LineReceiver {
        private final Reactor reactor;
        private final ConnectionPool pool;

        Lines(Reactor reactor, ConnectionPool pool) {
            this.reactor = reactor;
            this.pool = pool;
        }

        @Override
        protected void lineReceived(byte[] bytes) {
            String line = new String(bytes, StandardCharsets.US_ASCII);
            int space = line.indexOf(' ');
            String verb = space < 0 ? line : line.substring(0, space);
            String rest = space < 0 ? "" : line.substring(space + 1);
            switch (verb) {
                case "ECHO" -> answer(rest);
                case "DB" -> pool.runQuery("SELECT v FROM soak WHERE id = ?", Integer.parseInt(rest))
                        .addCallback(rows -> answer(Long.toString(rows.get(0).getLong(0))))
                        .addErrback(failure -> answer("ERROR " + failure.value()));
                case "UPD" -> pool.runOperation("UPDATE soak SET hits = hits + 1 WHERE id = ?", Integer.parseInt(rest))
                        .addCallback(count -> answer(Integer.toString(count)))
                        .addErrback(failure -> answer("ERROR " + failure.value()));
                case "TASK" -> {
                    long n = Long.parseLong(rest);
                    var result = n % 2 == 0
                            ? reactor.deferToThread(() -> SoakProtocol.taskAnswer(n))
                            : Blocking.spawn(reactor, () -> {
                                Thread.sleep(1);
                                return SoakProtocol.taskAnswer(n);
                            });
                    result.addCallback(value -> answer(Long.toString(value)))
                            .addErrback(failure -> answer("ERROR " + failure.value()));
                }
                default -> answer("ERROR unknown " + verb);
            }
        }

        private @org.jspecify.annotations.Nullable Void answer(String text) {
            // After the connection is lost a late answer is dropped by the transport.
            sendLine(text.getBytes(StandardCharsets.US_ASCII));
            return null;
        }
    }

    /** The control port: {@code STATS} answers the inside figures. */
    private static final class Control extends LineReceiver {
        private final Reactor reactor;
        private final Stats stats;

        Control(Reactor reactor, Stats stats) {
            this.reactor = reactor;
            this.stats = stats;
        }

        @Override
        protected void lineReceived(byte[] bytes) {
            if (!"STATS".equals(new String(bytes, StandardCharsets.US_ASCII))) {
                sendLine("ERROR unknown".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            // The collection runs off the loop; the answer is assembled back on the reactor thread.
            reactor.deferToThread(Stats::collectAndMeasureHeap)
                    .addCallback(heap -> {
                        sendLine(stats.line(heap).getBytes(StandardCharsets.US_ASCII));
                        return null;
                    });
        }
    }

    /** The inside figures; {@link #line} is called on the reactor thread only. */
    private static final class Stats {
        private final Reactor reactor;
        private final ConnectionPool pool;
        private TurnTimeHistogram previousTurns = TurnTimeHistogram.empty();

        Stats(Reactor reactor, ConnectionPool pool) {
            this.reactor = reactor;
            this.pool = pool;
        }

        static long collectAndMeasureHeap() {
            System.gc();
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        String line(long heapAfterGc) {
            ReactorCounters counters = reactor.counters();
            long[] turns = counters.turnTimes().counts();
            long[] before = previousTurns.counts();
            previousTurns = counters.turnTimes();
            long total = 0;
            for (int i = 0; i < turns.length; i++) {
                turns[i] -= before[i];
                total += turns[i];
            }
            long direct = 0;
            for (BufferPoolMXBean buffers : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
                if (buffers.getName().equals("direct")) {
                    direct = buffers.getMemoryUsed();
                }
            }
            PoolStats p = pool.stats();
            return String.format(Locale.ROOT,
                    "heap=%d direct=%d nonheap=%d jvmThreads=%d open=%d accepted=%d closed=%d read=%d written=%d"
                            + " turns=%d p50us=%d p99us=%d queued=%d timers=%d poolOpen=%d poolBusy=%d poolWaiting=%d"
                            + " poolOk=%d poolFailed=%d",
                    heapAfterGc, direct, ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed(),
                    ManagementFactory.getThreadMXBean().getThreadCount(), counters.connectionsOpen(),
                    counters.connectionsAccepted(), counters.connectionsClosed(), counters.bytesRead(),
                    counters.bytesWritten(), total, quantileMicros(turns, total, 0.50),
                    quantileMicros(turns, total, 0.99), counters.callFromThreadQueued(),
                    counters.delayedCallsPending(), p.openConnections(), p.busyConnections(), p.waitingCalls(),
                    p.succeededCalls(), p.failedCalls());
        }

        /** The upper bound, in microseconds, of the bucket holding the q-quantile; -1 if no turns. */
        static long quantileMicros(long[] buckets, long total, double q) {
            if (total == 0) {
                return -1;
            }
            long rank = (long) Math.ceil(q * total);
            long seen = 0;
            for (int i = 0; i < buckets.length; i++) {
                seen += buckets[i];
                if (seen >= rank) {
                    return i == TurnTimeHistogram.BUCKETS - 1 ? 2L * TurnTimeHistogram.upperBound(i - 1).toNanos() / 1000
                            : TurnTimeHistogram.upperBound(i).toNanos() / 1000;
                }
            }
            return -1;
        }
    }
}
