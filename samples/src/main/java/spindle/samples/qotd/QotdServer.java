package spindle.samples.qotd;

import java.nio.charset.StandardCharsets;
import net.reactor.Address;
import net.reactor.Factory;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;
import spindle.samples.support.UsageException;

/**
 * The Quote of the Day server ({@code samples/run qotd}): each connection gets the factory's
 * quote and a CRLF, then the server closes it. The quote lives on the factory and the protocol
 * reads it from there, as in the how-to.
 */
public final class QotdServer {
    private static final String USAGE = """
            usage: samples/run qotd [--port P] [--interface HOST] [--quote TEXT]
              --port P          port to listen on (default 8007; 0 picks a free one)
              --interface HOST  address to listen on (default 127.0.0.1)
              --quote TEXT      the quote (default "An apple a day keeps the doctor away")""";

    private QotdServer() {}

    /** Writes the quote and closes: Twisted's {@code QOTD}. */
    private static final class Qotd extends Protocol {
        private final QotdFactory factory;

        Qotd(QotdFactory factory) {
            this.factory = factory;
        }

        @Override
        public void connectionMade() {
            transport().write(factory.quote);
            transport().loseConnection();
        }
    }

    /** Holds the quote every connection is given: Twisted's {@code QOTDFactory}. */
    private static final class QotdFactory extends Factory {
        private final byte[] quote;

        QotdFactory(String quote) {
            this.quote = (quote + "\r\n").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Protocol buildProtocol(Address address) {
            return new Qotd(this);
        }
    }

    /**
     * Runs the QOTD server until SIGINT or SIGTERM.
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
        int port = options.port("--port", 8007);
        String host = options.value("--interface", Programs.DEFAULT_INTERFACE);
        String quote = options.value("--quote", "An apple a day keeps the doctor away");
        options.finish();

        Reactor reactor = Programs.reactor("qotd");
        ListeningPort listening = reactor.listenTCP(port, new QotdFactory(quote), ReactorTCP.DEFAULT_BACKLOG, host);
        reactor.callWhenRunning(() -> Programs.announce(listening));
        reactor.run();
        return 0;
    }
}
