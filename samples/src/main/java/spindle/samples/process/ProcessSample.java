package spindle.samples.process;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import net.reactor.HalfCloseableProtocol;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.Transport;
import net.reactor.process.ProcessExitException;
import net.reactor.process.ProcessProtocol;
import net.reactor.process.ProcessTransport;
import net.reactor.process.StandardIO;
import spindle.samples.support.Programs;
import spindle.samples.support.UsageException;

/**
 * {@code samples/run process -- COMMAND [ARGS...]}: runs COMMAND with {@code spawnProcess} and
 * relays the streams as they flow: this program's stdin to the child's stdin, the child's stdout
 * to this program's stdout and its stderr to stderr (each through {@link StandardIO}, so flow
 * control holds both ways: a slow reader of our stdout pauses the child's pipe). It exits with the
 * child's exit code, or 128 + the signal number when a signal ended the child. The child gets
 * this program's environment and working directory (a user running a command expects them;
 * {@code spawnProcess}'s own default is an empty environment).
 */
public final class ProcessSample {
    private static final String USAGE = """
            usage: samples/run process -- COMMAND [ARGS...]
              runs COMMAND, copies its stdout and stderr here as they arrive, feeds it this
              program's stdin, and exits with its exit code (128 + N if signal N ended it)""";

    private ProcessSample() {}

    /** One of our streams: half-closeable, so the end of its input closes nothing by itself. */
    private static class Relay extends Protocol implements HalfCloseableProtocol {
        private final Runnable onLost;

        Relay(Runnable onLost) {
            this.onLost = onLost;
        }

        @Override
        public void readConnectionLost() {}

        @Override
        public void writeConnectionLost() {}

        @Override
        public void connectionLost(Throwable reason) {
            super.connectionLost(reason);
            onLost.run();
        }
    }

    /**
     * Runs the command and waits for it.
     *
     * @param args {@code --} (optional) then the command and its arguments
     * @return the child's exit status (128 + N for signal N), 127 if it cannot be started
     * @throws UsageException without a command
     */
    public static int run(String[] args) {
        List<String> command = Arrays.asList(args);
        if (!command.isEmpty() && (command.getFirst().equals("--help") || command.getFirst().equals("-h"))) {
            System.out.println(USAGE);
            return 0;
        }
        if (!command.isEmpty() && command.getFirst().equals("--")) {
            command = command.subList(1, command.size());
        }
        if (command.isEmpty()) {
            throw new UsageException("no command given\n" + USAGE);
        }
        Reactor reactor = Programs.reactor("process");
        int[] status = {1};
        int[] open = {2};
        Runnable closed = () -> {
            if (--open[0] == 0) {
                reactor.stop(); // both our stdout and stderr are written out and closed
            }
        };

        // Our stdout and stderr, each written by its own thread as the child's pipes are read.
        Transport out = StandardIO.connect(reactor, new Relay(closed), InputStream.nullInputStream(),
                new FileOutputStream(FileDescriptor.out));
        Transport err = StandardIO.connect(reactor, new Relay(closed), InputStream.nullInputStream(),
                new FileOutputStream(FileDescriptor.err));

        ProcessTransport child;
        try {
            child = reactor.spawnProcess(new ProcessProtocol() {
            @Override
            public void outReceived(byte[] data) {
                out.write(data);
            }

            @Override
            public void errReceived(byte[] data) {
                err.write(data);
            }

            @Override
            public void processEnded(ProcessExitException reason) {
                status[0] = reason.status();
                out.unregisterProducer();
                // Each closes once what it holds is written.
                out.loseConnection();
                err.loseConnection();
            }
        }, command.getFirst(), command, null, null);
        } catch (java.io.UncheckedIOException e) {
            System.err.println("process: " + e.getMessage());
            return 127; // as a shell says "command not found"
        }
        // A reader of our stdout slower than the child pauses the child's pipes.
        out.registerProducer(child);

        // Our stdin feeds the child's; a child slow to read it pauses our reading.
        StandardIO.connect(reactor, new Relay(() -> {}) {
            @Override
            public void connectionMade() {
                child.registerProducer(transport());
            }

            @Override
            public void dataReceived(byte[] data) {
                child.write(data);
            }

            @Override
            public void readConnectionLost() {
                child.unregisterProducer();
                child.closeStdin();
            }
        }, new FileInputStream(FileDescriptor.in), OutputStream.nullOutputStream());
        reactor.run();
        return status[0];
    }
}
