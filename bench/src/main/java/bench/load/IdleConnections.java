package bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Idle memory: the server's resident memory with {@link Options#connections()} open, idle
 * connections, each having echoed one message, against the same server before they were opened.
 *
 * <p>What a connection holds is counted in two parts. The servers run with a fixed, pre-touched
 * heap ({@code -Xms = -Xmx}, {@code -XX:+AlwaysPreTouch}), so the heap is wholly resident from
 * the start and the growth of the resident set (VmRSS) is memory outside the Java heap: direct
 * buffers, native structures, thread stacks. The Java heap's part is the growth of the live heap
 * after a full collection ({@code jcmd PID GC.run}, then {@code GC.heap_info}, whose generation
 * lines the serial collector prints as {@code NAME total NK, used NK}). A first round opens and
 * closes as many connections before the baseline, so that JIT compilation, lazily built tables
 * and any buffer pools are in both readings.
 */
final class IdleConnections {

    private static final int PARALLEL = 100;
    /** How long opening one round of connections may take on a starved machine. */
    private static final long OPEN_DEADLINE_SECONDS = 240;
    private static final Pattern GENERATION = Pattern.compile("^\\S+\\s+total \\d+K, used (\\d+)K");

    private IdleConnections() {}

    static Result run(Options options) throws IOException, InterruptedException {
        if (options.serverPid() == 0) {
            throw new IllegalArgumentException("the idle workload needs --server-pid");
        }
        int count = options.connections();
        // Client sockets bind loopback addresses of their own, fresh for each round: 10,000
        // connections from 127.0.0.1 would compete for ephemeral ports with the TIME_WAIT sockets
        // of earlier workloads, and a fixed address with those of an earlier repetition.
        long pid = options.serverPid();
        // The first attach starts the server's attach listener and diagnostic commands, which
        // take native memory of their own: let that happen before any reading.
        liveHeapKiB(pid, false);
        closeAll(open(options, freshLoopbackAddress()).kept());
        long heapBefore = liveHeapKiB(pid, true);
        long rssBefore = ProcStat.rssKiB(pid);

        ConnectEcho measured = open(options, freshLoopbackAddress());
        List<SocketChannel> connections = measured.kept();
        long heapAfter = liveHeapKiB(pid, true);
        long rssAfter = ProcStat.rssKiB(pid);
        long alive = echoOnEach(connections, options.messageSize());
        closeAll(connections);

        Result result = new Result(options);
        result.put("ops", alive);
        result.put("opened", measured.completed());
        result.put("failed", measured.failed());
        result.put("rss_before_kib", rssBefore);
        result.put("rss_after_kib", rssAfter);
        result.put("live_heap_before_kib", heapBefore);
        result.put("live_heap_after_kib", heapAfter);
        result.put("native_bytes_per_connection", (rssAfter - rssBefore) * 1024.0 / count);
        result.put("heap_bytes_per_connection", (heapAfter - heapBefore) * 1024.0 / count);
        result.put("bytes_per_connection", (rssAfter - rssBefore + heapAfter - heapBefore) * 1024.0 / count);
        return result;
    }

    private static ConnectEcho open(Options options, String sourceAddress) throws IOException {
        ConnectEcho engine = new ConnectEcho(
                options.server(), new InetSocketAddress(sourceAddress, 0), options.messageSize(), true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(OPEN_DEADLINE_SECONDS);
        engine.run(PARALLEL, options.connections(), now -> now > deadline);
        if (engine.completed() < options.connections()) {
            throw new LoadException("opened only " + engine.completed() + " of " + options.connections()
                    + " idle connections (" + engine.failed() + " failed)");
        }
        return engine;
    }

    /** A random address in 127.0.0.0/8 other than 127.0.0.1 (every one of them is loopback on Linux). */
    private static String freshLoopbackAddress() {
        int host = ThreadLocalRandom.current().nextInt(2, 0xFF_FFFF);
        return "127." + (host >>> 16 & 0xff) + "." + (host >>> 8 & 0xff) + "." + Math.max(1, host & 0xff);
    }

    /** Checks that the server still serves every idle connection, after the readings. */
    private static long echoOnEach(List<SocketChannel> connections, int size) throws IOException {
        ByteBuffer message = Payload.direct(size);
        ByteBuffer input = ByteBuffer.allocateDirect(size);
        long alive = 0;
        for (SocketChannel channel : connections) {
            message.clear();
            while (message.hasRemaining()) {
                channel.write(message);
            }
            input.clear();
            while (input.hasRemaining() && channel.read(input) >= 0) {
                // blocking reads until the whole echo is back
            }
            if (!input.hasRemaining()) {
                alive++;
            }
        }
        return alive;
    }

    private static void closeAll(List<SocketChannel> connections) throws IOException {
        for (SocketChannel channel : connections) {
            channel.close();
        }
    }

    /**
     * Collects the server's garbage and returns its live heap: the sum of its generations' "used".
     * One {@code jcmd} run does both (its {@code -f} file holds the two commands, run in order):
     * each {@code jcmd} is a JVM of its own, about half a second of start-up.
     *
     * @param settle whether to give the server half a second first to finish with the connections
     *     just opened or closed (the first reading, on an untouched server, needs none)
     */
    private static long liveHeapKiB(long pid, boolean settle) throws IOException, InterruptedException {
        if (settle) {
            Thread.sleep(500);
        }
        Path commands = Files.createTempFile("bench-idle-", ".jcmd");
        String report;
        try {
            Files.writeString(commands, "GC.run\nGC.heap_info\n");
            report = jcmd(pid, "-f", commands.toString());
        } finally {
            Files.deleteIfExists(commands);
        }
        long used = 0;
        boolean found = false;
        for (String line : report.split("\n")) {
            Matcher generation = GENERATION.matcher(line);
            if (generation.find()) {
                used += Long.parseLong(generation.group(1));
                found = true;
            }
        }
        if (!found) {
            throw new LoadException("no generation in the heap report of process " + pid
                    + " (the idle workload expects the serial collector)");
        }
        return used;
    }

    private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        List<String> line = new java.util.ArrayList<>(List.of(jcmd, Long.toString(pid)));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new LoadException("jcmd " + pid + " " + String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
