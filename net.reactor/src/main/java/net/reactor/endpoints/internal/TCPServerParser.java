package net.reactor.endpoints.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import net.reactor.endpoints.EndpointDescription;
import net.reactor.endpoints.ServerEndpoint;
import net.reactor.endpoints.ServerEndpointParser;
import net.reactor.endpoints.TCPServerEndpoint;

/**
 * The built-in {@code tcp:} and {@code tcp6:} server description parsers, with Twisted's
 * parameters and their positional order:
 * {@code tcp:PORT[:interface=IP][:backlog=N]} (positional order port, interface, backlog;
 * interface defaults to every interface) and {@code tcp6:PORT[:backlog=N][:interface=IP6]}
 * (positional order port, backlog, interface; interface defaults to {@code ::}). The backlog
 * defaults to 50. The interface must be an IP literal (IPv6 for {@code tcp6}), since listening
 * must not wait for a name lookup.
 */
public final class TCPServerParser implements ServerEndpointParser {
    private static final Set<String> REQUIRED = Set.of("port");

    private final String prefix;
    private final List<String> parameters;
    private final String defaultInterface;
    private final boolean ipv6Only;

    private TCPServerParser(String prefix, List<String> parameters, String defaultInterface, boolean ipv6Only) {
        this.prefix = prefix;
        this.parameters = parameters;
        this.defaultInterface = defaultInterface;
        this.ipv6Only = ipv6Only;
    }

    /**
     * The {@code tcp:} parser.
     *
     * @return a parser for IPv4 (or any-family) descriptions
     */
    public static TCPServerParser tcp() {
        return new TCPServerParser("tcp", List.of("port", "interface", "backlog"), "", false);
    }

    /**
     * The {@code tcp6:} parser.
     *
     * @return a parser for IPv6 descriptions
     */
    public static TCPServerParser tcp6() {
        return new TCPServerParser("tcp6", List.of("port", "backlog", "interface"), "::", true);
    }

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public ServerEndpoint parseServer(Reactor reactor, EndpointDescription description) {
        Map<String, String> p = description.bind(parameters, REQUIRED);
        int port = description.intParameter("port", p.get("port"), 0, 0, 65535);
        int backlog = description.intParameter("backlog", p.get("backlog"), ReactorTCP.DEFAULT_BACKLOG, 0, Integer.MAX_VALUE);
        String interfaceAddress = p.getOrDefault("interface", defaultInterface);
        if (!interfaceAddress.isEmpty()) {
            InetAddress address;
            try {
                address = InetAddress.ofLiteral(interfaceAddress);
            } catch (IllegalArgumentException notALiteral) {
                throw description.fail("interface '" + interfaceAddress + "' is not an IP address");
            }
            if (ipv6Only && !(address instanceof Inet6Address)) {
                throw description.fail("interface '" + interfaceAddress + "' is not an IPv6 address");
            }
        }
        return new TCPServerEndpoint(reactor, port, backlog, interfaceAddress);
    }
}
