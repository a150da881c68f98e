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

    static List<Workload> all(Settings settings) {
        List<Workload> workloads = new ArrayList<>();
        for (int connections : new int[] {1, 100, 1000}) {
            workloads.add(timed("pingpong", connections, settings));
        }
        for (int connections : new int[] {1, 8}) {
            workloads.add(timed("bulk", connections, settings));
        }
        workloads.add(timed("connrate", 50, settings));
        workloads.add(new Workload(
                "idle-" + settings.idleConnections(),
                List.of("--workload", "idle", "--connections", Integer.toString(settings.idleConnections())),
                true));
        return workloads;
    }

    private static Workload timed(String kind, int connections, Settings settings) {
        return new Workload(
                kind + "-" + connections,
                List.of("--workload", kind, "--connections", Integer.toString(connections),
                        "--warmup", Double.toString(settings.warmupSeconds()),
                        "--duration", Double.toString(settings.durationSeconds())),
                false);
    }
}
