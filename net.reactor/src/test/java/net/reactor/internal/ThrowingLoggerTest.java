package net.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ResourceBundle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.reactor.ReactorOptions;
import net.reactor.SystemEvent;
import net.reactor.TriggerPhase;
import net.reactor.internal.ReactorFixture.Prepared;
import net.reactor.internal.ReactorFixture.Recorder;
import org.junit.jupiter.api.Test;

/**
 * Nothing a logger throws may end the reactor (issue 20 §3): a logging back end out of file
 * descriptors throws ExceptionInInitializerError from every call. With such a logger, a protocol,
 * a DelayedCall and a callFromThread task that throw are logged (the logger throws again), counted,
 * and the loop goes on serving the other connections over real loopback sockets. Only a
 * VirtualMachineError stops the loop, and then with the shutdown triggers run.
 */
class ThrowingLoggerTest {

    /** Every call fails as a logger does that cannot load its time-zone data. */
    static final class ThrowingLogger implements System.Logger {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String getName() {
            return "throwing";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            calls.incrementAndGet();
            throw new ExceptionInInitializerError("no time-zone data: Too many open files");
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            calls.incrementAndGet();
            throw new ExceptionInInitializerError("no time-zone data: Too many open files");
        }
    }

    /** Echoes, but throws (an Error, not a VirtualMachineError) on a line starting with "boom". */
    static final class Touchy extends Recorder {
        @Override
        public void dataReceived(byte[] data) {
            super.dataReceived(data);
            if (new String(data, StandardCharsets.US_ASCII).startsWith("boom")) {
                throw new ExceptionInInitializerError("protocol failed");
            }
            transport().write(data);
        }
    }

    @Test
    void throwingLoggerAndCallbacksDoNotEndTheLoop() throws Exception {
        ThrowingLogger log = new ThrowingLogger();
        try (ReactorFixture f = new ReactorFixture(ReactorOptions.defaults(), log, log)) {
            int port = f.listen(new Prepared<>(Touchy::new));
            f.start();
            try (Socket bad = connect(port)) {
                bad.getOutputStream().write("boom\n".getBytes(StandardCharsets.US_ASCII));
                bad.getOutputStream().flush();
                CompletableFuture<Void> timerRan = new CompletableFuture<>();
                f.run(() -> {
                    f.reactor.callLater(Duration.ZERO, () -> {
                        timerRan.complete(null);
                        throw new IllegalStateException("a DelayedCall that throws");
                    });
                });
                f.reactor.callFromThread(() -> {
                    throw new ExceptionInInitializerError("a task that throws");
                });
                timerRan.get(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS);
                // Each failure was logged through the throwing logger: protocol, timer, task.
                waitUntil(() -> f.reactor.loggerFailures() >= 3);

                // The loop goes on: another connection is served; the one whose protocol threw
                // was closed, as Twisted closes it.
                try (Socket good = connect(port)) {
                    assertThat(roundTrip(good, "hello\n")).isEqualTo("hello\n");
                }
                assertThat(bad.getInputStream().read()).as("end of stream").isEqualTo(-1);
            }
            assertThat(f.reactor.isRunning()).isTrue();
            assertThat(f.thread().isAlive()).isTrue();
            assertThat(log.calls.get()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void virtualMachineErrorStopsTheLoopWithShutdownTriggers() throws Exception {
        CapturingLogger log = new CapturingLogger();
        try (ReactorFixture f = new ReactorFixture(ReactorOptions.defaults(), log, log)) {
            CompletableFuture<Void> triggerRan = new CompletableFuture<>();
            f.reactor.addSystemEventTrigger(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, () -> triggerRan.complete(null));
            f.start();
            f.reactor.callFromThread(() -> {
                throw new OutOfMemoryError("simulated");
            });
            triggerRan.get(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS);
            f.thread().join(TimeUnit.SECONDS.toMillis(ReactorFixture.WAIT_SECONDS));
            assertThat(f.thread().isAlive()).as("the loop ended").isFalse();
            assertThat(f.reactor.loopFailures()).isEqualTo(1);
            assertThat(log.at(System.Logger.Level.ERROR)).anyMatch(r -> r.message().contains("OutOfMemoryError"));
        }
    }

    private static Socket connect(int port) throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port));
        s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(ReactorFixture.WAIT_SECONDS));
        return s;
    }

    private static String roundTrip(Socket s, String line) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write(line.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        byte[] got = in.readNBytes(line.length());
        return new String(got, StandardCharsets.US_ASCII);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ReactorFixture.WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met in time").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
