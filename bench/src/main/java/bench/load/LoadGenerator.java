package bench.load;

/**
 * The load generator, run in its own JVM by the driver: one thread, java.nio, many connections
 * per selector, buffers allocated once. It runs one workload against one echo server and prints
 * one {@code RESULT name=value ...} line; on failure it prints the reason on standard error and
 * exits with status 2.
 *
 * <p>Workloads ({@code --workload}): {@code check} (content check), {@code pingpong},
 * {@code bulk}, {@code connrate}, {@code idle}, and over TLS {@code tlscheck}, {@code tlsbulk},
 * {@code tlshandshake}, {@code tlslatency} (see {@link TlsHandshakeLatency}) (with {@code --keystore} and {@code --password}, the PKCS#12 store whose
 * certificate the client trusts), over UDP {@code udpcheck} and {@code udpecho}, and against an
 * AMP server {@code ampcheck} and {@code ampsum} ({@code --in-flight}: calls each connection keeps
 * unanswered), against a ten-lines server {@code linescheck} and {@code lines}. Other options: {@code --port}, {@code --host},
 * {@code --server-pid} (for CPU time and memory), {@code --connections}, {@code --size},
 * {@code --warmup} and {@code --duration} (seconds), {@code --warmup-max} (seconds the warm-up may
 * run on while a JIT compiler is busy), {@code --window} (bulk bytes in flight).
 */
public final class LoadGenerator {

    private LoadGenerator() {}

    /**
     * Runs one workload.
     *
     * @param args {@code --name value} pairs, see the class comment
     */
    public static void main(String[] args) {
        try {
            Options options = Options.parse(args);
            Result result = switch (options.workload()) {
                case "check" -> EchoCheck.run(options);
                case "pingpong" -> PingPong.run(options);
                case "bulk" -> Bulk.run(options);
                case "connrate" -> ConnectionRate.run(options);
                case "idle" -> IdleConnections.run(options);
                case "tlscheck" -> EchoCheck.runTls(options);
                case "tlsbulk" -> TlsBulk.run(options);
                case "tlshandshake" -> TlsHandshakes.run(options);
                case "tlslatency" -> TlsHandshakeLatency.run(options, args);
                case "udpcheck" -> UdpEcho.check(options);
                case "udpecho" -> UdpEcho.run(options);
                case "ampcheck" -> AmpSum.check(options);
                case "ampsum" -> AmpSum.run(options);
                case "linescheck" -> Lines.check(options);
                case "lines" -> Lines.run(options);
                default -> throw new IllegalArgumentException("unknown workload " + options.workload());
            };
            System.out.println(result.line());
        } catch (Exception e) {
            System.err.println("load generator failed: " + e);
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                System.err.println("  caused by: " + cause);
            }
            System.exit(2);
        }
    }
}
