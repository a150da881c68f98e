package spindle.samples.echo;

import net.reactor.Factory;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;
import spindle.samples.support.UsageException;

/**
 * The echo server ({@code samples/run echo}): every byte a client sends comes back.
 *
 * {@snippet :
 * Reactor reactor = Reactor.create();
 * reactor.listenTCP(8000, Factory.forProtocol(Echo::new));
 * reactor.run();
 * }
 */
public final class EchoServer {
    private static final String USAGE = """
            usage: samples/run echo [--port P] [--interface HOST]
              --port P          port to listen on (default 8000; 0 picks a free one)
              --interface HOST  address to listen on (default 127.0.0.1)""";

    private EchoServer() {}

    /**
     * Runs the echo server until SIGINT or SIGTERM.
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
        int port = options.port("--port", 8000);
        String host = options.value("--interface", Programs.DEFAULT_INTERFACE);
        if (options.flag("--tls")) {
            throw new UsageException("--tls needs Spindle's TLS support, which this build does not have yet");
        }
        options.finish();

        Reactor reactor = Programs.reactor("echo");
        ListeningPort listening = reactor.listenTCP(port, Factory.forProtocol(Echo::new), ReactorTCP.DEFAULT_BACKLOG, host);
        reactor.callWhenRunning(() -> Programs.announce(listening));
        reactor.run();
        return 0;
    }
}
