package bench.driver;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP comparison ({@code bench/run --http}): each server in its own JVM (or Python) pinned to
 * the server core, checked for a correct answer, then loaded by wrk ({@code /usr/bin/wrk}, one
 * thread) pinned to the other core, the servers' order rotating between repetitions.
 *
 * <ul>
 *   <li>{@code plaintext}: {@code GET /plaintext} → {@code hello}, keep-alive: Spindle's
 *       {@code Site}, Netty 4.2's {@code HttpServerCodec} on one NIO event loop, the JDK's
 *       {@code com.sun.net.httpserver} on a virtual-thread executor.
 *   <li>{@code xmlrpc}: {@code POST /RPC2} with {@code add(1, 2)} (wrk's Lua script
 *       {@code bench/src/main/lua/xmlrpc_add.lua}): Spindle's {@code XMLRPC} resource against
 *       Twisted 22.4's {@code twisted.web.xmlrpc} ({@code /usr/bin/python3}).
 * </ul>
 *
 * <p>Figures per run: requests per second (wrk's own count) and requests per server CPU-second
 * (the server's user + system time from {@code /proc/PID/stat} across the timed run); the table
 * shows medians, and each server's ratio to Netty (plaintext) or Twisted (XML-RPC) per CPU-second.
 *
 * <p>Options: {@code --quick} (one repetition of 1 s per server, to prove every server answers
 * correctly; figures meaningless), {@code --reps N} (default 3), {@code --warmup S} (default 3),
 * {@code --duration S} (default 10), {@code --connections N} (default 64), {@code --out FILE}
 * (default {@code bench/results/<date>-http/results.md}; quick: {@code bench/target/http-quick.md}).
 * Exit status 1 if a server answered wrongly, wrk reported errors or non-2xx answers, or a run
 * completed nothing.
 */
public final class HttpBench {
    private static final String WRK = "/usr/bin/wrk";
    private static final String PLAINTEXT = "plaintext";
    private static final String XMLRPC = "xmlrpc";
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    /** One server under one workload. */
    private record Entry(String workload, ServerSpec server, String path) {}

    private static final ServerSpec SPINDLE = new ServerSpec("spindle-http", "Spindle Site",
            "bench.http.SpindleHttpServer", List.of(), true, false, "http", null);
    private static final List<Entry> ENTRIES = List.of(
            new Entry(PLAINTEXT, SPINDLE, "/plaintext"),
            new Entry(PLAINTEXT, new ServerSpec("netty-http", "Netty 4.2 HttpServerCodec (1 NIO loop)",
                    "bench.http.NettyHttpServer", List.of(), false, false, "http", null), "/plaintext"),
            new Entry(PLAINTEXT, new ServerSpec("jdk-http", "JDK com.sun.net.httpserver (virtual threads)",
                    "bench.http.JdkHttpServer", List.of(), false, false, "http", null), "/plaintext"),
            new Entry(XMLRPC, new ServerSpec("spindle-xmlrpc", "Spindle XMLRPC", "bench.http.SpindleHttpServer",
                    List.of(), true, false, "http", null), "/RPC2"),
            new Entry(XMLRPC, new ServerSpec("twisted-xmlrpc", "Twisted 22.4 twisted.web.xmlrpc (python3)", "",
                    List.of(), false, false, "http", "src/main/python/twisted_xmlrpc_server.py"), "/RPC2"));

    private static final String ADD_CALL = "<?xml version='1.0'?>\n<methodCall>\n<methodName>add</methodName>\n"
            + "<params>\n<param>\n<value><int>1</int></value>\n</param>\n<param>\n<value><int>2</int></value>\n"
            + "</param>\n</params>\n</methodCall>\n";

    private HttpBench() {}

    /**
     * Runs the comparison.
     *
     * @param args see the class comment
     * @throws Exception if the run itself breaks
     */
    public static void main(String[] args) throws Exception {
        int reps = 3;
        double warmup = 3;
        double duration = 10;
        int connections = 64;
        boolean quick = false;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {
                    quick = true;
                    reps = 1;
                    warmup = 0.5;
                    duration = 1;
                }
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--duration" -> duration = Double.parseDouble(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("bench/run --http: unknown option " + args[i]
                        + " (--quick, --reps N, --warmup S, --duration S, --connections N, --out FILE)");
            }
        }
        Path bench = Path.of(System.getProperty("bench.dir", "bench")).toAbsolutePath().normalize();
        if (out == null) {
            out = quick ? bench.resolve("target/http-quick.md")
                    : bench.resolve("results/" + LocalDate.now() + "-http/results.md");
        }
        Path logs = bench.resolve("target/bench-logs");
        Files.createDirectories(logs);
        List<String> failures = new ArrayList<>();
        if (!Files.isExecutable(Path.of(WRK))) {
            System.err.println("bench/run --http: " + WRK + " is missing (apt-get install wrk)");
            System.exit(1);
        }
        String twistedMissing = ServerProcess.twistedMissing();
        Jvm jvm = new Jvm();
        String loadAtStart = Machine.loadAverage();
        Map<Entry, List<Map<String, Double>>> figures = new LinkedHashMap<>();
        for (int rep = 1; rep <= reps; rep++) {
            for (int s = 0; s < ENTRIES.size(); s++) {
                Entry entry = ENTRIES.get((s + rep - 1) % ENTRIES.size());
                ServerSpec server = entry.server();
                if (server.python() != null && twistedMissing != null) {
                    if (rep == 1) {
                        failures.add(server.id() + ": " + twistedMissing);
                    }
                    continue;
                }
                Path serverLog = logs.resolve(server.id() + "-rep" + rep + ".log");
                try (ServerProcess process = ServerProcess.start(jvm, server, List.of(), serverLog)) {
                    check(entry, process.port());
                    wrk(jvm, entry, process, connections, warmup, true, bench);
                    double cpuBefore = cpuSeconds(process.pid());
                    Map<String, Double> f = wrk(jvm, entry, process, connections, duration, false, bench);
                    double cpu = cpuSeconds(process.pid()) - cpuBefore;
                    f.put("server_cpu_s", cpu);
                    f.put("req_per_server_cpu_s", cpu > 0 ? f.get("requests") / cpu : 0);
                    f.put("server_cpu_util", cpu / duration);
                    if (f.get("requests") <= 0) {
                        failures.add("rep " + rep + " " + server.id() + ": completed nothing");
                        continue;
                    }
                    if (f.get("errors") > 0 || f.get("non2xx") > 0) {
                        failures.add("rep " + rep + " " + server.id() + ": wrk saw " + f.get("errors").longValue()
                                + " socket errors and " + f.get("non2xx").longValue() + " non-2xx answers");
                    }
                    figures.computeIfAbsent(entry, k -> new ArrayList<>()).add(f);
                    System.out.printf(Locale.ROOT, "rep %d  %-9s %-15s req/s=%.0f  req/server_cpu_s=%.0f"
                                    + "  server_cpu_util=%.2f%n", rep, entry.workload(), server.id(), f.get("req_per_s"),
                            f.get("req_per_server_cpu_s"), f.get("server_cpu_util"));
                } catch (IOException | IllegalStateException e) {
                    failures.add("rep " + rep + " " + server.id() + ": " + e.getMessage());
                    System.out.println("FAILED " + server.id() + ": " + e.getMessage());
                }
            }
        }
        String table = table(figures, reps, warmup, duration, connections, quick, jvm, loadAtStart);
        System.out.println();
        System.out.print(table);
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.println("\nresults: " + out);
        if (!failures.isEmpty()) {
            System.err.println("\nFAILED:");
            failures.forEach(f -> System.err.println("  " + f));
            System.exit(1);
        }
    }

    /** One request by hand, checked: {@code hello} for plaintext, {@code 3} for add(1, 2). */
    static void check(Entry entry, int port) throws IOException {
        String request = entry.workload().equals(PLAINTEXT)
                ? "GET " + entry.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                : "POST " + entry.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                        + "Content-Type: text/xml\r\nContent-Length: " + ADD_CALL.getBytes(UTF_8).length + "\r\n\r\n"
                        + ADD_CALL;
        String answer;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream o = socket.getOutputStream();
            o.write(request.getBytes(UTF_8));
            o.flush();
            InputStream in = socket.getInputStream();
            answer = new String(in.readAllBytes(), UTF_8);
        }
        boolean ok = answer.startsWith("HTTP/1.1 200 ") && (entry.workload().equals(PLAINTEXT)
                ? answer.endsWith("\r\n\r\nhello")
                : answer.replaceAll("\\s", "").contains("<value><int>3</int></value>")
                        || answer.replaceAll("\\s", "").contains("<value><i4>3</i4></value>"));
        if (!ok) {
            throw new IllegalStateException("wrong answer from " + entry.server().id() + ": " + answer);
        }
    }

    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ");
    private static final Pattern ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+),"
            + " timeout (\\d+)");
    private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

    /** Runs wrk pinned to the load core and parses its summary. */
    private static Map<String, Double> wrk(Jvm jvm, Entry entry, ServerProcess process, int connections,
            double seconds, boolean warmup, Path bench) throws IOException, InterruptedException {
        List<String> program = new ArrayList<>(List.of(WRK, "-t1", "-c" + connections,
                "-d" + Math.max(1, Math.round(seconds)) + "s", "--timeout", "10s"));
        if (entry.workload().equals(XMLRPC)) {
            program.addAll(List.of("-s", bench.resolve("src/main/lua/xmlrpc_add.lua").toString()));
        }
        program.add("http://127.0.0.1:" + process.port() + entry.path());
        Process wrk = new ProcessBuilder(jvm.nativeCommand(jvm.loadCores(), program)).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), UTF_8);
        if (!wrk.waitFor(seconds * 2 + 60 < 0 ? 60 : (long) (seconds * 2 + 60), TimeUnit.SECONDS)) {
            wrk.destroyForcibly();
            throw new IOException("wrk did not finish");
        }
        if (wrk.exitValue() != 0) {
            throw new IOException("wrk failed (" + wrk.exitValue() + "): " + output);
        }
        Map<String, Double> f = new LinkedHashMap<>();
        if (warmup) {
            return f;
        }
        Matcher m = REQUESTS.matcher(output);
        f.put("requests", m.find() ? Double.parseDouble(m.group(1)) : 0);
        m = RATE.matcher(output);
        f.put("req_per_s", m.find() ? Double.parseDouble(m.group(1)) : 0);
        m = ERRORS.matcher(output);
        double errors = 0;
        if (m.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Double.parseDouble(m.group(g));
            }
        }
        f.put("errors", errors);
        m = NON2XX.matcher(output);
        f.put("non2xx", m.find() ? Double.parseDouble(m.group(1)) : 0);
        return f;
    }

    /** User + system CPU of a process and all its threads, from {@code /proc/PID/stat}. */
    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    private static String table(Map<Entry, List<Map<String, Double>>> figures, int reps, double warmup,
            double duration, int connections, boolean quick, Jvm jvm, String loadAtStart) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "# HTTP/1.1 on loopback, wrk -t1 -c%d, keep-alive (median of %d,"
                + " %.1f s warm-up, %.1f s timed)%s%n%n", connections, reps, warmup, duration,
                quick ? " — QUICK: a correctness smoke run, not a measurement" : ""));
        md.append("- pinning: ").append(jvm.pinningNote()).append("\n");
        md.append("- load average at start: ").append(loadAtStart).append("; at end: ").append(Machine.loadAverage())
                .append("\n\n");
        md.append("| workload | server | requests/s | per server CPU-s | vs reference (per CPU-s) | server CPU |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (String workload : List.of(PLAINTEXT, XMLRPC)) {
            String reference = workload.equals(PLAINTEXT) ? "netty-http" : "twisted-xmlrpc";
            double ref = 0;
            for (var e : figures.entrySet()) {
                if (e.getKey().workload().equals(workload) && e.getKey().server().id().equals(reference)) {
                    ref = median(e.getValue(), "req_per_server_cpu_s");
                }
            }
            for (var e : figures.entrySet()) {
                if (!e.getKey().workload().equals(workload)) {
                    continue;
                }
                double perCpu = median(e.getValue(), "req_per_server_cpu_s");
                md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %s | %.2f |%n", workload,
                        e.getKey().server().label(), median(e.getValue(), "req_per_s"), perCpu,
                        ref > 0 ? String.format(Locale.ROOT, "%.2f×", perCpu / ref) : "-",
                        median(e.getValue(), "server_cpu_util")));
            }
        }
        md.append("\nReference: Netty for plaintext, Twisted for XML-RPC. Command: `bench/run --http")
                .append(quick ? " --quick" : "").append("`.\n");
        return md.toString();
    }

    private static double median(List<Map<String, Double>> runs, String metric) {
        double[] values = runs.stream().mapToDouble(r -> r.getOrDefault(metric, 0.0)).sorted().toArray();
        if (values.length == 0) {
            return 0;
        }
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

}
