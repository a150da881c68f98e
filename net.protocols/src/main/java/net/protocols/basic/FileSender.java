package net.protocols.basic;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.function.UnaryOperator;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.reactor.Consumer;
import net.reactor.FileRegionConsumer;
import net.reactor.PullProducer;
import net.reactor.ReactorThreads;
import org.jspecify.annotations.Nullable;

/**
 * A pull producer that streams a file, or any {@link InputStream}, into a consumer such as a
 * transport without holding it in memory (Twisted's {@code FileSender}).
 *
 * <p>Each time the consumer asks for more ({@link #resumeProducing()}, which a transport does
 * when its write buffer has drained), the sender reads the next chunk of up to
 * {@value #CHUNK_SIZE} bytes <em>off the reactor thread</em>, on the reactor's virtual-thread
 * pool ({@link ReactorThreads#deferToThread}), and writes it to the consumer back on the reactor
 * thread. So a slow disk or a blocking stream never stalls the reactor, and at most one chunk is
 * in memory at a time.
 *
 * <p>The Deferred returned by {@code beginFileTransfer} fires with the number of bytes written to
 * the consumer once the end of the stream is reached and the producer is unregistered (Twisted
 * fires with the last byte sent, which is seldom useful). It fails with the stream's
 * {@link IOException} if reading fails, and with {@link ProducerStoppedException} if the consumer
 * stops the producer first (for example because the connection was lost). Cancelling it stops the
 * transfer and unregisters the producer. Whatever the outcome, the stream is closed, off the
 * reactor thread.
 *
 * <p>A file ({@link #beginFileTransfer(Path, Consumer)}) sent to a consumer that sends files
 * itself (a {@link FileRegionConsumer}: a TCP or UNIX connection's transport) goes as one region
 * instead, from the page cache to the socket without passing through the heap (sendfile(2)); the
 * file is opened and closed off the reactor thread, no producer is registered, and
 * {@link #bytesSent()} reads the total once it has gone. A failure then is the connection's
 * ({@link ProducerStoppedException}, caused by its reason), and cancelling aborts the connection,
 * since a region half sent cannot be taken back.
 *
 * <p>A sender makes one transfer at a time; create one per transfer.
 *
 * <p><b>Threading:</b> {@code beginFileTransfer} and the producer methods run on the reactor
 * thread; only reading and closing the stream happen elsewhere, one task at a time.
 *
 * {@snippet :
 * new FileSender(reactor)
 *         .beginFileTransfer(Path.of("big.iso"), transport())
 *         .addCallback(sent -> { transport().loseConnection(); return sent; });
 * }
 */
public final class FileSender implements PullProducer {

    /** How many bytes are read and written at a time: 16 KiB, as in Twisted. */
    public static final int CHUNK_SIZE = 16 * 1024;

    private static final System.Logger LOG = System.getLogger(FileSender.class.getName());

    private final ReactorThreads threads;
    // Handed from the reactor thread to the read and close tasks, which run one at a time.
    private @Nullable InputStream stream;
    private @Nullable Path file;
    // Reactor-thread state.
    private @Nullable Consumer consumer;
    private UnaryOperator<byte[]> transform = UnaryOperator.identity();
    private @Nullable Deferred<Long> deferred;
    private boolean started;
    private boolean finished;
    private boolean reading;
    private long sent;

    /**
     * Creates a sender that reads on {@code threads}' virtual-thread pool.
     *
     * @param threads the reactor (or its thread role) whose pool does the blocking reads
     */
    public FileSender(ReactorThreads threads) {
        this.threads = Objects.requireNonNull(threads, "threads");
    }

    /**
     * Streams {@code file} into {@code consumer}. The file is opened off the reactor thread on
     * the first read; failing to open it fails the returned Deferred.
     *
     * @param file the file to send
     * @param consumer where to write it, usually a transport
     * @return fires with the number of bytes written; see the class description for failures
     * @throws IllegalStateException if this sender was already used
     */
    public Deferred<Long> beginFileTransfer(Path file, Consumer consumer) {
        Objects.requireNonNull(file, "file");
        if (consumer instanceof FileRegionConsumer direct) {
            return sendRegion(file, direct);
        }
        return begin(null, file, consumer, UnaryOperator.identity());
    }

    /**
     * The consumer sends files itself: the file is opened (and sized) off the reactor thread,
     * sent as one region, and closed off the reactor thread once the region has gone or failed.
     */
    private Deferred<Long> sendRegion(Path path, FileRegionConsumer direct) {
        if (started) {
            throw new IllegalStateException("this FileSender was already used; create one per transfer");
        }
        started = true;
        consumer = direct;
        return threads.deferToThread(() -> FileChannel.open(path, StandardOpenOption.READ))
                .addCallbackDeferred(channel -> {
                    long size;
                    try {
                        size = channel.size();
                    } catch (IOException e) {
                        threads.callInThread(() -> closeQuietly(channel));
                        throw e;
                    }
                    return direct.sendFile(channel, 0, size).addBoth(outcome -> {
                        threads.callInThread(() -> closeQuietly(channel));
                        return switch (outcome) {
                            case Outcome.Success<Long> s -> {
                                sent = s.value();
                                yield s.value();
                            }
                            case Outcome.Failed<Long> f -> {
                                ProducerStoppedException stopped = new ProducerStoppedException(
                                        "the connection ended the file transfer: " + f.failure().value());
                                stopped.initCause(f.failure().value());
                                throw stopped;
                            }
                        };
                    });
                });
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the file of a file transfer failed", e);
        }
    }

    /**
     * Streams {@code stream} into {@code consumer}. The sender closes the stream when the
     * transfer ends.
     *
     * @param stream the data to send; read only off the reactor thread
     * @param consumer where to write it, usually a transport
     * @return fires with the number of bytes written; see the class description for failures
     * @throws IllegalStateException if this sender was already used
     */
    public Deferred<Long> beginFileTransfer(InputStream stream, Consumer consumer) {
        return beginFileTransfer(stream, consumer, UnaryOperator.identity());
    }

    /**
     * Streams {@code stream} into {@code consumer}, passing each chunk through
     * {@code transform} first (on the reactor thread). The sender closes the stream when the
     * transfer ends.
     *
     * @param stream the data to send; read only off the reactor thread
     * @param consumer where to write it, usually a transport
     * @param transform maps each chunk read to the bytes to write
     * @return fires with the number of bytes written (after the transform)
     * @throws IllegalStateException if this sender was already used
     */
    public Deferred<Long> beginFileTransfer(InputStream stream, Consumer consumer, UnaryOperator<byte[]> transform) {
        Objects.requireNonNull(stream, "stream");
        return begin(stream, null, consumer, transform);
    }

    private Deferred<Long> begin(
            @Nullable InputStream in, @Nullable Path path, Consumer target, UnaryOperator<byte[]> map) {
        Objects.requireNonNull(target, "consumer");
        Objects.requireNonNull(map, "transform");
        if (started) {
            throw new IllegalStateException("this FileSender was already used; create one per transfer");
        }
        started = true;
        stream = in;
        file = path;
        consumer = target;
        transform = map;
        Deferred<Long> d = new Deferred<>(ignored -> cancelTransfer());
        deferred = d;
        target.registerProducer(this);
        return d;
    }

    /** Reads the next chunk off the reactor thread and writes it when it arrives. */
    @Override
    public void resumeProducing() {
        if (finished || reading || consumer == null) {
            return; // a chunk is on its way; the consumer will ask again once it is written
        }
        reading = true;
        threads.deferToThread(this::readChunk).addBoth(this::chunkRead);
    }

    /** The consumer is going away: stop, close the stream, fail the transfer. */
    @Override
    public void stopProducing() {
        if (finished) {
            return;
        }
        finished = true;
        closeStreamUnlessReading();
        fire(Outcome.failed(new ProducerStoppedException("the consumer stopped the file transfer after "
                + sent + " bytes")));
    }

    /**
     * How many bytes have been written to the consumer so far.
     *
     * @return the count, after the transform
     */
    public long bytesSent() {
        return sent;
    }

    private byte[] readChunk() throws IOException {
        InputStream in = stream;
        if (in == null) {
            in = Files.newInputStream(Objects.requireNonNull(file, "file"));
            stream = in;
        }
        return in.readNBytes(CHUNK_SIZE);
    }

    private @Nullable Void chunkRead(Outcome<byte[]> outcome) {
        reading = false;
        if (finished) {
            closeStreamUnlessReading();
            return null;
        }
        switch (outcome) {
            case Outcome.Failed<byte[]> f -> finish(Outcome.failed(f.failure()));
            case Outcome.Success<byte[]> s when s.value().length == 0 -> finish(Outcome.success(sent));
            case Outcome.Success<byte[]> s -> {
                byte[] out = transform.apply(s.value());
                sent += out.length;
                Objects.requireNonNull(consumer).write(out);
            }
        }
        return null;
    }

    private void finish(Outcome<Long> outcome) {
        finished = true;
        Objects.requireNonNull(consumer).unregisterProducer();
        closeStreamUnlessReading();
        fire(outcome);
    }

    private void cancelTransfer() {
        if (finished) {
            return;
        }
        finished = true;
        Objects.requireNonNull(consumer).unregisterProducer();
        closeStreamUnlessReading();
        // The Deferred is left unfired, so cancel() fails it with CancelledException.
        deferred = null;
    }

    private void fire(Outcome<Long> outcome) {
        Deferred<Long> d = deferred;
        deferred = null;
        if (d == null) {
            return;
        }
        switch (outcome) {
            case Outcome.Success<Long> s -> d.callback(s.value());
            case Outcome.Failed<Long> f -> d.errback(f.failure());
        }
    }

    /** Closes the stream on the pool, unless a read is running: its completion closes it then. */
    private void closeStreamUnlessReading() {
        if (reading) {
            return;
        }
        threads.callInThread(this::closeStream);
    }

    private void closeStream() {
        InputStream in = stream;
        stream = null;
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing the stream of a file transfer failed", e);
            }
        }
    }
}
