package net.reactor.endpoints;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Function;
import net.reactor.endpoints.internal.TCPClientParser;
import net.reactor.endpoints.internal.TCPServerParser;
import net.reactor.endpoints.internal.UNIXClientParser;
import net.reactor.endpoints.internal.UNIXServerParser;

/**
 * The parsers {@link Endpoints} looks types up in: the built-in ones first, then those found
 * through {@link ServiceLoader}. A type already taken keeps its first parser, so a provider
 * cannot replace a built-in type, and between providers the first one loaded wins (with a
 * warning).
 */
final class EndpointParsers {
    private static final System.Logger LOG = System.getLogger(EndpointParsers.class.getName());

    private final Map<String, ServerEndpointParser> servers;
    private final Map<String, ClientEndpointParser> clients;

    EndpointParsers(List<? extends ServerEndpointParser> servers, List<? extends ClientEndpointParser> clients) {
        this.servers = index(servers, ServerEndpointParser::prefix);
        this.clients = index(clients, ClientEndpointParser::prefix);
    }

    /** The parsers every lookup uses: loaded once, on first use. */
    static EndpointParsers installed() {
        return Installed.PARSERS;
    }

    private static final class Installed {
        static final EndpointParsers PARSERS = load();

        private static EndpointParsers load() {
            List<ServerEndpointParser> servers = new java.util.ArrayList<>(
                    List.of(TCPServerParser.tcp(), TCPServerParser.tcp6(), new UNIXServerParser()));
            ServiceLoader.load(ServerEndpointParser.class, EndpointParsers.class.getClassLoader())
                    .forEach(servers::add);
            List<ClientEndpointParser> clients = new java.util.ArrayList<>(
                    List.of(new TCPClientParser(), new UNIXClientParser()));
            ServiceLoader.load(ClientEndpointParser.class, EndpointParsers.class.getClassLoader())
                    .forEach(clients::add);
            return new EndpointParsers(servers, clients);
        }
    }

    ServerEndpointParser server(EndpointDescription description) {
        return find(servers, description);
    }

    ClientEndpointParser client(EndpointDescription description) {
        return find(clients, description);
    }

    private static <P> P find(Map<String, P> parsers, EndpointDescription description) {
        P parser = parsers.get(description.type().toLowerCase(Locale.ROOT));
        if (parser == null) {
            throw new EndpointDescriptionException(description.description(),
                    "unknown endpoint type '" + description.type() + "'; known types: " + parsers.keySet());
        }
        return parser;
    }

    private static <P> Map<String, P> index(List<? extends P> parsers, Function<P, String> prefix) {
        Map<String, P> byType = new LinkedHashMap<>();
        for (P parser : parsers) {
            String type = Objects.requireNonNull(prefix.apply(parser), "prefix of " + parser).toLowerCase(Locale.ROOT);
            P existing = byType.putIfAbsent(type, parser);
            if (existing != null) {
                LOG.log(System.Logger.Level.WARNING,
                        "endpoint type ''{0}'' is already handled by {1}; ignoring {2}", type, existing, parser);
            }
        }
        return Map.copyOf(byType);
    }
}
