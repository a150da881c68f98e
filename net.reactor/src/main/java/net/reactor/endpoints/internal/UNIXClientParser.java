package net.reactor.endpoints.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import net.reactor.endpoints.ClientEndpoint;
import net.reactor.endpoints.ClientEndpointParser;
import net.reactor.endpoints.EndpointDescription;
import net.reactor.endpoints.UNIXClientEndpoint;

/**
 * The built-in {@code unix:} client description parser, with Twisted's forms:
 * {@code unix:PATH} or {@code unix:path=PATH}, plus {@code timeout=SECONDS} (an integer, default
 * 30) and {@code lockfile=0|1} (Twisted's {@code checkPID}: connect only while the server's lock
 * file names a running process; default 0).
 */
public final class UNIXClientParser implements ClientEndpointParser {
    private static final List<String> PARAMETERS = List.of("path", "timeout", "lockfile");

    /** Creates the parser. */
    public UNIXClientParser() {}

    @Override
    public String prefix() {
        return "unix";
    }

    @Override
    public ClientEndpoint parseClient(Reactor reactor, EndpointDescription description) {
        if (description.positional().size() > 1) {
            throw description.fail("too many positional fields " + description.positional() + "; unix takes the path");
        }
        Map<String, String> p = description.bind(PARAMETERS, Set.of());
        int timeoutSeconds = description.intParameter("timeout", p.get("timeout"),
                (int) ReactorTCP.DEFAULT_CONNECT_TIMEOUT.toSeconds(), 0, Integer.MAX_VALUE);
        boolean checkPID = UNIXServerParser.flag(description, "lockfile", p.get("lockfile"), false);
        return new UNIXClientEndpoint(reactor, UNIXServerParser.path(description, p.get("path")),
                Duration.ofSeconds(timeoutSeconds), checkPID);
    }
}
