package net.protocols.basic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Callable;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.deferred.ThrowingSupplier;
import net.reactor.ReactorThreads;
import net.reactor.testing.StringTransport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSenderTest {

    /**
     * A ReactorThreads whose "pool" runs tasks only when the test says so, on the test's thread,
     * firing their Deferreds as the reactor would.
     */
    static final class ManualThreads implements ReactorThreads {
        final ArrayDeque<Runnable> pending = new ArrayDeque<>();
        int closes;

        @Override
        public void callFromThread(Runnable task) {
            task.run();
        }

        @Override
        public void callInThread(Runnable task) {
            closes++;
            task.run();
        }

        @Override
        public <T> Deferred<T> deferToThread(Callable<T> task) {
            Deferred<T> d = new Deferred<>();
            pending.add(() -> {
                T value;
                try {
                    value = task.call();
                } catch (Exception e) {
                    d.errback(e);
                    return;
                }
                d.callback(value);
            });
            return d;
        }

        @Override
        public <T> T blockingCallFromThread(ThrowingSupplier<? extends Deferred<T>> call) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void suggestThreadPoolSize(int maxThreads) {}

        void runAll(StringTransport consumer) {
            // The consumer asks for more each time its buffer drains, as a transport does.
            while (!pending.isEmpty()) {
                pending.poll().run();
                if (consumer.producer() != null) {
                    ((net.reactor.PullProducer) consumer.producer()).resumeProducing();
                }
            }
        }
    }

    static final class TrackingStream extends ByteArrayInputStream {
        boolean closed;

        TrackingStream(byte[] data) {
            super(data);
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }

    private static @Nullable Outcome<Long> outcome(Deferred<Long> d) {
        return d.peek();
    }

    @Test
    void streamsEverythingInChunksAndFiresWithTheByteCount() {
        byte[] data = new byte[3 * FileSender.CHUNK_SIZE + 123];
        new Random(3).nextBytes(data);
        ManualThreads threads = new ManualThreads();
        StringTransport transport = new StringTransport();
        TrackingStream in = new TrackingStream(data);
        FileSender sender = new FileSender(threads);

        Deferred<Long> d = sender.beginFileTransfer(in, transport);
        assertThat(transport.producer()).isSameAs(sender);
        assertThat(transport.isStreaming()).isFalse();

        sender.resumeProducing();
        sender.resumeProducing(); // a second request while a read is in flight is ignored
        assertThat(threads.pending).hasSize(1);
        threads.pending.poll().run();
        assertThat(transport.value()).hasSize(FileSender.CHUNK_SIZE);
        assertThat(d.called()).isFalse();

        sender.resumeProducing();
        threads.runAll(transport);
        assertThat(transport.value()).isEqualTo(data);
        assertThat(outcome(d)).isEqualTo(Outcome.success((long) data.length));
        assertThat(transport.producer()).isNull();
        assertThat(in.closed).isTrue();
    }

    @Test
    void sendsAFileByPath(@TempDir Path dir) throws IOException {
        byte[] data = new byte[40_000];
        new Random(5).nextBytes(data);
        Path file = dir.resolve("data.bin");
        Files.write(file, data);
        ManualThreads threads = new ManualThreads();
        StringTransport transport = new StringTransport();
        Deferred<Long> d = new FileSender(threads).beginFileTransfer(file, transport);
        ((net.reactor.PullProducer) transport.producer()).resumeProducing();
        threads.runAll(transport);
        assertThat(transport.value()).isEqualTo(data);
        assertThat(outcome(d)).isEqualTo(Outcome.success(40_000L));
    }

    @Test
    void appliesTheTransformToEachChunk() {
        ManualThreads threads = new ManualThreads();
        StringTransport transport = new StringTransport();
        FileSender sender = new FileSender(threads);
        Deferred<Long> d = sender.beginFileTransfer(
                new ByteArrayInputStream(Text.b("abc")), transport, chunk -> Text.b(Text.s(chunk).toUpperCase() + "!"));
        sender.resumeProducing();
        threads.runAll(transport);
        assertThat(Text.s(transport.value())).isEqualTo("ABC!");
        assertThat(outcome(d)).isEqualTo(Outcome.success(4L));
    }

    @Test
    void stopProducingFailsTheTransferAndClosesTheStream() {
        ManualThreads threads = new ManualThreads();
        StringTransport transport = new StringTransport();
        TrackingStream in = new TrackingStream(new byte[100_000]);
        FileSender sender = new FileSender(threads);
        Deferred<Long> d = sender.beginFileTransfer(in, transport);
        sender.resumeProducing();
        threads.pending.poll().run();
        sender.resumeProducing(); // a read is now in flight
        sender.stopProducing();
        assertThat(in.closed).as("closed only once the read in flight returns").isFalse();
        assertThat(outcome(d)).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed<Long>) outcome(d)).failure().value())
                .isInstanceOf(ProducerStoppedException.class)
                .hasMessageContaining("16384 bytes");
        threads.pending.poll().run();
        assertThat(in.closed).isTrue();
        assertThat(transport.value()).hasSize(FileSender.CHUNK_SIZE);
    }

    @Test
    void readErrorFailsTheTransfer() {
        ManualThreads threads = new ManualThreads();
        StringTransport transport = new StringTransport();
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk on fire");
            }
        };
        FileSender sender = new FileSender(threads);
        Deferred<Long> d = sender.beginFileTransfer(broken, transport);
        sender.resumeProducing();
        threads.runAll(transport);
        assertThat(((Outcome.Failed<Long>) outcome(d)).failure().value()).hasMessage("disk on fire");
        assertThat(transport.producer()).isNull();
    }

    @Test
    void cancellingStopsTheTransfer() {
        ManualThreads threads = new ManualThreads();
        StringTransport transport = new StringTransport();
        TrackingStream in = new TrackingStream(new byte[10]);
        FileSender sender = new FileSender(threads);
        Deferred<Long> d = sender.beginFileTransfer(in, transport);
        d.cancel();
        assertThat(((Outcome.Failed<Long>) outcome(d)).failure().value()).isInstanceOf(CancelledException.class);
        assertThat(transport.producer()).isNull();
        assertThat(in.closed).isTrue();
        sender.resumeProducing();
        assertThat(threads.pending).isEmpty();
    }

    @Test
    void aSenderIsUsedOnce() {
        FileSender sender = new FileSender(new ManualThreads());
        sender.beginFileTransfer(new ByteArrayInputStream(new byte[0]), new StringTransport());
        assertThatThrownBy(() -> sender.beginFileTransfer(new ByteArrayInputStream(new byte[0]), new StringTransport()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void emptyStreamFiresWithZero() {
        ManualThreads threads = new ManualThreads();
        StringTransport transport = new StringTransport();
        FileSender sender = new FileSender(threads);
        Deferred<Long> d = sender.beginFileTransfer(new ByteArrayInputStream(new byte[0]), transport);
        sender.resumeProducing();
        threads.runAll(transport);
        assertThat(outcome(d)).isEqualTo(Outcome.success(0L));
        assertThat(Arrays.equals(transport.value(), new byte[0])).isTrue();
    }
}
