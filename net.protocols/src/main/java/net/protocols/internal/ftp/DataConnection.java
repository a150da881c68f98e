package net.protocols.internal.ftp;

import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.deferred.Deferred;
import net.protocols.ftp.WriteFile;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSHandshakeListener;
import net.protocols.tls.TLSTransport;
import net.protocols.tls.TLSServerOptions;
import net.reactor.Consumer;
import net.reactor.DelayedCall;
import net.reactor.FileRegionConsumer;
import net.reactor.Producer;
import net.reactor.Protocol;
import net.reactor.PushProducer;
import net.reactor.ReactorTime;
import org.jspecify.annotations.Nullable;

/**
 * One FTP data connection, accepted (passive) or made (active). With {@code PROT P} it starts TLS
 * as the server as soon as it is connected. It carries one transfer: a download writes through
 * {@link #consumer()}, an upload reads through {@link #receiveInto}. While a transfer runs, a
 * stall timer aborts the connection when no byte moves for the data idle timeout (a client that
 * never reads, or never sends), except while the server itself holds an upload back for its disk.
 *
 * <p>Reactor thread only.
 */
public final class DataConnection extends Protocol implements TLSHandshakeListener {
    /** Bytes an upload may send before the file is open; then the connection is paused. */
    static final int EARLY_LIMIT = 256 * 1024;

    private final ReactorTime time;
    private final Duration stallTimeout;
    private final @Nullable TLSServerOptions tls;
    private final Deferred<DataConnection> made = new Deferred<>();
    private final Deferred<Throwable> lost = new Deferred<>();
    private @Nullable WriteFile sink;
    private List<byte[]> early = new ArrayList<>();
    private long earlyBytes;
    private boolean pausedEarly;
    private boolean transferring;
    private boolean heldBySink;
    private boolean stalled;
    private @Nullable DelayedCall stallTimer;
    private long bytes;
    private boolean handshaken;
    private boolean closeAfterHandshake;
    /** A download's file region is queued on the connection (sent without passing through {@link #consumer()}'s writes). */
    private boolean fileRegionPending;
    /** The connection's unsent bytes when a file region was queued, or when the stall timer last looked. */
    private long unsentAtLastCheck;

    /**
     * Creates the protocol for one data connection.
     *
     * @param time schedules the stall timer
     * @param stallTimeout how long a transfer may move no byte
     * @param tls the server's TLS options when the data is protected, else null
     */
    public DataConnection(ReactorTime time, Duration stallTimeout, @Nullable TLSServerOptions tls) {
        this.time = Objects.requireNonNull(time, "time");
        this.stallTimeout = Objects.requireNonNull(stallTimeout, "stallTimeout");
        this.tls = tls;
    }

    /**
     * Fires with this connection once it is connected (TLS, if any, started).
     *
     * @return the Deferred; fires once
     */
    Deferred<DataConnection> made() {
        return made;
    }

    /**
     * Fires with the reason once the connection is lost.
     *
     * @return the Deferred; fires once
     */
    public Deferred<Throwable> lost() {
        return lost;
    }

    /**
     * Whether the stall timer ended the connection.
     *
     * @return true after a stall
     */
    public boolean stalled() {
        return stalled;
    }

    /**
     * Bytes moved so far, in either direction.
     *
     * @return the count
     */
    public long bytes() {
        return bytes;
    }

    @Override
    public void connectionMade() {
        if (tls != null) {
            TLS.startTLS(transport(), tls);
        }
        made.callback(this);
    }

    /**
     * Ends the transfer cleanly. With TLS, an empty transfer (an empty file or listing) still
     * waits for the handshake to complete first: the TLS layer would otherwise close at once,
     * and clients such as lftp (GnuTLS) take a data connection closed mid-handshake for an error.
     */
    public void finish() {
        if (tls != null && !handshaken) {
            closeAfterHandshake = true; // the handshake timeout still bounds the wait
            return;
        }
        transport().loseConnection();
    }

    /**
     * The data connection's TLS handshake completed: a close asked for before it goes ahead now.
     *
     * @param tlsView the TLS view of the connection
     */
    @Override
    public void handshakeCompleted(TLSTransport tlsView) {
        handshaken = true;
        if (closeAfterHandshake && connected()) {
            transport().loseConnection();
        }
    }

    @Override
    public void dataReceived(byte[] data) {
        bytes += data.length;
        touch();
        WriteFile s = sink;
        if (s != null) {
            s.write(data);
            return;
        }
        early.add(data);
        earlyBytes += data.length;
        if (earlyBytes > EARLY_LIMIT && !pausedEarly) {
            pausedEarly = true;
            transport().pauseProducing();
        }
    }

    @Override
    public void connectionLost(Throwable reason) {
        super.connectionLost(reason);
        cancelTimer();
        transferring = false;
        lost.callback(reason);
    }

    /**
     * A consumer for a download: writes go to the connection, and each one counts as progress.
     * On a plain connection (no TLS) it is also a {@link FileRegionConsumer}, so a file goes from
     * the page cache to the socket; the stall timer then counts a fall in the connection's
     * unsent bytes as progress.
     *
     * @return the consumer; the connection's back-pressure reaches the producer registered on it
     */
    public Consumer consumer() {
        startTransfer();
        if (tls == null && transport() instanceof FileRegionConsumer files) {
            return new FileDownloadConsumer(files);
        }
        return new DownloadConsumer();
    }

    /**
     * A plain connection's download consumer, which also sends file regions: the bytes go from
     * the file to the socket, and the stall timer watches the connection's unsent bytes instead
     * of writes.
     */
    private final class FileDownloadConsumer extends DownloadConsumer implements FileRegionConsumer {
        private final FileRegionConsumer files;

        FileDownloadConsumer(FileRegionConsumer files) {
            this.files = files;
        }

        @Override
        public Deferred<Long> sendFile(FileChannel file, long position, long count) {
            bytes += count;
            fileRegionPending = true;
            touch();
            Deferred<Long> sent = files.sendFile(file, position, count);
            if (connected()) {
                unsentAtLastCheck = transport().bufferedBytes();
            }
            return sent.addFinally(() -> fileRegionPending = false);
        }
    }

    /** Passes a download's writes and producer to the connection, counting each write as progress. */
    private class DownloadConsumer implements Consumer {
        @Override
        public void registerProducer(Producer producer, boolean streaming) {
            transport().registerProducer(producer, streaming);
        }

        @Override
        public void unregisterProducer() {
            if (connected()) {
                transport().unregisterProducer();
            }
        }

        @Override
        public void write(byte[] data) {
            bytes += data.length;
            touch();
            transport().write(data);
        }
    }

    /**
     * Starts an upload: the bytes received so far and every later one go to {@code file}, which
     * paces this connection as its producer.
     *
     * @param file the open file
     */
    public void receiveInto(WriteFile file) {
        sink = Objects.requireNonNull(file, "file");
        startTransfer();
        List<byte[]> pending = early;
        early = new ArrayList<>();
        earlyBytes = 0;
        for (byte[] data : pending) {
            file.write(data);
        }
        if (!connected()) {
            return;
        }
        file.registerProducer(new PushProducer() {
            @Override
            public void pauseProducing() {
                heldBySink = true;
                cancelTimer();
                transport().pauseProducing();
            }

            @Override
            public void resumeProducing() {
                heldBySink = false;
                touch();
                transport().resumeProducing();
            }

            @Override
            public void stopProducing() {
                transport().abortConnection();
            }
        }, true);
        if (pausedEarly && !heldBySink) {
            pausedEarly = false;
            transport().resumeProducing();
        }
    }

    private void startTransfer() {
        transferring = true;
        touch();
    }

    private void touch() {
        if (!transferring || heldBySink || !connected()) {
            return;
        }
        DelayedCall t = stallTimer;
        if (t != null && t.active()) {
            t.reset(stallTimeout);
            return;
        }
        stallTimer = time.callLater(stallTimeout, () -> {
            if (fileRegionPending && connected()) {
                // A file region moves no write through here: its unsent bytes tell whether it moves.
                long unsent = transport().bufferedBytes();
                if (unsent != unsentAtLastCheck) {
                    unsentAtLastCheck = unsent;
                    stallTimer = null;
                    touch();
                    return;
                }
            }
            stalled = true;
            transport().abortConnection();
        });
    }

    private void cancelTimer() {
        DelayedCall t = stallTimer;
        stallTimer = null;
        if (t != null && t.active()) {
            t.cancel();
        }
    }
}
