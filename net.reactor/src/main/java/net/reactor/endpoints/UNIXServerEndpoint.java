package net.reactor.endpoints;

import java.nio.file.Path;
import java.util.Objects;
import net.deferred.Deferred;
import net.reactor.Factory;
import net.reactor.ListeningPort;
import net.reactor.ReactorTCP;
import net.reactor.ReactorUNIX;

/**
 * A UNIX domain socket server endpoint (Twisted's {@code UNIXServerEndpoint}); the description
 * {@code unix:PATH[:mode=OCTAL][:backlog=N][:lockfile=0|1]} makes one.
 *
 * {@snippet :
 * new UNIXServerEndpoint(reactor, Path.of("/run/app.sock"), 50, 0660, true);   // group may connect; takes over a dead server's socket
 * }
 *
 * <p><b>Threading:</b> {@link #listen} on the reactor thread (or, before the reactor runs, on
 * the thread that created it).
 *
 * @param reactor the reactor to listen with
 * @param path the socket file
 * @param backlog the accept queue length
 * @param mode the socket file's permission bits
 * @param wantPID whether to hold {@code PATH.lock} and take over a dead server's socket file
 *     ({@link ReactorUNIX}'s rule)
 */
public record UNIXServerEndpoint(ReactorUNIX reactor, Path path, int backlog, int mode, boolean wantPID)
        implements ServerEndpoint {

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the backlog is negative or the mode has bits beyond 0777
     */
    public UNIXServerEndpoint {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(path, "path");
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog must not be negative: " + backlog);
        }
        if ((mode & ~0777) != 0) {
            throw new IllegalArgumentException("mode must be permission bits (at most 0777): 0"
                    + Integer.toOctalString(mode));
        }
    }

    /**
     * An endpoint with Twisted's endpoint defaults: backlog 50, mode 0666, a lock file.
     *
     * @param reactor the reactor to listen with
     * @param path the socket file
     */
    public UNIXServerEndpoint(ReactorUNIX reactor, Path path) {
        this(reactor, path, ReactorTCP.DEFAULT_BACKLOG, ReactorUNIX.DEFAULT_MODE, true);
    }

    /**
     * Listens with {@link ReactorUNIX#listenUNIX(Path, Factory, int, int, boolean)}.
     *
     * @param factory builds a protocol per accepted connection
     * @return fires with the port, or fails with what {@code listenUNIX} threw (typically
     *     {@link net.reactor.CannotListenException} naming the path)
     */
    @Override
    public Deferred<ListeningPort> listen(Factory factory) {
        Objects.requireNonNull(factory, "factory");
        try {
            return Deferred.succeed(reactor.listenUNIX(path, factory, backlog, mode, wantPID));
        } catch (RuntimeException failure) {
            return Deferred.fail(failure);
        }
    }

    @Override
    public String toString() {
        return "UNIXServerEndpoint[" + path + ", mode=0" + Integer.toOctalString(mode) + ", backlog=" + backlog
                + (wantPID ? ", lockfile" : "") + "]";
    }
}
