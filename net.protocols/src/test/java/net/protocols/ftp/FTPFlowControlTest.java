package net.protocols.ftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import net.protocols.internal.ftp.DiskReadFile;
import net.protocols.internal.ftp.DiskWriteFile;
import net.reactor.PushProducer;
import net.reactor.testing.StringTransport;
import net.reactor.testing.StringTransport.ProducerState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transfers in the middle: file work waits in a {@link QueuedThreads} queue, so the test sees
 * what is in memory, what is paused and what the stall timer does while reads or writes pend.
 */
class FTPFlowControlTest {
    @TempDir
    Path root;

    private final QueuedThreads threads = new QueuedThreads();
    private Session s;

    @BeforeEach
    void start() {
        s = new Session(root, Session.options(), null, threads);
        s.output();
        s.login();
    }

    @Test
    void aDownloadReadsOneChunkAheadAndNoMoreWhileTheClientIsNotReading() throws IOException {
        byte[] content = new byte[5 * DiskReadFile.CHUNK + 17];
        new SplittableRandom(1).nextBytes(content);
        Files.write(root.resolve("big.bin"), content);
        StringTransport data = s.passive();
        s.send("RETR big.bin");
        threads.runOne(); // open
        assertThat(s.output()).isEqualTo("150 Opening BINARY mode data connection for /big.bin.\r\n");
        PushProducer producer = (PushProducer) data.producer();
        assertThat(producer).isNotNull();
        threads.runOne(); // first chunk: written at once, the next read starts
        assertThat(data.value()).hasSize(DiskReadFile.CHUNK);
        producer.pauseProducing(); // the client's socket buffer is full
        threads.runAll(); // the read ahead completes and is held back
        assertThat(data.value()).hasSize(DiskReadFile.CHUNK);
        assertThat(threads.pending()).isZero(); // no further read while paused

        producer.resumeProducing();
        threads.runAll();
        assertThat(data.value()).isEqualTo(content);
        assertThat(s.output()).isEqualTo("226 Transfer complete.\r\n");
        threads.runAll(); // the file is closed
    }

    @Test
    void aDownloadTheClientStopsReadingIsAbortedAfterTheStallTimeout() throws IOException {
        Files.write(root.resolve("big.bin"), new byte[3 * DiskReadFile.CHUNK]);
        StringTransport data = s.passive();
        s.send("RETR big.bin");
        threads.runOne();
        threads.runOne();
        ((PushProducer) data.producer()).pauseProducing();
        threads.runAll();
        s.advance(Duration.ofSeconds(59));
        assertThat(s.output()).isEqualTo("150 Opening BINARY mode data connection for /big.bin.\r\n");
        s.advance(Duration.ofSeconds(1));
        assertThat(s.output()).isEqualTo("426 Data connection timed out: no progress for 60 s.\r\n");
        assertThat(data.isDisconnected()).isTrue();
        assertThat(s.send("NOOP")).isEqualTo("200 NOOP ok.\r\n");
        threads.runAll();
    }

    @Test
    void anUploadFasterThanTheDiskIsPausedAndResumed() throws IOException {
        StringTransport data = s.passive();
        s.send("STOR up.bin");
        threads.runOne(); // open
        assertThat(s.output()).isEqualTo("150 Ok to send data for /up.bin.\r\n");
        byte[] chunk = new byte[64 * 1024];
        int chunks = 0;
        while (data.producerState() == ProducerState.PRODUCING) {
            new SplittableRandom(chunks).nextBytes(chunk);
            data.protocol().dataReceived(chunk.clone());
            chunks++;
            assertThat(chunks).isLessThan(100);
        }
        // Paused just above the high-water mark: at most that much waits for the disk.
        assertThat((long) chunks * chunk.length).isBetween((long) DiskWriteFile.HIGH_WATER,
                (long) DiskWriteFile.HIGH_WATER + chunk.length);
        // While the server holds the upload back, the stall timer does not run.
        s.advance(Duration.ofMinutes(5));
        assertThat(data.isDisconnected()).isFalse();
        threads.runAll(); // the disk catches up
        assertThat(data.producerState()).isEqualTo(ProducerState.PRODUCING);
        data.deliverConnectionLost(new net.reactor.ConnectionDoneException("done"));
        threads.runAll(); // close
        assertThat(s.output()).isEqualTo("226 Transfer complete.\r\n");
        byte[] written = Files.readAllBytes(root.resolve("up.bin"));
        assertThat(written).hasSize(chunks * chunk.length);
        byte[] expected = new byte[chunk.length];
        new SplittableRandom(chunks - 1).nextBytes(expected);
        assertThat(java.util.Arrays.copyOfRange(written, written.length - chunk.length, written.length))
                .isEqualTo(expected);
    }

    @Test
    void theShellNeverRunsFileWorkOnTheCallingThread() {
        s.send("SIZE nothing", "MKD d");
        // Nothing happened yet: both wait in the pool's queue, and are answered in order.
        assertThat(s.output()).isEmpty();
        threads.runAll();
        assertThat(s.output()).isEqualTo("550 No such file or directory.\r\n257 \"/d\" created.\r\n");
        assertThat(root.resolve("d")).isDirectory();
        assertThat("x".getBytes(UTF_8)).hasSize(1);
    }
}
