package net.protocols.policies;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import net.protocols.internal.Repr;
import net.reactor.Address;
import net.reactor.Factory;
import net.reactor.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * Logs every connection's traffic, both ways, to a file of its own (Twisted's
 * {@code TrafficLoggingFactory}): a debugging aid.
 *
 * <p>Connection {@code N} (counting from 1; {@link #resetCounter()} starts again) is logged to
 * the file {@code <logfilePrefix>-N}, one line per event, flushed at once:
 * <pre>
 * *                                   connection made
 * C N: b'bytes received'              dataReceived
 * S N: b'bytes written'               write
 * SV N: [b'first', b'second']         writeSequence
 * S N: *                              loseConnection (with or without a reason)
 * S N: abort                          abortConnection
 * C N: net.reactor.ConnectionDoneException: ...    connectionLost, with the reason
 * </pre>
 * Bytes are rendered as Python's {@code repr()} renders them, so any byte is safe in the log:
 * printable ASCII as is, others as {@code \xNN}. With a {@code lengthLimit}, data longer than it
 * is cut to {@code lengthLimit - 12} bytes and followed by {@code <... elided>} (outside the
 * quotes: Twisted's Python 3 version mixes bytes and text there and fails). The file is closed
 * when the connection is lost (Twisted leaves it open).
 *
 * <p>The log is written synchronously on the reactor thread; a write error is reported once
 * through {@link System.Logger} and ends logging for that connection.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
public class TrafficLoggingFactory extends WrappingFactory {
    private static final System.Logger LOG = System.getLogger(TrafficLoggingFactory.class.getName());
    private static final String ELIDED = "<... elided>";

    private final Path logfilePrefix;
    private final int lengthLimit;
    private int counter;

    /**
     * Creates a factory that logs data in full.
     *
     * @param wrappedFactory builds the protocols
     * @param logfilePrefix the log files' path, to which {@code -N} is appended
     */
    public TrafficLoggingFactory(Factory wrappedFactory, Path logfilePrefix) {
        this(wrappedFactory, logfilePrefix, 0);
    }

    /**
     * Creates a factory that cuts long data in the log.
     *
     * @param wrappedFactory builds the protocols
     * @param logfilePrefix the log files' path, to which {@code -N} is appended
     * @param lengthLimit data longer than this is cut; 0 for no limit
     * @throws IllegalArgumentException if {@code lengthLimit} is negative or the prefix has no
     *     file name
     */
    public TrafficLoggingFactory(Factory wrappedFactory, Path logfilePrefix, int lengthLimit) {
        super(wrappedFactory);
        this.logfilePrefix = Objects.requireNonNull(logfilePrefix, "logfilePrefix");
        if (logfilePrefix.getFileName() == null) {
            throw new IllegalArgumentException("the log file prefix needs a file name: " + logfilePrefix);
        }
        if (lengthLimit < 0) {
            throw new IllegalArgumentException("lengthLimit must not be negative: " + lengthLimit);
        }
        this.lengthLimit = lengthLimit;
    }

    /**
     * Opens the next log file and builds a logging protocol for the connection.
     *
     * @param address the peer's address
     * @return the wrapper, or null if the wrapped factory refused the connection
     * @throws UncheckedIOException if the log file cannot be opened
     */
    @Override
    public @Nullable Protocol buildProtocol(Address address) {
        Protocol inner = wrappedFactory().buildProtocol(address);
        if (inner == null) {
            return null;
        }
        int number = ++counter;
        Path file = logfilePrefix.resolveSibling(logfilePrefix.getFileName() + "-" + number);
        try {
            return new TrafficLoggingProtocol(this, inner, open(file), number);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the traffic log " + file, e);
        }
    }

    /**
     * Opens one connection's log file; override to log elsewhere.
     *
     * @param file the file's path
     * @return a writer, closed when the connection is lost
     * @throws IOException if it cannot be opened
     */
    protected Writer open(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    /** Numbers the next connection 1 again. */
    public void resetCounter() {
        counter = 0;
    }

    private String render(byte[] data) {
        if (lengthLimit > 0 && data.length > lengthLimit) {
            return Repr.bytes(data, Math.max(0, lengthLimit - ELIDED.length())) + ELIDED;
        }
        return Repr.bytes(data, data.length);
    }

    private static final class TrafficLoggingProtocol extends ProtocolWrapper {
        private final TrafficLoggingFactory factory;
        private final int number;
        private @Nullable Writer log;

        TrafficLoggingProtocol(TrafficLoggingFactory factory, Protocol wrapped, Writer log, int number) {
            super(factory, wrapped);
            this.factory = factory;
            this.log = log;
            this.number = number;
        }

        @Override
        public void connectionMade() {
            log("*");
        }

        @Override
        public void dataReceived(byte[] data) {
            log("C " + number + ": " + factory.render(data));
            super.dataReceived(data);
        }

        @Override
        public void connectionLost(Throwable reason) {
            log("C " + number + ": " + reason);
            close();
            super.connectionLost(reason);
        }

        @Override
        public void write(byte[] data) {
            log("S " + number + ": " + factory.render(data));
            super.write(data);
        }

        @Override
        public void writeSequence(List<byte[]> data) {
            StringJoiner parts = new StringJoiner(", ", "[", "]");
            for (byte[] chunk : data) {
                parts.add(factory.render(chunk));
            }
            log("SV " + number + ": " + parts);
            super.writeSequence(data);
        }

        @Override
        public void loseConnection() {
            log("S " + number + ": *");
            super.loseConnection();
        }

        @Override
        public void loseConnection(Throwable reason) {
            log("S " + number + ": *");
            super.loseConnection(reason);
        }

        @Override
        public void abortConnection() {
            log("S " + number + ": abort");
            super.abortConnection();
        }

        private void log(String line) {
            Writer out = log;
            if (out == null) {
                return;
            }
            try {
                out.write(line);
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "traffic log of connection " + number + " failed; no more logging for it", e);
                close();
            }
        }

        private void close() {
            Writer out = log;
            log = null;
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "closing the traffic log of connection " + number + " failed", e);
                }
            }
        }
    }
}
