package net.reactor.endpoints.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import net.reactor.endpoints.EndpointDescription;
import net.reactor.endpoints.ServerEndpoint;
import net.reactor.endpoints.ServerEndpointParser;
import net.reactor.endpoints.UNIXServerEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * The built-in {@code unix:} server description parser, with Twisted's parameters and positional
 * order: {@code unix:ADDRESS[:mode=OCTAL][:backlog=N][:lockfile=0|1]} (positional order address,
 * mode, backlog, lockfile). The path may also be named {@code address=} (Twisted's name) or
 * {@code path=} (the client's). As in Twisted's endpoint strings, the mode defaults to 666 (read
 * as octal, with or without a leading 0), the backlog to 50, and the lock file is on unless
 * {@code lockfile=0}.
 */
public final class UNIXServerParser implements ServerEndpointParser {
    private static final List<String> PARAMETERS = List.of("address", "mode", "backlog", "lockfile", "path");

    /** Creates the parser. */
    public UNIXServerParser() {}

    @Override
    public String prefix() {
        return "unix";
    }

    @Override
    public ServerEndpoint parseServer(Reactor reactor, EndpointDescription description) {
        Map<String, String> p = description.bind(PARAMETERS, Set.of());
        String address = p.get("address");
        String path = p.get("path");
        if (address != null && path != null) {
            throw description.fail("the path is given twice (address= and path=)");
        }
        Path socket = path(description, address != null ? address : path);
        int mode = mode(description, p.get("mode"));
        int backlog = description.intParameter("backlog", p.get("backlog"), ReactorTCP.DEFAULT_BACKLOG, 0,
                Integer.MAX_VALUE);
        boolean lockfile = flag(description, "lockfile", p.get("lockfile"), true);
        return new UNIXServerEndpoint(reactor, socket, backlog, mode, lockfile);
    }

    static Path path(EndpointDescription description, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            throw description.fail("missing required parameter 'address' (the socket file's path)");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw description.fail("'" + value + "' is not a path: " + e.getReason());
        }
    }

    private static int mode(EndpointDescription description, @Nullable String value) {
        if (value == null) {
            return 0666;
        }
        int mode;
        try {
            mode = Integer.parseInt(value.strip(), 8);
        } catch (NumberFormatException notOctal) {
            throw description.fail("mode '" + value + "' is not an octal number");
        }
        if (mode < 0 || mode > 0777) {
            throw description.fail("mode '" + value + "' is out of range 0..777");
        }
        return mode;
    }

    static boolean flag(EndpointDescription description, String name, @Nullable String value, boolean defaultValue) {
        return description.intParameter(name, value, defaultValue ? 1 : 0, 0, 1) == 1;
    }
}
