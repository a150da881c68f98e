package bench.amp;

import net.protocols.amp.AMP;
import net.protocols.amp.AmpTypes;
import net.protocols.amp.AmpValues;
import net.protocols.amp.Argument;
import net.protocols.amp.Command;
import net.protocols.amp.Responders;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;

/**
 * Spindle's AMP server for the {@code ampsum} workload: the sample's {@code sum} command
 * ({@code a}, {@code b} Integer; {@code result} Integer), answered by a responder on a reactor
 * with its default options. Its peer is {@code bench/src/main/python/twisted_amp_server.py}.
 */
public final class SpindleAmpServer {
    static final Argument<Long> A = Argument.of("a", AmpTypes.INTEGER);
    static final Argument<Long> B = Argument.of("b", AmpTypes.INTEGER);
    static final Argument<Long> RESULT = Argument.of("result", AmpTypes.INTEGER);
    static final Command SUM = Command.named("sum").argument(A, B).response(RESULT).build();

    private SpindleAmpServer() {}

    /**
     * Listens on 127.0.0.1, announces the port on standard output and answers until killed.
     *
     * @param args the port, or none for any free port
     */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Reactor reactor = Reactor.create(ReactorOptions.defaults().withName("amp").withInstallSignalHandlers(true));
        Responders responders = new Responders().respond(SUM, call -> AmpValues.of(RESULT, call.get(A) + call.get(B)));
        ListeningPort listening = reactor.listenTCP(port, AMP.factory(responders), 1024, "127.0.0.1");
        System.out.println("LISTENING " + ((IPv4Address) listening.getHost()).port()); // the driver waits for it
        System.out.flush();
        reactor.run();
    }
}
