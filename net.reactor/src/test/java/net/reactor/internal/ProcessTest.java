package net.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.reactor.ReactorOptions;
import net.reactor.process.ProcessDoneException;
import net.reactor.process.ProcessExitException;
import net.reactor.process.ProcessExitedAlreadyException;
import net.reactor.process.ProcessOutput;
import net.reactor.process.ProcessStderrException;
import net.reactor.process.ProcessTerminatedException;
import net.reactor.process.ProcessTransport;
import org.junit.jupiter.api.Test;

/** Child processes over real pipes: data both ways, exit codes and signals, flow control, leaks, shutdown. */
class ProcessTest {
    private static final long MIB = 1024 * 1024;

    private static ProcessTransport spawn(ReactorFixture f, ProcessProbe p, String... argv) {
        return f.call(() -> f.reactor.spawnProcess(p, argv[0], List.of(argv)));
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void catRoundTripOf64MiBKeepsEveryByteInOrder() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            ProcessProbe p = new ProcessProbe();
            p.keepOut = false;
            ProcessProbe.Feeder feeder = new ProcessProbe.Feeder(p, 64 * MIB);
            spawn(f, p, "cat");
            f.run(feeder::start);
            assertThat(await(p.ended)).isInstanceOf(ProcessDoneException.class);
            f.run(() -> {
                assertThat(p.outBytes).isEqualTo(64 * MIB);
                assertThat(p.outCrc.getValue()).isEqualTo(feeder.crc.getValue());
                assertThat(feeder.pauses).as("the producer was paused by the stdin buffer").isPositive();
                assertThat(p.events.getLast()).isEqualTo("processEnded");
            });
        }
    }

    @Test
    void stderrIsKeptApartAndEventsComeInOrder() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            ProcessProbe p = new ProcessProbe();
            spawn(f, p, "/bin/sh", "-c", "echo out1; echo err1 >&2; echo out2; echo err2 >&2");
            ProcessExitException reason = await(p.ended);
            assertThat(reason).isInstanceOf(ProcessDoneException.class);
            assertThat(reason.status()).isZero();
            f.run(() -> {
                assertThat(p.out.toString(StandardCharsets.UTF_8)).isEqualTo("out1\nout2\n");
                assertThat(p.err.toString(StandardCharsets.UTF_8)).isEqualTo("err1\nerr2\n");
                assertThat(p.events).first().isEqualTo("connectionMade");
                assertThat(p.events).last().isEqualTo("processEnded");
                assertThat(p.events).containsOnlyOnce("inConnectionLost", "outConnectionLost", "errConnectionLost",
                        "processExited");
            });
        }
    }

    @Test
    void theEnvironmentIsEmptyUnlessGivenAndTheWorkingDirectoryIsUsed() throws Exception {
        Path dir = Files.createTempDirectory("spindle-proc");
        try (ReactorFixture f = new ReactorFixture().start()) {
            ProcessProbe empty = new ProcessProbe();
            spawn(f, empty, "/usr/bin/env");
            await(empty.ended);
            ProcessProbe given = new ProcessProbe();
            f.call(() -> f.reactor.spawnProcess(given, "/bin/sh", List.of("sh", "-c", "echo $GREETING; pwd"),
                    Map.of("GREETING", "hi"), dir));
            await(given.ended);
            String real = dir.toRealPath().toString();
            f.run(() -> {
                assertThat(empty.out.size()).as("env prints nothing with an empty environment").isZero();
                assertThat(given.out.toString(StandardCharsets.UTF_8))
                        .isEqualTo("hi\n" + real + "\n");
            });
        } finally {
            Files.delete(dir);
        }
    }

    @Test
    void exitCodesAndSignalsAreReportedAsTwistedDoes() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            ProcessProbe three = new ProcessProbe();
            spawn(f, three, "/bin/sh", "-c", "exit 3");
            ProcessExitException r3 = await(three.ended);
            assertThat(r3).isInstanceOf(ProcessTerminatedException.class);
            assertThat(((ProcessTerminatedException) r3).exitCode()).hasValue(3);
            assertThat(((ProcessTerminatedException) r3).signal()).isEmpty();
            assertThat(await(three.exited)).isSameAs(r3);

            for (String sig : List.of("TERM", "KILL", "INT", "HUP", "SIGUSR1")) {
                ProcessProbe p = new ProcessProbe();
                ProcessTransport t = spawn(f, p, "sleep", "30");
                f.run(() -> t.signalProcess(sig));
                ProcessExitException r = await(p.ended);
                assertThat(r).as(sig).isInstanceOf(ProcessTerminatedException.class);
                int expected = switch (sig) {
                    case "TERM" -> 15;
                    case "KILL" -> 9;
                    case "INT" -> 2;
                    case "HUP" -> 1;
                    default -> 10;
                };
                assertThat(((ProcessTerminatedException) r).signal()).as(sig).hasValue(expected);
                assertThat(((ProcessTerminatedException) r).exitCode()).isEmpty();
                assertThat(r.status()).isEqualTo(128 + expected);
                assertThatThrownBy(() -> f.run(() -> t.signalProcess("TERM")))
                        .isInstanceOf(ProcessExitedAlreadyException.class);
            }
            ProcessProbe p = new ProcessProbe();
            ProcessTransport t = spawn(f, p, "sleep", "30");
            assertThatThrownBy(() -> f.run(() -> t.signalProcess("NOSUCH"))).isInstanceOf(IllegalArgumentException.class);
            f.run(() -> t.signalProcess("KILL"));
            await(p.ended);
        }
    }

    @Test
    void whatJavaCannotDoIsRefusedClearly() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            assertThatThrownBy(() -> f.run(() -> f.reactor.spawnProcess(new ProcessProbe(), "cat", List.of("cat"),
                    Map.of(), null, true, null)))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("pseudo-terminal");
            assertThatThrownBy(() -> f.run(() -> f.reactor.spawnProcess(new ProcessProbe(), "cat", List.of("cat"),
                    Map.of(), null, false, Map.of(0, "w", 1, "r", 2, "r", 3, "r"))))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("3=r");
            assertThatThrownBy(() -> f.run(() -> f.reactor.spawnProcess(new ProcessProbe(), "/no/such/program",
                    List.of("x"))))
                    .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("/no/such/program");
            ProcessProbe p = new ProcessProbe();
            f.call(() -> f.reactor.spawnProcess(p, "cat", List.of("cat"), Map.of(), null, false,
                    Map.of(0, "w", 1, "r", 2, "r")));
            f.run(() -> p.transport().loseConnection());
            assertThat(await(p.ended)).isInstanceOf(ProcessDoneException.class);
        }
    }

    @Test
    void aChildThatNeverReadsStdinPausesTheProducerAndMemoryStaysBounded() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            ProcessProbe p = new ProcessProbe();
            ProcessProbe.Feeder feeder = new ProcessProbe.Feeder(p, 1024 * MIB);
            ProcessTransport t = spawn(f, p, "sleep", "30");
            f.run(feeder::start);
            // Wait until the writer is stuck on the full pipe: the producer stays paused.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ReactorFixture.WAIT_SECONDS);
            long[] last = {-1};
            while (true) {
                long sent = f.call(() -> feeder.sent);
                if (sent == last[0] && f.call(() -> feeder.paused)) {
                    break;
                }
                last[0] = sent;
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(200);
            }
            long hwm = ReactorOptions.defaults().highWaterMark();
            f.run(() -> {
                assertThat(feeder.paused).isTrue();
                assertThat(t.bufferedBytes()).as("buffered").isLessThanOrEqualTo(hwm + 64 * 1024);
                // What is not buffered went into the pipe (64 KiB on Linux, up to 1 MiB if raised).
                assertThat(feeder.sent).as("accepted from the producer").isLessThanOrEqualTo(hwm + 64 * 1024 + MIB);
                t.signalProcess("KILL");
            });
            ProcessExitException r = await(p.ended);
            assertThat(((ProcessTerminatedException) r).signal()).hasValue(9);
            f.run(() -> {
                assertThat(feeder.stopped).as("the producer was stopped when stdin was lost").isTrue();
                assertThat(p.events).contains("inConnectionLost");
            });
        }
    }

    @Test
    void aChildKilledMidWriteEndsEverythingCleanly() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            ProcessProbe p = new ProcessProbe() {
                private boolean killed;

                @Override
                public void outReceived(byte[] data) {
                    super.outReceived(data);
                    if (!killed && outBytes >= 4 * MIB) {
                        killed = true;
                        transport().signalProcess("KILL");
                    }
                }
            };
            p.keepOut = false;
            ProcessProbe.Feeder feeder = new ProcessProbe.Feeder(p, 512 * MIB);
            spawn(f, p, "cat");
            f.run(feeder::start);
            ProcessExitException r = await(p.ended);
            assertThat(((ProcessTerminatedException) r).signal()).hasValue(9);
            f.run(() -> {
                assertThat(feeder.stopped).isTrue();
                assertThat(feeder.sent).isLessThan(512 * MIB);
                assertThat(p.events).containsOnlyOnce("inConnectionLost", "outConnectionLost", "errConnectionLost");
            });
            awaitNoPipeThreads(f);
        }
    }

    @Test
    void fiveHundredShortProcessesLeaveNoDescriptorOrThreadBehind() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            for (int i = 0; i < 5; i++) { // the JDK's own first-use set-up (reaper pool, spawn helper)
                ProcessProbe p = new ProcessProbe();
                spawn(f, p, "true");
                await(p.ended);
            }
            awaitNoPipeThreads(f);
            long pipesBefore = pipeDescriptors();
            int threadsBefore = ourPlatformThreads();
            for (int i = 0; i < 500; i++) {
                ProcessProbe p = new ProcessProbe();
                spawn(f, p, "/bin/sh", "-c", "echo " + i + "; echo e >&2");
                assertThat(await(p.ended)).isInstanceOf(ProcessDoneException.class);
                assertThat(f.call(() -> p.out.toString(StandardCharsets.UTF_8))).isEqualTo(i + "\n");
            }
            awaitNoPipeThreads(f);
            assertThat(f.call(() -> f.reactor.processes().runningCount())).isZero();
            assertThat(pipeDescriptors()).as("pipe descriptors").isLessThanOrEqualTo(pipesBefore);
            assertThat(ourPlatformThreads()).as("platform threads (not counting the JDK's process reapers)")
                    .isLessThanOrEqualTo(threadsBefore);
            assertThat(f.call(() -> f.reactor.openCount())).isZero();
        }
    }

    @Test
    void manyChildrenBlockedInPipeReadsDoNotStarveVirtualThreads() throws Exception {
        // 150 children: 300 blocked pipe reads, more than the 256 carriers virtual threads may have.
        try (ReactorFixture f = new ReactorFixture().start()) {
            List<ProcessProbe> probes = new ArrayList<>();
            List<ProcessTransport> children = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                ProcessProbe p = new ProcessProbe();
                probes.add(p);
                children.add(spawn(f, p, "sleep", "60"));
            }
            awaitRunningPumps(f, 150 * 3);
            Thread v = Thread.ofVirtual().start(() -> {});
            assertThat(v.join(Duration.ofSeconds(ReactorFixture.WAIT_SECONDS))).as("a virtual thread still runs").isTrue();
            assertThat(f.reactor.blockingCallFromThread(() -> f.reactor.deferToThread(() -> "pool works")))
                    .isEqualTo("pool works");
            f.run(() -> children.forEach(c -> c.signalProcess("KILL")));
            for (ProcessProbe p : probes) {
                assertThat(((ProcessTerminatedException) await(p.ended)).signal()).hasValue(9);
            }
            awaitNoPipeThreads(f);
        }
    }

    @Test
    void stoppingTheReactorTerminatesThenKillsItsChildren() throws Exception {
        ReactorFixture f = new ReactorFixture(ReactorOptions.defaults().withShutdownTimeout(Duration.ofSeconds(10)))
                .start();
        ProcessProbe polite = new ProcessProbe();
        ProcessProbe stubborn = new ProcessProbe();
        ProcessTransport t1 = spawn(f, polite, "sleep", "60");
        ProcessTransport t2 = spawn(f, stubborn, "/bin/sh", "-c", "trap '' TERM; echo ready; exec sleep 60");
        while (!f.call(() -> stubborn.out.toString(StandardCharsets.UTF_8)).equals("ready\n")) {
            Thread.sleep(20);
        }
        f.close();
        assertThat(((ProcessTerminatedException) polite.ended.getNow(null)).signal()).hasValue(15);
        assertThat(((ProcessTerminatedException) stubborn.ended.getNow(null)).signal()).hasValue(9);
        assertThat(ProcessHandle.of(t1.pid()).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(ProcessHandle.of(t2.pid()).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        awaitNoPipeThreads(f);
    }

    @Test
    void pausingTheTransportStopsReadingAndHoldsNothingBack() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            ProcessProbe p = new ProcessProbe();
            p.keepOut = false;
            // yes writes forever: while paused, only what is in flight may arrive.
            ProcessTransport t = spawn(f, p, "yes");
            while (f.call(() -> p.outBytes) == 0) {
                Thread.sleep(10);
            }
            f.run(t::pauseProducing);
            long atPause = f.call(() -> p.outBytes);
            Thread.sleep(300);
            assertThat(f.call(() -> p.outBytes)).as("nothing delivered while paused").isEqualTo(atPause);
            f.run(t::resumeProducing);
            while (f.call(() -> p.outBytes) < atPause + 4 * MIB) {
                Thread.sleep(10);
            }
            f.run(() -> t.signalProcess("KILL"));
            await(p.ended);
        }
    }

    @Test
    void theOutputHelpersCollectAsTwistedsUtilsDo() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            byte[] out = f.reactor.blockingCallFromThread(() -> ProcessOutput.getProcessOutput(f.reactor, "/bin/sh",
                    List.of("sh", "-c", "echo hello")));
            assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("hello\n");
            assertThatThrownBy(() -> f.reactor.blockingCallFromThread(() -> ProcessOutput.getProcessOutput(f.reactor,
                    "/bin/sh", List.of("sh", "-c", "echo oops >&2"))))
                    .isInstanceOf(ProcessStderrException.class).hasMessageContaining("oops");
            int value = f.reactor.blockingCallFromThread(() -> ProcessOutput.getProcessValue(f.reactor, "/bin/sh",
                    List.of("sh", "-c", "exit 7"), Map.of(), null));
            assertThat(value).isEqualTo(7);
            ProcessOutput.Result r = f.reactor.blockingCallFromThread(() -> ProcessOutput.getProcessOutputAndValue(
                    f.reactor, "/bin/sh", List.of("sh", "-c", "echo a; echo b >&2; kill -TERM $$"), Map.of(), null));
            assertThat(new String(r.out(), StandardCharsets.UTF_8)).isEqualTo("a\n");
            assertThat(new String(r.err(), StandardCharsets.UTF_8)).isEqualTo("b\n");
            assertThat(((ProcessTerminatedException) r.reason()).signal()).hasValue(15);
        }
    }

    private static void awaitNoPipeThreads(ReactorFixture f) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ReactorFixture.WAIT_SECONDS);
        while (f.reactor.processes().liveThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(f.reactor.processes().liveThreads()).as("pipe threads alive").isZero();
    }

    private static void awaitRunningPumps(ReactorFixture f, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ReactorFixture.WAIT_SECONDS);
        while (f.reactor.processes().liveThreads() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(f.reactor.processes().liveThreads()).as("pipe threads running").isGreaterThanOrEqualTo(n);
    }

    private static long pipeDescriptors() throws Exception {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("pipe:");
                } catch (java.io.IOException gone) {
                    return false;
                }
            }).count();
        }
    }

    private static int ourPlatformThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            // Not ours: the JDK's process reapers, and the virtual-thread scheduler's carriers,
            // which it starts on demand (one more appeared under a loaded CI run).
            if (t.isAlive() && !t.getName().startsWith("process reaper")
                    && !(t instanceof java.util.concurrent.ForkJoinWorkerThread)) {
                names.add(t.getName());
            }
        }
        return names.size();
    }
}
