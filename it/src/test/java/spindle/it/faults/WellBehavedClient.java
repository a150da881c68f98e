package spindle.it.faults;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client that keeps doing request/response echo round trips on its own platform thread while a
 * fault happens elsewhere on the same reactor: it checks every byte that comes back and records
 * each round trip's latency. Timings are recorded, never asserted.
 */
final class WellBehavedClient implements AutoCloseable {
    /** What the client saw: round trips served, bytes checked, latencies, and the first failure if any. */
    record Served(int roundTrips, long bytes, long maxMicros, long p99Micros, Throwable failure) {
        @Override
        public String toString() {
            return roundTrips + " round trips, " + bytes + " bytes, max " + maxMicros + " us, p99 " + p99Micros + " us";
        }
    }

    private final FaultTransport.BlockingPeer peer;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private volatile long bytes;
    private volatile Throwable failure;

    WellBehavedClient(FaultTransport.Where echo) throws IOException {
        this.peer = echo.connect();
        this.thread = Thread.ofPlatform().name("well-behaved-client").daemon().start(this::loop);
    }

    private void loop() {
        byte[] request = new byte[64];
        byte[] reply = new byte[64];
        int n = 0;
        try {
            while (running.get()) {
                Arrays.fill(request, (byte) ('a' + n++ % 26));
                long start = System.nanoTime();
                peer.out().write(request);
                peer.out().flush();
                int got = 0;
                while (got < reply.length) {
                    int r = peer.in().read(reply, got, reply.length - got);
                    if (r < 0) {
                        throw new IOException("echo server closed the well-behaved client after " + got + " bytes");
                    }
                    got += r;
                }
                latencies.add((System.nanoTime() - start) / 1000);
                if (!Arrays.equals(request, reply)) {
                    throw new IOException("echo came back different");
                }
                bytes += reply.length;
                Thread.sleep(2);
            }
        } catch (Throwable t) {
            if (running.get()) {
                failure = t;
            }
        }
    }

    /**
     * Waits until the client has completed three further round trips (so it is shown served
     * after the fault, not only before it), then stops it and returns what it was served.
     */
    Served stop() throws Exception {
        int target = latencies.size() + 3;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (latencies.size() < target && failure == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        running.set(false);
        thread.join(60_000);
        peer.close();
        List<Long> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        Collections.sort(sorted);
        long max = sorted.isEmpty() ? 0 : sorted.getLast();
        long p99 = sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
        return new Served(sorted.size(), bytes, max, p99, failure);
    }

    @Override
    public void close() throws Exception {
        if (running.get()) {
            stop();
        }
    }
}
