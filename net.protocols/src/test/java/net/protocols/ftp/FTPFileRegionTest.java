package net.protocols.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import net.deferred.Deferred;
import net.protocols.internal.ftp.DataConnection;
import net.protocols.internal.ftp.DiskReadFile;
import net.reactor.Consumer;
import net.reactor.FileRegionConsumer;
import net.reactor.testing.MemoryReactor;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download on a plain data connection goes out as one file region (sendfile), from the offset
 * the file was opened at, no producer involved; the file is closed once the region is sent; and
 * the stall timer counts the region's progress, which no write reports. Over real sockets, the
 * bytes themselves are checked by {@code FTPClientTest} (plain and TLS, whole and resumed).
 */
class FTPFileRegionTest {
    @TempDir
    Path root;

    /** A transport double that sends files itself: it records the region and its unsent bytes. */
    static final class RegionTransport extends StringTransport implements FileRegionConsumer {
        FileChannel file;
        long position = -1;
        long count = -1;
        long unsent;
        final Deferred<Long> sent = new Deferred<>();

        @Override
        public Deferred<Long> sendFile(FileChannel file, long position, long count) {
            this.file = file;
            this.position = position;
            this.count = count;
            this.unsent = count;
            return sent;
        }

        @Override
        public long bufferedBytes() {
            return unsent;
        }
    }

    private FileChannel open(int size, long offset) throws Exception {
        Path p = root.resolve("f.bin");
        Files.write(p, new byte[size]);
        FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
        ch.position(offset);
        return ch;
    }

    @Test
    void aPlainDataConnectionGetsTheRestOfTheFileAsOneRegionAndTheFileIsClosedAfter() throws Exception {
        MemoryReactor reactor = new MemoryReactor();
        DataConnection data = new DataConnection(reactor, Duration.ofSeconds(60), null);
        RegionTransport t = new RegionTransport();
        t.connect(data);
        Consumer consumer = data.consumer();
        assertThat(consumer).isInstanceOf(FileRegionConsumer.class);

        FileChannel ch = open(1_000_000, 1234);
        Deferred<Long> done = new DiskReadFile(reactor, ch).send(consumer);
        assertThat(t.file).isSameAs(ch);
        assertThat(t.position).isEqualTo(1234);
        assertThat(t.count).isEqualTo(1_000_000 - 1234);
        assertThat(t.producer()).as("no producer: the region is the transfer").isNull();
        assertThat(t.value()).isEmpty();
        assertThat(ch.isOpen()).isTrue();

        t.unsent = 0;
        t.sent.callback(t.count);
        assertThat(done.peek()).isEqualTo(net.deferred.Outcome.success(1_000_000L - 1234));
        assertThat(ch.isOpen()).as("closed once the region went").isFalse();
    }

    @Test
    void theStallTimerCountsARegionsProgressAndAbortsWhenItStops() throws Exception {
        MemoryReactor reactor = new MemoryReactor();
        DataConnection data = new DataConnection(reactor, Duration.ofSeconds(60), null);
        RegionTransport t = new RegionTransport();
        t.connect(data);
        FileChannel ch = open(10_000_000, 0);
        new DiskReadFile(reactor, ch).send(data.consumer());

        reactor.advance(Duration.ofSeconds(30));
        t.unsent -= 3_000_000; // the peer reads
        reactor.advance(Duration.ofSeconds(30));
        assertThat(t.isDisconnected()).as("moving: not a stall").isFalse();
        assertThat(data.stalled()).isFalse();
        reactor.advance(Duration.ofSeconds(60)); // nothing moved for a whole timeout
        assertThat(data.stalled()).isTrue();
        assertThat(t.isDisconnected()).isTrue();
        ch.close();
    }
}
