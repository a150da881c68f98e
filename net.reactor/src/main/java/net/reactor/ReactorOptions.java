package net.reactor;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a reactor made by {@link Reactor#create(ReactorOptions)}. Start from
 * {@link #defaults()} and change what you need with the {@code with…} methods:
 *
 * {@snippet :
 * Reactor reactor = Reactor.create(ReactorOptions.defaults()
 *         .withName("echo")
 *         .withInstallSignalHandlers(true)
 *         .withShutdownTimeout(Duration.ofSeconds(5)));
 * }
 *
 * @param name the reactor's name: used in the names of its threads and in log messages
 * @param shutdownTimeout how long "before shutdown" triggers (their Deferreds) and the thread
 *     pool's running work may delay {@link ReactorCore#stop()}, each; default 10 s
 * @param installSignalHandlers whether SIGINT (Ctrl-C) and SIGTERM stop the running reactor
 *     gracefully: the reactor handles the signal itself, stops (its shutdown triggers run, and
 *     what it logs meanwhile reaches the logging back end, which is still working), then
 *     passes the signal on to the handler installed before it, so the JVM exits as the signal
 *     would have made it (status 130 or 143, shutdown hooks run) before {@code run()} returns:
 *     put clean-up in shutdown triggers, not after {@code run()}. The stop may take three times
 *     the shutdown timeout plus 5 s before the signal is passed on anyway, and a second signal
 *     exits at once. A JVM
 *     shutdown hook also stops the reactor on {@code System.exit} (there, logging may already be
 *     shut down: stop the reactor before calling {@code System.exit}). Default off so tests
 *     creating many reactors install nothing; samples and servers turn it on
 * @param stallThreshold how long one turn of the event loop may run before the stall detector
 *     logs (once per stall, at WARNING on the {@code net.reactor.stall} logger) the reactor thread's
 *     stack; the detector is one small daemon thread per running reactor, ended by the stop;
 *     {@link Duration#ZERO} switches it off; default 2 s
 * @param threadPoolSize how many blocking tasks ({@code callInThread}, {@code deferToThread}) may
 *     run at once on the reactor's virtual-thread pool; default 10, as Twisted's reactor pool
 * @param highWaterMark a transport pauses its streaming producer when more than this many bytes
 *     are buffered; default 65536, as Twisted
 * @param lowWaterMark a paused producer is resumed when the buffer drains to this many bytes or
 *     fewer; default 0 (empty), as Twisted
 * @param maxBufferedBytes a hard cap on the bytes one transport may buffer: a write that takes it
 *     past the cap aborts the connection with {@link WriteBufferFullException} (and logs one
 *     WARNING naming the peer); default {@link #DEFAULT_MAX_BUFFERED_BYTES} (64 MiB), where
 *     Twisted has none ({@link Long#MAX_VALUE} restores that)
 * @param readBufferSize the most bytes one read from a socket delivers (the size of the
 *     reactor's single direct read buffer); default 65536
 * @param pauseReadingAboveHighWater whether a connection that a listening port accepted (TCP or
 *     UNIX) stops reading while its write buffer holds more than {@code highWaterMark} bytes and
 *     no producer is registered with it, and reads again once the buffer drains to
 *     {@code lowWaterMark}: a request/response server then stops taking requests from a client
 *     that does not read the answers, instead of buffering them without bound. A registered
 *     producer is paused instead, as in Twisted, and reading is left alone; a protocol's own
 *     {@code pauseProducing()} is kept apart and outlasts the drain. Client connections are never
 *     paused this way (two ends that both did it could wait on each other for good). Default
 *     on, where Twisted has no such rule ({@code false} restores that)
 */
public record ReactorOptions(
        String name,
        Duration shutdownTimeout,
        boolean installSignalHandlers,
        Duration stallThreshold,
        int threadPoolSize,
        int highWaterMark,
        int lowWaterMark,
        long maxBufferedBytes,
        int readBufferSize,
        boolean pauseReadingAboveHighWater) {

    /** The default bound of the reactor's thread pool, as Twisted's. */
    public static final int DEFAULT_THREAD_POOL_SIZE = 10;

    /** The default high-water mark of a transport's write buffer, as Twisted's. */
    public static final int DEFAULT_HIGH_WATER_MARK = 64 * 1024;

    /**
     * The default cap on the bytes one transport may buffer, 64 MiB: a thousand times the
     * high-water mark, so a protocol that writes a large payload in one call (a file read into
     * memory, a big query result) is not cut off, while a peer that never reads costs a bounded
     * amount (a server with a default heap survives dozens of them). Connections that read
     * requests stop reading long before this (see
     * {@link ReactorOptions#pauseReadingAboveHighWater()}); the cap catches protocols that write
     * without reading, such as a broadcast to a member that does not read.
     */
    public static final long DEFAULT_MAX_BUFFERED_BYTES = 64L * 1024 * 1024;

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException if a duration is negative, a size is not positive, or the
     *     low-water mark is above the high-water mark
     */
    public ReactorOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(stallThreshold, "stallThreshold");
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout is negative: " + shutdownTimeout);
        }
        if (stallThreshold.isNegative()) {
            throw new IllegalArgumentException("stallThreshold is negative: " + stallThreshold);
        }
        if (threadPoolSize < 1) {
            throw new IllegalArgumentException("threadPoolSize must be at least 1: " + threadPoolSize);
        }
        if (highWaterMark < 0 || lowWaterMark < 0 || lowWaterMark > highWaterMark) {
            throw new IllegalArgumentException(
                    "need 0 <= lowWaterMark <= highWaterMark, got " + lowWaterMark + " and " + highWaterMark);
        }
        if (maxBufferedBytes < 1) {
            throw new IllegalArgumentException("maxBufferedBytes must be positive: " + maxBufferedBytes);
        }
        if (readBufferSize < 1024) {
            throw new IllegalArgumentException("readBufferSize must be at least 1024: " + readBufferSize);
        }
    }

    /**
     * The defaults described on each component.
     *
     * @return the default options
     */
    public static ReactorOptions defaults() {
        return new ReactorOptions("reactor", Duration.ofSeconds(10), false, Duration.ofSeconds(2),
                DEFAULT_THREAD_POOL_SIZE, DEFAULT_HIGH_WATER_MARK, 0, DEFAULT_MAX_BUFFERED_BYTES, 64 * 1024, true);
    }

    /**
     * Returns a copy with another name.
     *
     * @param name the reactor's name
     * @return the changed options
     */
    public ReactorOptions withName(String name) {
        return new ReactorOptions(name, shutdownTimeout, installSignalHandlers, stallThreshold, threadPoolSize,
                highWaterMark, lowWaterMark, maxBufferedBytes, readBufferSize, pauseReadingAboveHighWater);
    }

    /**
     * Returns a copy with another shutdown bound.
     *
     * @param shutdownTimeout how long "before shutdown" Deferreds may delay the stop
     * @return the changed options
     */
    public ReactorOptions withShutdownTimeout(Duration shutdownTimeout) {
        return new ReactorOptions(name, shutdownTimeout, installSignalHandlers, stallThreshold, threadPoolSize,
                highWaterMark, lowWaterMark, maxBufferedBytes, readBufferSize, pauseReadingAboveHighWater);
    }

    /**
     * Returns a copy that does (or does not) stop the reactor on SIGINT and SIGTERM.
     *
     * @param installSignalHandlers whether to handle SIGINT and SIGTERM (and install the JVM
     *     shutdown hook for {@code System.exit})
     * @return the changed options
     */
    public ReactorOptions withInstallSignalHandlers(boolean installSignalHandlers) {
        return new ReactorOptions(name, shutdownTimeout, installSignalHandlers, stallThreshold, threadPoolSize,
                highWaterMark, lowWaterMark, maxBufferedBytes, readBufferSize, pauseReadingAboveHighWater);
    }

    /**
     * Returns a copy with another stall threshold.
     *
     * @param stallThreshold the threshold, {@link Duration#ZERO} to switch the detector off
     * @return the changed options
     */
    public ReactorOptions withStallThreshold(Duration stallThreshold) {
        return new ReactorOptions(name, shutdownTimeout, installSignalHandlers, stallThreshold, threadPoolSize,
                highWaterMark, lowWaterMark, maxBufferedBytes, readBufferSize, pauseReadingAboveHighWater);
    }

    /**
     * Returns a copy with another thread-pool bound.
     *
     * @param threadPoolSize how many blocking tasks may run at once
     * @return the changed options
     */
    public ReactorOptions withThreadPoolSize(int threadPoolSize) {
        return new ReactorOptions(name, shutdownTimeout, installSignalHandlers, stallThreshold, threadPoolSize,
                highWaterMark, lowWaterMark, maxBufferedBytes, readBufferSize, pauseReadingAboveHighWater);
    }

    /**
     * Returns a copy with other water marks.
     *
     * @param highWaterMark pause a streaming producer above this many buffered bytes
     * @param lowWaterMark resume it at or below this many
     * @return the changed options
     */
    public ReactorOptions withWaterMarks(int highWaterMark, int lowWaterMark) {
        return new ReactorOptions(name, shutdownTimeout, installSignalHandlers, stallThreshold, threadPoolSize,
                highWaterMark, lowWaterMark, maxBufferedBytes, readBufferSize, pauseReadingAboveHighWater);
    }

    /**
     * Returns a copy with another hard cap on buffered bytes per transport.
     *
     * @param maxBufferedBytes the cap, {@link Long#MAX_VALUE} for none (Twisted's behaviour)
     * @return the changed options
     * @throws IllegalArgumentException if the cap is not positive
     */
    public ReactorOptions withMaxBufferedBytes(long maxBufferedBytes) {
        return new ReactorOptions(name, shutdownTimeout, installSignalHandlers, stallThreshold, threadPoolSize,
                highWaterMark, lowWaterMark, maxBufferedBytes, readBufferSize, pauseReadingAboveHighWater);
    }

    /**
     * Returns a copy with another read buffer size.
     *
     * @param readBufferSize the most bytes one read delivers
     * @return the changed options
     */
    public ReactorOptions withReadBufferSize(int readBufferSize) {
        return new ReactorOptions(name, shutdownTimeout, installSignalHandlers, stallThreshold, threadPoolSize,
                highWaterMark, lowWaterMark, maxBufferedBytes, readBufferSize, pauseReadingAboveHighWater);
    }

    /**
     * Returns a copy in which connections a listening port accepted do (or do not) stop reading
     * while their write buffer is above the high-water mark and no producer is registered; see
     * {@link #pauseReadingAboveHighWater()}. May be called on any thread; the reactor reads its
     * options when it is created.
     *
     * @param pauseReadingAboveHighWater true (the default) to pause reading, false to read on as
     *     Twisted does
     * @return the changed options
     */
    public ReactorOptions withPauseReadingAboveHighWater(boolean pauseReadingAboveHighWater) {
        return new ReactorOptions(name, shutdownTimeout, installSignalHandlers, stallThreshold, threadPoolSize,
                highWaterMark, lowWaterMark, maxBufferedBytes, readBufferSize, pauseReadingAboveHighWater);
    }

    /**
     * Returns a copy that buffers outgoing bytes as Twisted does: no cap on a transport's write
     * buffer ({@code maxBufferedBytes} {@link Long#MAX_VALUE}) and reading never paused because
     * of it ({@code pauseReadingAboveHighWater} false). The water marks still pause a registered
     * streaming producer. Use it only where every peer is trusted to read what it is sent: a peer
     * that never reads then makes the buffer, and the heap, grow without bound. May be called on
     * any thread.
     *
     * @return the changed options
     */
    public ReactorOptions withTwistedBuffering() {
        return withMaxBufferedBytes(Long.MAX_VALUE).withPauseReadingAboveHighWater(false);
    }
}
