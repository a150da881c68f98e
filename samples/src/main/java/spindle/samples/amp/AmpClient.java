package spindle.samples.amp;

import static spindle.samples.amp.AmpCommands.*;

import net.deferred.Deferred;
import net.protocols.amp.AMP;
import net.protocols.amp.AmpValues;
import net.reactor.Reactor;
import net.reactor.endpoints.Endpoints;
import net.reactor.endpoints.TCPClientEndpoint;
import net.threadpool.Blocking;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;

/**
 * The AMP client ({@code samples/run amp-client}): calls {@code sum(5, 3)} and
 * {@code greeting("Alice")} on an AMP server and prints what it answered, {@code Sum: 8} and
 * {@code Greeting: Hello, Alice!}. It is written in blocking style on a virtual thread: each
 * {@code Blocking.await} runs the call on the reactor and parks the virtual thread until the
 * answer is in.
 */
public final class AmpClient {
    private static final String USAGE = """
            usage: samples/run amp-client [--host HOST] [--port P]
              --host HOST  the AMP server's host (default 127.0.0.1)
              --port P     its port (default 8126)""";

    private AmpClient() {}

    /**
     * Runs the client.
     *
     * @param args the command-line options (see {@code --help})
     * @return 0 if both calls were answered, 1 otherwise
     */
    public static int run(String[] args) {
        Options options = new Options(args);
        if (options.help()) {
            System.out.println(USAGE);
            return 0;
        }
        String host = options.value("--host", Programs.DEFAULT_INTERFACE);
        int port = options.port("--port", 8126);
        options.finish();

        Reactor reactor = Programs.reactor("amp-client");
        int[] status = {1};
        reactor.callWhenRunning(() -> Blocking.spawn(reactor, () -> {
                    AMP amp = Blocking.await(() -> Endpoints.connectProtocol(new TCPClientEndpoint(reactor, host, port), new AMP()));
                    long sum = Blocking.await(() -> amp.callRemote(SUM, AmpValues.of(A, 5L, B, 3L))).get(RESULT);
                    System.out.println("Sum: " + sum);
                    String greeting = Blocking.await(() -> amp.callRemote(GREETING, AmpValues.of(NAME, "Alice"))).get(MESSAGE);
                    System.out.println("Greeting: " + greeting);
                    Blocking.await(() -> {
                        amp.transport().loseConnection();
                        return Deferred.succeed(null);
                    });
                    return 0;
                })
                .addBoth(outcome -> {
                    switch (outcome) {
                        case net.deferred.Outcome.Success<Integer> success -> status[0] = success.value();
                        case net.deferred.Outcome.Failed<Integer> failed ->
                                System.err.println("amp-client: " + failed.failure().value());
                    }
                    reactor.stop();
                    return null;
                }));
        reactor.run();
        return status[0];
    }
}
