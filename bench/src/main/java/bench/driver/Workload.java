package bench.driver;

import java.util.ArrayList;
import java.util.List;

/**
 * One network workload: what the load generator is asked to do.
 *
 * @param id the name used in raw results (for example {@code pingpong-100})
 * @param args the load generator's arguments for it
 * @param freshServer whether it needs a server that has run nothing else (idle memory)
 */
record Workload(String id, List<String> args, boolean freshServer) {

    /**
     * The TLS workloads: bulk on one connection, and full handshakes with 50 in flight. Their
     * warm-up may run on twice as long: the crypto code paths need the JIT before they are timed.
     */
    static List<Workload> tls(Settings settings) {
        return List.of(timed("tlsbulk", 1, settings, 2), timed("tlshandshake", 50, settings, 2));
    }

    /**
     * The AMP workload: {@code sum} calls, 100 in flight (10 connections with 10 each); each
     * answer sends the next call. Its warm-up may run on three times as long: Spindle's AMP path
     * (parser, dispatcher, Deferreds) needs the JIT before it is timed, and the JIT's CPU time
     * counts as the server's.
     */
    static List<Workload> amp(Settings settings) {
        return List.of(new Workload("ampsum-100",
                List.of("--workload", "ampsum", "--connections", "10", "--in-flight", "10",
                        "--warmup", Double.toString(settings.warmupSeconds()),
                        "--warmup-max", Double.toString(settings.warmupMaxSeconds() * 3),
                        "--duration", Double.toString(settings.durationSeconds())),
                false));
    }

    /**
     * The ten-lines workload: 100 connections, each sending a request line and waiting for its
     * ten 64-byte lines before the next ({@code lines10-100}, load generator workload {@code lines}).
     */
    static List<Workload> lines(Settings settings) {
        Workload timed = timed("lines", 100, settings, 1);
        return List.of(new Workload("lines10-100", timed.args(), false));
    }

    /** The plain TCP workloads. */
    static List<Workload> tcp(Settings settings) {
        List<Workload> workloads = new ArrayList<>();
        for (int connections : new int[] {1, 100, 1000}) {
            workloads.add(timed("pingpong", connections, settings, 1));
        }
        for (int connections : new int[] {1, 8}) {
            workloads.add(timed("bulk", connections, settings, 1));
        }
        workloads.add(timed("connrate", 50, settings, 1));
        workloads.add(new Workload(
                "idle-" + settings.idleConnections(),
                List.of("--workload", "idle", "--connections", Integer.toString(settings.idleConnections())),
                true));
        return workloads;
    }

    /**
     * A timed workload. Its warm-up lasts at least the settings' minimum and may run on, while a
     * JIT compiler is busy, up to the settings' maximum times {@code warmupFactor}.
     */
    private static Workload timed(String kind, int connections, Settings settings, double warmupFactor) {
        return new Workload(
                kind + "-" + connections,
                List.of("--workload", kind, "--connections", Integer.toString(connections),
                        "--warmup", Double.toString(settings.warmupSeconds()),
                        "--warmup-max", Double.toString(settings.warmupMaxSeconds() * warmupFactor),
                        "--duration", Double.toString(settings.durationSeconds())),
                false);
    }
}
