package net.reactor.endpoints.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import net.reactor.endpoints.ClientEndpoint;
import net.reactor.endpoints.ClientEndpointParser;
import net.reactor.endpoints.EndpointDescription;
import net.reactor.endpoints.TCPClientEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * The built-in {@code tcp:} client description parser, with Twisted's forms:
 * {@code tcp:HOST:PORT}, {@code tcp:host=HOST:port=PORT}, or mixed ({@code tcp:HOST:port=PORT},
 * {@code tcp:host=HOST:PORT}: a single positional field is the port when {@code host=} is given,
 * the host otherwise), plus {@code timeout=SECONDS} (an integer, default 30) and
 * {@code bindAddress=IP} (an IP literal; the local port is chosen by the system).
 */
public final class TCPClientParser implements ClientEndpointParser {
    private static final List<String> PARAMETERS = List.of("host", "port", "timeout", "bindAddress");

    /** Creates the parser. */
    public TCPClientParser() {}

    @Override
    public String prefix() {
        return "tcp";
    }

    @Override
    public ClientEndpoint parseClient(Reactor reactor, EndpointDescription description) {
        Map<String, String> keywords = description.keywords();
        EndpointDescription.HostAndPort destination = description.clientHostAndPort(PARAMETERS);
        String host = destination.host();
        int portNumber = destination.port();
        int timeoutSeconds = description.intParameter("timeout", keywords.get("timeout"),
                (int) ReactorTCP.DEFAULT_CONNECT_TIMEOUT.toSeconds(), 0, Integer.MAX_VALUE);
        InetSocketAddress bind = bindAddress(description, keywords.get("bindAddress"));
        return new TCPClientEndpoint(reactor, host, portNumber, Duration.ofSeconds(timeoutSeconds), bind);
    }

    private static @Nullable InetSocketAddress bindAddress(EndpointDescription description, @Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.ofLiteral(value), 0);
        } catch (IllegalArgumentException notALiteral) {
            throw description.fail("bindAddress '" + value + "' is not an IP address");
        }
    }
}
