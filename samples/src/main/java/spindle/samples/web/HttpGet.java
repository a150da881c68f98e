package spindle.samples.web;

import java.nio.file.Path;
import java.util.Map;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.Trust;
import net.protocols.web.client.Agent;
import net.protocols.web.client.AgentOptions;
import net.protocols.web.client.BodyReceiver;
import net.protocols.web.client.HTTPClient;
import net.protocols.web.client.RedirectAgent;
import net.reactor.Reactor;
import org.jspecify.annotations.Nullable;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;
import spindle.samples.support.UsageException;

/**
 * {@code samples/run http-get URL}: one GET with Spindle's {@link Agent} (Twisted's
 * {@code Agent} + {@code deliverBody}); prints the status line, the header fields and the body's
 * size, counted as it streams in (the body is not kept).
 */
public final class HttpGet {
    private static final String USAGE = """
            usage: samples/run http-get URL [--follow] [--trust FILE]
              URL           an http or https URL
              --follow      follow redirects (RedirectAgent)
              --trust FILE  trust the certificates in this PEM file (e.g. a self-signed one) instead of the
                            system's authorities; the host name is verified either way""";

    private HttpGet() {}

    /**
     * Fetches the URL and prints what came back.
     *
     * @param args the URL, then options
     * @return 0 when a response arrived and its body was read, 1 otherwise
     */
    public static int run(String[] args) {
        if (args.length == 0 || args[0].startsWith("-")) {
            if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
                System.out.println(USAGE);
                return 0;
            }
            throw new UsageException("the URL comes first");
        }
        String url = args[0];
        Options options = new Options(java.util.Arrays.copyOfRange(args, 1, args.length));
        boolean follow = options.flag("--follow");
        String trust = options.valueOrNull("--trust");
        options.finish();

        Reactor reactor = Programs.reactor("http-get");
        AgentOptions agentOptions = AgentOptions.defaults();
        if (trust != null) {
            agentOptions = agentOptions.withTLS(TLSClientOptions.trusting(Trust.fromPem(Path.of(trust))));
        }
        Agent agent = new Agent(reactor, agentOptions);
        HTTPClient client = follow ? new RedirectAgent(agent) : agent;
        int[] status = {1};
        reactor.callWhenRunning(() -> client.request("GET", url).addCallbacks(response -> {
            System.out.println(response.version() + " " + response.code() + " " + response.phrase());
            for (Map.Entry<String, String> field : response.headers()) {
                System.out.println(field.getKey() + ": " + field.getValue());
            }
            response.deliverBody(new BodyReceiver() {
                private long size;

                @Override
                public void dataReceived(byte[] data) {
                    size += data.length;
                }

                @Override
                public void bodyFinished(@Nullable Throwable error) {
                    System.out.println();
                    System.out.println("body: " + size + " bytes" + (error == null ? "" : " (incomplete: " + error + ")"));
                    status[0] = error == null ? 0 : 1;
                    agent.pool().closeCachedConnections().addBoth(x -> reactor.stop());
                }
            });
            return null;
        }, failure -> {
            System.err.println("http-get: " + failure.value());
            reactor.stop();
            return null;
        }));
        reactor.run();
        return status[0];
    }
}
