package spindle.samples.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import net.protocols.basic.LineReceiver;
import net.reactor.Address;
import net.reactor.Factory;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import org.jspecify.annotations.Nullable;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;
import spindle.samples.support.UsageException;

/**
 * The logging server from Twisted's servers how-to ({@code samples/run logging}): every line a
 * client sends (CRLF-terminated) is appended to a file. The factory opens the file in
 * {@code startFactory}, when its port starts listening, and closes it in {@code stopFactory},
 * when the port stops: on SIGINT or SIGTERM the reactor's shutdown stops the port, so the file is
 * closed before the process exits.
 *
 * <p>Like the how-to, it writes on the reactor thread: a short append to a local file. A server
 * writing to slow storage would hand the writes to a thread ({@code deferToThread}).
 */
public final class LoggingServer {
    private static final System.Logger LOG = System.getLogger("spindle.samples.logging");
    private static final String USAGE = """
            usage: samples/run logging [--port P] [--interface HOST] [--file PATH]
              --port P          port to listen on (default 8124; 0 picks a free one)
              --interface HOST  address to listen on (default 127.0.0.1)
              --file PATH       the file lines are appended to (default logging-sample.log)
            Lines end in CRLF: talk to it with telnet or nc -C.""";

    private LoggingServer() {}

    /** Appends each line to the factory's file: Twisted's {@code LoggingProtocol}. */
    private static final class LoggingProtocol extends LineReceiver {
        private final LogfileFactory factory;

        LoggingProtocol(LogfileFactory factory) {
            this.factory = factory;
        }

        @Override
        protected void lineReceived(byte[] line) {
            factory.append(line);
        }
    }

    /** Owns the file for as long as a port uses it: Twisted's {@code LogfileFactory}. */
    private static final class LogfileFactory extends Factory {
        private final Path file;
        private @Nullable OutputStream out;

        LogfileFactory(Path file) {
            this.file = file;
        }

        @Override
        protected void startFactory() {
            try {
                out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open " + file, e);
            }
            LOG.log(Level.INFO, "startFactory: opened {0}", file.toAbsolutePath());
        }

        @Override
        protected void stopFactory() {
            OutputStream o = out;
            out = null;
            if (o == null) {
                return;
            }
            try {
                o.close();
                LOG.log(Level.INFO, "stopFactory: closed {0}", file.toAbsolutePath());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "stopFactory: closing " + file + " failed", e);
            }
        }

        @Override
        public Protocol buildProtocol(Address address) {
            return new LoggingProtocol(this);
        }

        void append(byte[] line) {
            OutputStream o = out;
            if (o == null) {
                throw new IllegalStateException("the log file is not open (the factory is not started)");
            }
            try {
                o.write(line);
                o.write('\n');
                o.flush();
            } catch (IOException e) {
                // Escapes lineReceived: the reactor logs it and closes this one connection.
                throw new UncheckedIOException("cannot append to " + file, e);
            }
        }
    }

    /**
     * Runs the logging server until SIGINT or SIGTERM.
     *
     * @param args the command-line options (see {@code --help})
     * @return the exit status: 0 after a clean stop
     * @throws UsageException if the options are not understood
     */
    public static int run(String[] args) {
        Options options = new Options(args);
        if (options.help()) {
            System.out.println(USAGE);
            return 0;
        }
        int port = options.port("--port", 8124);
        String host = options.value("--interface", Programs.DEFAULT_INTERFACE);
        Path file = Path.of(options.value("--file", "logging-sample.log"));
        options.finish();

        Reactor reactor = Programs.reactor("logging");
        ListeningPort listening = reactor.listenTCP(port, new LogfileFactory(file), ReactorTCP.DEFAULT_BACKLOG, host);
        reactor.callWhenRunning(() -> Programs.announce(listening));
        reactor.run();
        return 0;
    }
}
