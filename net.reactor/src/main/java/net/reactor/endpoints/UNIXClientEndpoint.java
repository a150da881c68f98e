package net.reactor.endpoints;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import net.deferred.Deferred;
import net.reactor.ConnectFailedException;
import net.reactor.Factory;
import net.reactor.Protocol;
import net.reactor.ReactorTCP;
import net.reactor.ReactorUNIX;
import net.reactor.internal.UnixLocks;

/**
 * A UNIX domain socket client endpoint (Twisted's {@code UNIXClientEndpoint}); the description
 * {@code unix:PATH[:timeout=S][:lockfile=0|1]} (or {@code unix:path=PATH:...}) makes one.
 *
 * <p><b>Threading:</b> {@link #connect} on the reactor thread (or, before the reactor runs, on
 * the thread that created it); the Deferred fires there.
 *
 * @param reactor the reactor to connect with
 * @param path the server's socket file
 * @param timeout how long an attempt may take
 * @param checkPID whether to connect only if the server's lock file {@code PATH.lock} names a
 *     running process (Twisted's {@code checkPID}); otherwise the attempt fails at once
 */
public record UNIXClientEndpoint(ReactorUNIX reactor, Path path, Duration timeout, boolean checkPID)
        implements ClientEndpoint {

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the timeout is negative
     */
    public UNIXClientEndpoint {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
    }

    /**
     * An endpoint with the default timeout of 30 s and no lock check.
     *
     * @param reactor the reactor to connect with
     * @param path the server's socket file
     */
    public UNIXClientEndpoint(ReactorUNIX reactor, Path path) {
        this(reactor, path, ReactorTCP.DEFAULT_CONNECT_TIMEOUT, false);
    }

    /**
     * Connects with {@link ReactorUNIX#connectUNIX(Path, net.reactor.ClientFactory, Duration)}.
     *
     * @param factory builds the connection's protocol
     * @return fires with the protocol once connected; fails with the reason the attempt failed
     *     ({@link ConnectFailedException} at once when {@code checkPID} finds no live server);
     *     cancelling it stops the attempt
     */
    @Override
    public Deferred<Protocol> connect(Factory factory) {
        Objects.requireNonNull(factory, "factory");
        if (checkPID && !UnixLocks.heldByLiveProcess(path)) {
            return Deferred.fail(new ConnectFailedException("no running server holds the lock file of " + path
                    + " (" + UnixLocks.lockOf(path) + ")"));
        }
        return ClientEndpoint.connecting(factory, attempt -> reactor.connectUNIX(path, attempt, timeout));
    }

    @Override
    public String toString() {
        return "UNIXClientEndpoint[" + path + ", timeout=" + timeout + (checkPID ? ", lockfile" : "") + "]";
    }
}
