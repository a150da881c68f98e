package net.protocols.web.client;

import java.time.Duration;

/**
 * The response's status line and headers did not arrive within the agent's response timeout
 * ({@link AgentOptions#responseTimeout()}); the connection has been aborted.
 */
public class ResponseTimeoutException extends HTTPClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param timeout the timeout that passed
     */
    public ResponseTimeoutException(Duration timeout) {
        super("no response within " + timeout.toMillis() + " ms");
    }
}
