package bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @TempDir
    Path directory;

    private RawResults twoServers() {
        RawResults raw = new RawResults(directory, true, true);
        raw.server("spindle", "Spindle", true, "tcp");
        raw.server("nio", "bare java.nio loop", false, "tcp");
        return raw;
    }

    @Test
    void tablesShowMediansRangesAndRatiosFromTheRawFiles() throws IOException {
        RawResults raw = twoServers();
        double[] ours = {60_000, 62_000, 61_000};
        double[] bare = {80_000, 81_000, 79_000};
        for (int rep = 1; rep <= 3; rep++) {
            raw.network(rep, "spindle", "pingpong-1", "ops_per_server_cpu_s", ours[rep - 1]);
            raw.network(rep, "nio", "pingpong-1", "ops_per_server_cpu_s", bare[rep - 1]);
        }
        raw.jmh("bench.jmh.CallbackChainBenchmark.deferred", 1, "", 1, 3e6, "ops/s");
        raw.jmh("bench.jmh.CallbackChainBenchmark.completableFuture", 1, "", 1, 1e6, "ops/s");

        String markdown = Files.readString(Report.generate(directory));

        assertThat(markdown)
                .contains("| pingpong-1 | msg per server CPU-second ↑ | 61.0k [60.0k–62.0k] | 80.0k [79.0k–81.0k] | 0.76× |")
                .contains("0.76× bare java.nio loop (target ≥ 0.92×): MISSED")
                .contains("callback chain of 10, fired: 3.00× CompletableFuture, 10 thenApply (target ≥ 1.50×): met");
        assertThat(ImageIO.read(directory.resolve("ratios.png").toFile()).getWidth()).isPositive();
    }

    @Test
    void failedRunsAndSpindleBenchmarksWithoutResultAreListedAsFailures() throws IOException {
        RawResults raw = twoServers();
        raw.network(1, "nio", "bulk-8", "mb_per_s", 2400);
        raw.status(1, "spindle", "bulk-8", "failed", "echo check failed: wrong bytes");
        raw.status(1, "nio", "connrate-50", "failed", "completed zero operations");
        raw.jmh("bench.jmh.JdbcBenchmark.plainJdbcOnVirtualThreads", 1, "", 1, 150_000, "ops/s");

        String markdown = Files.readString(Report.generate(directory));

        assertThat(markdown)
                .contains("| bulk-8 | MB/s ↑ | — | 2400 | — |")
                .contains("| runQuery, H2 point query, 64 callers, 10 connections ↑ | no result | plain JDBC on virtual threads |")
                .contains("FAILED: rep 1, spindle, bulk-8: echo check failed: wrong bytes")
                .contains("FAILED: rep 1, nio, connrate-50: completed zero operations")
                .contains("FAILED: JMH, runQuery, H2 point query, 64 callers, 10 connections: Spindle's benchmark "
                        + "(bench.jmh.JdbcBenchmark.connectionPoolRunQuery) left no result")
                .doesNotContainIgnoringCase("not yet");
    }

    @Test
    void aRunWhereEverythingRanSaysSo() throws IOException {
        RawResults raw = twoServers();
        raw.network(1, "spindle", "pingpong-1", "ops_per_server_cpu_s", 60_000);
        raw.network(1, "nio", "pingpong-1", "ops_per_server_cpu_s", 80_000);
        raw.status(1, "spindle", "pingpong-1", "ok", "");
        raw.status(1, "nio", "pingpong-1", "ok", "");

        assertThat(Files.readString(Report.generate(directory)))
                .contains("## Failures\n\nNone: every benchmark ran.");
    }

    @Test
    void theAmpRowComparesSpindleWithTwistedAgainstTheTenfoldGoal() throws IOException {
        RawResults raw = new RawResults(directory, true, false);
        raw.server("spindle-amp", "Spindle AMP", true, "amp");
        raw.server("twisted-amp", "Twisted 22.4 AMP (python3)", false, "amp");
        raw.network(1, "spindle-amp", "ampsum-100", "ops_per_server_cpu_s", 450_000);
        raw.network(1, "twisted-amp", "ampsum-100", "ops_per_server_cpu_s", 30_000);

        String markdown = Files.readString(Report.generate(directory));

        assertThat(markdown)
                .contains("## AMP over loopback, one server thread")
                .contains("| ampsum-100 | calls per server CPU-second ↑ | 450.0k | 30.0k | 15.00× |")
                .contains("15.00× Twisted 22.4 AMP (python3) (target ≥ 10.00×): met");
    }

    @Test
    void theTenLinesRowAndTheSectionsOfOtherDriversAreInTheReport() throws IOException {
        RawResults raw = new RawResults(directory, true, false);
        raw.server("spindle-lines", "Spindle (10 write() calls)", true, "lines");
        raw.server("netty-nio-lines", "Netty 4.2 NIO (10 write + flush)", false, "lines");
        raw.network(1, "spindle-lines", "lines10-100", "ops_per_server_cpu_s", 50_000);
        raw.network(1, "netty-nio-lines", "lines10-100", "ops_per_server_cpu_s", 100_000);
        raw.network(1, "spindle-lines", "lines10-100", "warmup_s", 0.7);
        raw.network(1, "spindle-lines", "lines10-100", "server_cpu_s", 1.0);
        raw.network(1, "spindle-lines", "lines10-100", "server_jit_cpu_s", 0.01);
        Files.writeString(directory.resolve("tls-latency.md"), "# TLS handshakes off the loop\n\n| p99 |\n```\n# not a heading\n```\n");

        String markdown = Files.readString(Report.generate(directory));

        assertThat(markdown)
                .contains("## One request, ten lines back, one server thread")
                .contains("| lines10-100 | requests per server CPU-second ↑ | 50.0k | 100.0k | 0.50× |")
                .contains("| lines10-100 | 0.70 / 1% | — |")
                .contains("## From `tls-latency.md`\n\n### TLS handshakes off the loop")
                .contains("```\n# not a heading\n```");
    }
}
