package net.reactor.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import net.deferred.Deferred;
import net.reactor.DNSLookupException;

/**
 * Blocking look-ups (DNS, the interface list) run on a virtual thread, never on the loop; the
 * outcome comes back through {@code callFromThread}, so the returned Deferred fires on the loop.
 * If the reactor stops first, the Deferred never fires, as nothing is left to hear it.
 */
final class OffLoop {
    private OffLoop() {}

    /** Runs {@code lookup} on a virtual thread; the Deferred (made on the loop) fires on the loop. */
    static <T> Deferred<T> call(ConnectionLoop loop, String what, Callable<T> lookup) {
        Deferred<T> result = new Deferred<>();
        Thread.ofVirtual().name(what).start(() -> {
            T value;
            try {
                value = lookup.call();
            } catch (Throwable e) {
                loop.callFromThread(() -> result.errback(e));
                return;
            }
            loop.callFromThread(() -> result.callback(value));
        });
        return result;
    }

    /** {@code host} as an address: at once for a literal, otherwise resolved on a virtual thread. */
    static Deferred<InetAddress> resolve(ConnectionLoop loop, String host) {
        InetAddress literal = SocketAddresses.literal(host);
        if (literal != null) {
            return Deferred.succeed(literal);
        }
        return call(loop, "resolve-" + host, () -> {
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new DNSLookupException("cannot resolve " + host + ": " + e.getMessage(), e);
            }
        });
    }
}
