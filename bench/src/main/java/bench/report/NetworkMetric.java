package bench.report;

import java.util.List;
import java.util.Map;

/**
 * One figure of a network workload as the table shows it.
 *
 * @param kind the workload kind (the part of the workload id before the dash)
 * @param metric the raw metric name
 * @param label its name in the table
 * @param higherIsBetter whether a larger value is better
 * @param scale the factor from the raw value to the shown one
 * @param targets the goal for Spindle ÷ a peer, by the peer's id (issue 9's targets)
 * @param charted whether the chart shows it
 */
record NetworkMetric(
        String kind,
        String metric,
        String label,
        boolean higherIsBetter,
        double scale,
        Map<String, Double> targets,
        boolean charted) {

    private static final Map<String, Double> ECHO_TARGETS = Map.of("nio", 0.92, "netty-nio", 1.05);

    static final List<NetworkMetric> ALL = List.of(
            new NetworkMetric("pingpong", "ops_per_server_cpu_s", "msg per server CPU-second", true, 1, ECHO_TARGETS, true),
            new NetworkMetric("pingpong", "ops_per_s", "msg/s", true, 1, Map.of(), false),
            new NetworkMetric("pingpong", "p50_us", "p50 round trip (µs)", false, 1, Map.of(), false),
            new NetworkMetric("pingpong", "p99_us", "p99 round trip (µs)", false, 1, Map.of(), false),
            new NetworkMetric("bulk", "mb_per_s", "MB/s", true, 1, Map.of("nio", 0.95), true),
            new NetworkMetric("bulk", "mb_per_server_cpu_s", "MB per server CPU-second", true, 1, Map.of(), false),
            new NetworkMetric("connrate", "ops_per_server_cpu_s", "conn per server CPU-second", true, 1, ECHO_TARGETS, true),
            new NetworkMetric("connrate", "ops_per_s", "conn/s", true, 1, Map.of(), false),
            new NetworkMetric("idle", "bytes_per_connection", "KB per idle connection (heap + native)", false,
                    1 / 1024.0, Map.of(), true),
            new NetworkMetric("idle", "heap_bytes_per_connection", "of which Java heap, KB", false, 1 / 1024.0,
                    Map.of(), false),
            new NetworkMetric("idle", "native_bytes_per_connection", "of which outside the heap, KB", false,
                    1 / 1024.0, Map.of(), false),
            new NetworkMetric("tlsbulk", "mb_per_s", "MB/s", true, 1, Map.of("netty-tls", 0.8), true),
            new NetworkMetric("tlsbulk", "mb_per_server_cpu_s", "MB per server CPU-second", true, 1, Map.of(), true),
            new NetworkMetric("tlshandshake", "ops_per_s", "handshakes/s", true, 1, Map.of(), false),
            new NetworkMetric("tlshandshake", "ops_per_server_cpu_s", "handshakes per server CPU-second", true, 1,
                    Map.of(), true),
            new NetworkMetric("tlshandshake", "p99_us", "p99 connect-to-echo (µs)", false, 1, Map.of(), false),
            new NetworkMetric("ampsum", "ops_per_server_cpu_s", "calls per server CPU-second", true, 1,
                    Map.of("twisted-amp", 10.0), true),
            new NetworkMetric("ampsum", "ops_per_s", "calls/s", true, 1, Map.of(), false),
            new NetworkMetric("lines10", "ops_per_server_cpu_s", "requests per server CPU-second", true, 1,
                    Map.of(), true),
            new NetworkMetric("lines10", "ops_per_s", "requests/s", true, 1, Map.of(), false),
            new NetworkMetric("lines10", "p99_us", "p99 request to tenth line (µs)", false, 1, Map.of(), false));

    /** The absolute goal for Spindle's idle memory per connection, in KB. */
    static final double IDLE_TARGET_KB = 2.0;
}
