package net.protocols.policies;

import java.time.Duration;
import net.reactor.ConnectionDoneException;

/**
 * This side closed the connection, cleanly, because nothing was sent or received for the timeout
 * period: the reason {@link TimeoutFactory} and {@link ProtocolTimeout#closing} give to
 * {@link net.reactor.Transport#loseConnection(Throwable)}. It is a
 * {@link ConnectionDoneException}, since queued bytes are still flushed.
 */
public class IdleTimeoutException extends ConnectionDoneException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /**
     * Creates the exception.
     *
     * @param timeout the idle period that expired
     */
    public IdleTimeoutException(Duration timeout) {
        super("Connection was closed after " + timeout.toMillis() + " ms without traffic.");
        this.timeout = timeout;
    }

    /**
     * The idle period that expired.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }
}
