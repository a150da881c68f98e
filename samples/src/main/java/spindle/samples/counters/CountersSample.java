package spindle.samples.counters;

import java.io.PrintStream;
import java.time.Duration;
import net.reactor.Address;
import net.reactor.DatagramProtocol;
import net.reactor.Factory;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorCounters;
import net.reactor.ReactorTCP;
import net.reactor.SystemEvent;
import net.reactor.TriggerPhase;
import net.reactor.ReactorUDP;
import net.reactor.TurnTimeHistogram;
import net.reactor.UDPTransport;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;

/**
 * The counters sample ({@code samples/run counters}): an echo server, over TCP and over UDP on the
 * same port number, whose reactor counters are printed every few seconds by an exporter thread,
 * the way a metrics bridge (Micrometer's gauges, a Prometheus scrape) would read them: from its
 * own thread, as an immutable snapshot.
 *
 * <p>A line looks like {@code open=2 accepted=10 closed=8 in=4100 B/s out=4100 B/s datagrams
 * in=12/s out=12/s dropped=0 queued=0 timers=0 turns=1520/s p50<16us p99<64us max<256us}: the
 * rates are the difference between two snapshots ({@code in}/{@code out} the stream bytes, the
 * datagram rates the UDP port's datagrams, {@code dropped} the datagrams dropped on write in
 * total), the turn-time figures the upper bounds of histogram buckets.
 */
public final class CountersSample {
    private static final String USAGE = """
            usage: samples/run counters [--port P] [--interface HOST] [--every SECONDS]
              --port P          port of the echo server, TCP and UDP (default 8128; 0 picks a free one)
              --interface HOST  address to listen on (default 127.0.0.1)
              --every SECONDS   how often the counters are printed (default 5)""";

    private CountersSample() {}

    /** Sends every byte back. */
    private static final class Echo extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            transport().write(data);
        }
    }

    /** Sends every datagram back to its sender (a full send buffer drops it, as UDP may). */
    private static final class DatagramEcho extends DatagramProtocol {
        @Override
        public void datagramReceived(byte[] data, Address from) {
            transport().write(data, from);
        }
    }

    /**
     * Runs the echo server and the printer until SIGINT or SIGTERM.
     *
     * @param args the command-line options (see {@code --help})
     * @return the exit status: 0 after a clean stop
     * @throws spindle.samples.support.UsageException if the options are not understood
     */
    public static int run(String[] args) {
        Options options = new Options(args);
        if (options.help()) {
            System.out.println(USAGE);
            return 0;
        }
        int port = options.port("--port", 8128);
        String host = options.value("--interface", Programs.DEFAULT_INTERFACE);
        int every = Math.max(1, options.intValue("--every", 5));
        options.finish();

        Reactor reactor = Programs.reactor("counters");
        ListeningPort listening = reactor.listenTCP(port, Factory.forProtocol(Echo::new), ReactorTCP.DEFAULT_BACKLOG,
                host);
        // The same number for UDP (the one picked for TCP when --port 0).
        UDPTransport datagrams = reactor.listenUDP(Programs.port(listening.getHost()), new DatagramEcho(), host,
                ReactorUDP.MAX_UDP_PAYLOAD);
        // The exporter: its own thread reads snapshots; nothing runs on the reactor thread for it.
        Thread printer = Thread.ofPlatform().daemon().name("counters-printer")
                .unstarted(() -> print(reactor, Duration.ofSeconds(every), System.out));
        reactor.callWhenRunning(() -> {
            Programs.announce(listening);
            Programs.announce(datagrams);
            printer.start();
        });
        reactor.addSystemEventTrigger(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, printer::interrupt);
        reactor.run();
        return 0;
    }

    private static void print(Reactor reactor, Duration every, PrintStream out) {
        ReactorCounters last = reactor.counters();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            ReactorCounters now = reactor.counters();
            out.println(line(last, now, every));
            last = now;
        }
    }

    /**
     * One line describing the interval between two snapshots.
     *
     * @param before the earlier snapshot
     * @param after the later one
     * @param interval the time between them
     * @return the line
     */
    static String line(ReactorCounters before, ReactorCounters after, Duration interval) {
        double seconds = interval.toNanos() / 1e9;
        long[] turns = after.turnTimes().counts();
        long[] earlier = before.turnTimes().counts();
        long total = 0;
        for (int i = 0; i < turns.length; i++) {
            turns[i] -= earlier[i];
            total += turns[i];
        }
        return String.format("open=%d accepted=%d closed=%d in=%.0f B/s out=%.0f B/s datagrams in=%.0f/s out=%.0f/s"
                        + " dropped=%d queued=%d timers=%d turns=%.0f/s p50%s p99%s max%s",
                after.connectionsOpen(), after.connectionsAccepted(), after.connectionsClosed(),
                (after.bytesRead() - before.bytesRead()) / seconds,
                (after.bytesWritten() - before.bytesWritten()) / seconds,
                (after.datagramsReceived() - before.datagramsReceived()) / seconds,
                (after.datagramsSent() - before.datagramsSent()) / seconds,
                after.datagramsDropped(), after.callFromThreadQueued(), after.delayedCallsPending(), total / seconds,
                quantile(turns, total, 0.50), quantile(turns, total, 0.99), quantile(turns, total, 1.0));
    }

    /** The upper bound of the bucket holding the q-quantile of the turns, as "<16us". */
    private static String quantile(long[] buckets, long total, double q) {
        if (total == 0) {
            return "=n/a";
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                return i == TurnTimeHistogram.BUCKETS - 1 ? ">=1s"
                        : "<" + TurnTimeHistogram.upperBound(i).toNanos() / 1000 + "us";
            }
        }
        return "=n/a";
    }
}
