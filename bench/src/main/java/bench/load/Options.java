package bench.load;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one load-generator run does, parsed from {@code --name value} arguments.
 *
 * @param workload pingpong, bulk, connrate, idle or check
 * @param server the echo server's address
 * @param serverPid the server process, whose CPU time and memory are read from /proc (0: none)
 * @param connections concurrent connections (ping-pong, bulk, idle) or connections in flight (connrate)
 * @param messageSize bytes per ping-pong or connrate message
 * @param warmupNanos load before the timed window
 * @param durationNanos the timed window
 * @param bulkWindow bytes each bulk connection may have sent and not yet received back
 * @param keyStore the PKCS#12 store whose certificate TLS workloads trust, or null
 * @param password its password
 * @param inFlight AMP calls each connection keeps unanswered ({@code ampsum})
 * @param warmupMaxNanos how long the warm-up may run on while a JIT compiler (the server's or the
 *     load generator's) is still busy ({@code --warmup-max}, seconds; never less than the warm-up)
 */
record Options(
        String workload,
        InetSocketAddress server,
        long serverPid,
        int connections,
        int messageSize,
        long warmupNanos,
        long durationNanos,
        int bulkWindow,
        @Nullable String keyStore,
        String password,
        int inFlight,
        long warmupMaxNanos) {

    static Options parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        String workload = require(values, "workload");
        int port = Integer.parseInt(require(values, "port"));
        long warmup = seconds(values.getOrDefault("warmup", "1"));
        return new Options(
                workload,
                new InetSocketAddress(values.getOrDefault("host", "127.0.0.1"), port),
                Long.parseLong(values.getOrDefault("server-pid", "0")),
                Integer.parseInt(values.getOrDefault("connections", "1")),
                Integer.parseInt(values.getOrDefault("size", "64")),
                warmup,
                seconds(values.getOrDefault("duration", "2")),
                Integer.parseInt(values.getOrDefault("window", String.valueOf(256 * 1024))),
                values.get("keystore"),
                values.getOrDefault("password", ""),
                Integer.parseInt(values.getOrDefault("in-flight", "1")),
                Math.max(warmup, values.containsKey("warmup-max") ? seconds(values.get("warmup-max")) : 0));
    }

    private static String require(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    private static long seconds(String value) {
        return (long) (Double.parseDouble(value) * 1e9);
    }
}
