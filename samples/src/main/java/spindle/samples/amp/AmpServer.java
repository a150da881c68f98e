package spindle.samples.amp;

import static spindle.samples.amp.AmpCommands.*;

import net.protocols.amp.AMP;
import net.protocols.amp.AmpValues;
import net.protocols.amp.Responders;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;

/**
 * The AMP server ({@code samples/run amp-server}): answers {@code sum}, {@code greeting} and
 * Twisted's how-to {@code Divide}, which fails with {@code ZERO_DIVISION} for a zero
 * denominator. A Twisted client with the same command declarations can call it.
 */
public final class AmpServer {
    private static final String USAGE = """
            usage: samples/run amp-server [--port P] [--interface HOST]
              --port P          port to listen on (default 8126; 0 picks a free one)
              --interface HOST  address to listen on (default 127.0.0.1)""";

    private AmpServer() {}

    /**
     * The responders, shared by every connection.
     *
     * @return the registry
     */
    static Responders responders() {
        return new Responders()
                .respond(SUM, args -> AmpValues.of(RESULT, args.get(A) + args.get(B)))
                .respond(GREETING, args -> AmpValues.of(MESSAGE, "Hello, " + args.get(NAME) + "!"))
                .respond(DIVIDE, args -> {
                    if (args.get(DENOMINATOR) == 0) {
                        throw new ZeroDivisionException("division by zero");
                    }
                    return AmpValues.of(QUOTIENT, (double) args.get(NUMERATOR) / args.get(DENOMINATOR));
                });
    }

    /**
     * Runs the server until the process is stopped.
     *
     * @param args the command-line options (see {@code --help})
     * @return 0 once stopped
     */
    public static int run(String[] args) {
        Options options = new Options(args);
        if (options.help()) {
            System.out.println(USAGE);
            return 0;
        }
        int port = options.port("--port", 8126);
        String host = options.value("--interface", Programs.DEFAULT_INTERFACE);
        options.finish();

        Reactor reactor = Programs.reactor("amp-server");
        ListeningPort listening = reactor.listenTCP(port, AMP.factory(responders()), ReactorTCP.DEFAULT_BACKLOG, host);
        reactor.callWhenRunning(() -> Programs.announce(listening));
        reactor.run();
        return 0;
    }
}
