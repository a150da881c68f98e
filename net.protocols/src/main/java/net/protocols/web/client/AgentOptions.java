package net.protocols.web.client;

import java.time.Duration;
import java.util.Objects;
import net.protocols.tls.TLSClientOptions;
import net.reactor.ReactorTCP;
import org.jspecify.annotations.Nullable;

/**
 * An {@link Agent}'s settings; immutable, so any thread may build them.
 *
 * @param connectTimeout how long a TCP connection attempt may take
 * @param responseTimeout how long the status line and headers may take to arrive, counted from the
 *     moment the request head is written (so the time to send a request body counts too), or
 *     null for no limit; a body's own arrival has no timeout
 * @param tls the TLS settings for {@code https} URIs: trust and host name verification (on by
 *     default); the agent offers ALPN {@code http/1.1}
 * @param maxLineLength the longest status line, header field line or chunk-size line accepted, in
 *     bytes
 * @param maxHeaders the most header fields (or trailer fields) accepted in one response
 */
public record AgentOptions(
        Duration connectTimeout,
        @Nullable Duration responseTimeout,
        TLSClientOptions tls,
        int maxLineLength,
        int maxHeaders) {
    /** The default response timeout: 60 seconds. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if a timeout is not positive or a limit is below 64 (line)
     *     or 1 (fields)
     */
    public AgentOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(tls, "tls");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
        if (responseTimeout != null && (responseTimeout.isNegative() || responseTimeout.isZero())) {
            throw new IllegalArgumentException("responseTimeout must be positive");
        }
        if (maxLineLength < 64) {
            throw new IllegalArgumentException("maxLineLength below 64: " + maxLineLength);
        }
        if (maxHeaders < 1) {
            throw new IllegalArgumentException("maxHeaders below 1: " + maxHeaders);
        }
    }

    /**
     * The defaults: a 30 s connect timeout, a 60 s response timeout, the system's trust with host
     * name verification, lines up to 16 KiB, 100 fields.
     *
     * @return the default options
     */
    public static AgentOptions defaults() {
        return new AgentOptions(ReactorTCP.DEFAULT_CONNECT_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT,
                TLSClientOptions.defaults(), 16 * 1024, 100);
    }

    /**
     * These options with another connect timeout.
     *
     * @param timeout the timeout
     * @return new options
     */
    public AgentOptions withConnectTimeout(Duration timeout) {
        return new AgentOptions(timeout, responseTimeout, tls, maxLineLength, maxHeaders);
    }

    /**
     * These options with another response timeout.
     *
     * @param timeout the timeout, or null for none
     * @return new options
     */
    public AgentOptions withResponseTimeout(@Nullable Duration timeout) {
        return new AgentOptions(connectTimeout, timeout, tls, maxLineLength, maxHeaders);
    }

    /**
     * These options with other TLS settings (for example a custom trust in tests:
     * {@code TLSClientOptions.trusting(Trust.certificates(cert))}).
     *
     * @param tls the TLS client options
     * @return new options
     */
    public AgentOptions withTLS(TLSClientOptions tls) {
        return new AgentOptions(connectTimeout, responseTimeout, tls, maxLineLength, maxHeaders);
    }

    /**
     * These options with other parsing limits.
     *
     * @param maxLineLength the longest line accepted
     * @param maxHeaders the most fields accepted
     * @return new options
     */
    public AgentOptions withLimits(int maxLineLength, int maxHeaders) {
        return new AgentOptions(connectTimeout, responseTimeout, tls, maxLineLength, maxHeaders);
    }
}
