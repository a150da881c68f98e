package net.reactor.internal;

import net.deferred.Deferred;
import net.reactor.Factory;

/**
 * The end of a listening port's life, shared by the ports that accept connections: the factory's
 * {@code doStop} runs now, and the port's Deferred fires on the next turn, after the select that
 * releases the descriptor (as Twisted fires on the next iteration), with {@code doStop}'s failure
 * if it threw.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
final class PortStop {

    private PortStop() {}

    /**
     * Stops the factory, then fires the port's Deferred on the next turn. The port records
     * {@code result} as its stop before calling this, so a {@code doStop} that asks the port to
     * stop again gets the same Deferred.
     *
     * @param loop the port's loop, which fires the Deferred on its next turn
     * @param factory the factory to stop
     * @param result fired with null on the next turn, or failed with what {@code doStop} threw
     */
    static void stopFactoryThenFireNextTurn(ConnectionLoop loop, Factory factory, Deferred<Void> result) {
        Throwable stopError = null;
        try {
            factory.doStop();
        } catch (Throwable e) {
            stopError = e;
        }
        Throwable error = stopError;
        loop.runNextTurn(() -> {
            if (error == null) {
                result.callback(null);
            } else {
                result.errback(error);
            }
        });
    }
}
