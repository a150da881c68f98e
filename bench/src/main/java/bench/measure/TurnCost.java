package bench.measure;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import jdk.jfr.Recording;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;

/**
 * The cost of one reactor loop turn, to see what the observability hooks (the turn-time
 * histogram, the {@code spindle.*} JFR checks) add: a task re-queues itself with
 * {@code callFromThread} two million times, so each turn runs one task after a non-blocking
 * select. Prints the nanoseconds per turn of seven passes (sorted) and their best.
 *
 * <p>{@code TurnCost} alone: no recording (the default state of an application).
 * {@code TurnCost jfr}: a recording enables {@code spindle.ReactorTurn} at its default 5 ms
 * threshold and {@code spindle.CallFromThreadQueue}, so every turn begins an event that is
 * not kept. To compare with the code before the hooks, run the same class against an older
 * build's {@code net.reactor} classes.
 */
public final class TurnCost {
    private static final int TURNS = 2_000_000;
    private static final int PASSES = 7;

    private TurnCost() {}

    /**
     * Runs the measurement.
     *
     * @param args {@code jfr} to run under a recording
     * @throws Exception if the reactor cannot run
     */
    public static void main(String[] args) throws Exception {
        boolean jfr = args.length > 0 && args[0].equals("jfr");
        Recording recording = null;
        if (jfr) {
            recording = new Recording();
            recording.enable("spindle.ReactorTurn");
            recording.enable("spindle.CallFromThreadQueue");
            recording.start();
        }
        double[] nsPerTurn = new double[PASSES];
        for (int pass = 0; pass < PASSES; pass++) {
            nsPerTurn[pass] = pass();
        }
        if (recording != null) {
            recording.close();
        }
        Arrays.sort(nsPerTurn);
        StringBuilder line = new StringBuilder(jfr ? "with a recording:" : "no recording:");
        for (double ns : nsPerTurn) {
            line.append(String.format(Locale.ROOT, " %.0f", ns));
        }
        System.out.println(line + String.format(Locale.ROOT, " ns/turn (best %.0f)", nsPerTurn[0]));
    }

    private static double pass() throws Exception {
        Reactor reactor = Reactor.create(ReactorOptions.defaults().withName("turn-cost")
                .withStallThreshold(Duration.ZERO));
        Thread loop = reactor.start("turn-cost");
        CountDownLatch done = new CountDownLatch(1);
        int[] left = {TURNS};
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            if (--left[0] == 0) {
                done.countDown();
            } else {
                reactor.callFromThread(step[0]);
            }
        };
        long start = System.nanoTime();
        reactor.callFromThread(step[0]);
        done.await();
        long elapsed = System.nanoTime() - start;
        reactor.stop().toCompletableFuture().get();
        loop.join();
        return (double) elapsed / TURNS;
    }
}
