package net.protocols.ftp;

import java.time.Duration;
import java.util.Objects;
import net.protocols.tls.TLSServerOptions;
import org.jspecify.annotations.Nullable;

/**
 * How an FTP server behaves: its data ports, timeouts, login throttling, line limit and TLS.
 * Start from {@link #defaults()} and change what you need with the {@code with...} methods.
 *
 * {@snippet :
 * FTPServerOptions options = FTPServerOptions.defaults()
 *         .withPassivePorts(50000, 50099)
 *         .withTLS(TLSServerOptions.fromPem(Path.of("key.pem"), Path.of("cert.pem")));
 * }
 *
 * @param passivePortMin the lowest port a passive data connection listens on; 0 with
 *     {@code passivePortMax} 0 lets the system choose
 * @param passivePortMax the highest such port
 * @param passiveAddress the IPv4 address PASV announces, for a server behind NAT; null announces
 *     the control connection's local address
 * @param idleTimeout a session with no command for this long (and no transfer running) is
 *     answered 421 and closed
 * @param dataConnectTimeout how long a data connection may take to be made (the client to
 *     connect to a passive port, or the server to connect for PORT); then 425
 * @param dataIdleTimeout a transfer that moves no byte for this long (a client that stops
 *     reading or sending) is aborted with 426
 * @param failedLoginDelay how long a wrong password waits before its 530 reply
 * @param maxLoginFailures after this many failed logins the session is closed
 * @param maxLineLength the longest command line, in bytes; longer lines are answered 500
 * @param tls the certificate for AUTH TLS (explicit FTPS), or null to refuse AUTH
 * @param requireTLS whether USER is refused until AUTH TLS (needs {@code tls})
 * @param welcome the 220 greeting's text
 *
 * <p>Immutable: build and share it from any thread.
 */
public record FTPServerOptions(
        int passivePortMin,
        int passivePortMax,
        @Nullable String passiveAddress,
        Duration idleTimeout,
        Duration dataConnectTimeout,
        Duration dataIdleTimeout,
        Duration failedLoginDelay,
        int maxLoginFailures,
        int maxLineLength,
        @Nullable TLSServerOptions tls,
        boolean requireTLS,
        String welcome) {

    /**
     * Checks the options.
     *
     * @throws IllegalArgumentException for a port range outside 0..65535 or upside down, a
     *     negative or zero timeout, fewer than one login failure, a line limit under 512, a
     *     required TLS without a certificate, or a greeting with a line break
     */
    public FTPServerOptions {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(dataConnectTimeout, "dataConnectTimeout");
        Objects.requireNonNull(dataIdleTimeout, "dataIdleTimeout");
        Objects.requireNonNull(failedLoginDelay, "failedLoginDelay");
        Objects.requireNonNull(welcome, "welcome");
        if (passivePortMin < 0 || passivePortMax > 65535 || passivePortMin > passivePortMax
                || (passivePortMin == 0) != (passivePortMax == 0)) {
            throw new IllegalArgumentException("bad passive port range " + passivePortMin + "-" + passivePortMax);
        }
        for (Duration d : new Duration[] {idleTimeout, dataConnectTimeout, dataIdleTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive: " + d);
            }
        }
        if (failedLoginDelay.isNegative()) {
            throw new IllegalArgumentException("negative failedLoginDelay: " + failedLoginDelay);
        }
        if (maxLoginFailures < 1) {
            throw new IllegalArgumentException("maxLoginFailures must be at least 1: " + maxLoginFailures);
        }
        if (maxLineLength < 512) {
            throw new IllegalArgumentException("maxLineLength must be at least 512: " + maxLineLength);
        }
        if (requireTLS && tls == null) {
            throw new IllegalArgumentException("requireTLS needs TLS options");
        }
        if (welcome.indexOf('\r') >= 0 || welcome.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("the welcome text is one line");
        }
    }

    /**
     * The defaults: passive ports chosen by the system, the control connection's address
     * announced, 5 minutes idle, 30 seconds to make a data connection, 60 seconds without
     * progress on one, 1 second before a 530, 3 failed logins, lines of 8192 bytes, no TLS.
     *
     * @return the default options
     */
    public static FTPServerOptions defaults() {
        return new FTPServerOptions(0, 0, null, Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(1), 3, 8192, null, false, "Spindle FTP server ready.");
    }

    /**
     * Passive data connections listen on a port in {@code min..max}.
     *
     * @param min the lowest port, 1 or more
     * @param max the highest port
     * @return changed options
     */
    public FTPServerOptions withPassivePorts(int min, int max) {
        return new FTPServerOptions(min, max, passiveAddress, idleTimeout, dataConnectTimeout, dataIdleTimeout,
                failedLoginDelay, maxLoginFailures, maxLineLength, tls, requireTLS, welcome);
    }

    /**
     * PASV announces {@code address} (a numeric IPv4 address) instead of the local one.
     *
     * @param address the address, or null for the control connection's local address
     * @return changed options
     */
    public FTPServerOptions withPassiveAddress(@Nullable String address) {
        return new FTPServerOptions(passivePortMin, passivePortMax, address, idleTimeout, dataConnectTimeout,
                dataIdleTimeout, failedLoginDelay, maxLoginFailures, maxLineLength, tls, requireTLS, welcome);
    }

    /**
     * Changes the control connection's idle timeout.
     *
     * @param timeout positive
     * @return changed options
     */
    public FTPServerOptions withIdleTimeout(Duration timeout) {
        return new FTPServerOptions(passivePortMin, passivePortMax, passiveAddress, timeout, dataConnectTimeout,
                dataIdleTimeout, failedLoginDelay, maxLoginFailures, maxLineLength, tls, requireTLS, welcome);
    }

    /**
     * Changes the time a data connection may take to be made, and the time a transfer may
     * stall.
     *
     * @param connect for the data connection to be made
     * @param idle without a byte moving during a transfer
     * @return changed options
     */
    public FTPServerOptions withDataTimeouts(Duration connect, Duration idle) {
        return new FTPServerOptions(passivePortMin, passivePortMax, passiveAddress, idleTimeout, connect, idle,
                failedLoginDelay, maxLoginFailures, maxLineLength, tls, requireTLS, welcome);
    }

    /**
     * Changes the login throttling.
     *
     * @param delay before each 530 reply to a wrong password
     * @param maxFailures failed logins after which the session is closed
     * @return changed options
     */
    public FTPServerOptions withLoginThrottle(Duration delay, int maxFailures) {
        return new FTPServerOptions(passivePortMin, passivePortMax, passiveAddress, idleTimeout, dataConnectTimeout,
                dataIdleTimeout, delay, maxFailures, maxLineLength, tls, requireTLS, welcome);
    }

    /**
     * Changes the longest command line accepted.
     *
     * @param bytes at least 512
     * @return changed options
     */
    public FTPServerOptions withMaxLineLength(int bytes) {
        return new FTPServerOptions(passivePortMin, passivePortMax, passiveAddress, idleTimeout, dataConnectTimeout,
                dataIdleTimeout, failedLoginDelay, maxLoginFailures, bytes, tls, requireTLS, welcome);
    }

    /**
     * Offers explicit FTPS: AUTH TLS, PBSZ and PROT, with TLS on the data connections after
     * {@code PROT P}.
     *
     * @param options the server's certificate and TLS settings
     * @return changed options
     */
    public FTPServerOptions withTLS(TLSServerOptions options) {
        return new FTPServerOptions(passivePortMin, passivePortMax, passiveAddress, idleTimeout, dataConnectTimeout,
                dataIdleTimeout, failedLoginDelay, maxLoginFailures, maxLineLength,
                Objects.requireNonNull(options, "options"), requireTLS, welcome);
    }

    /**
     * Whether logins (and so all file access) need AUTH TLS first; needs {@link #withTLS}.
     *
     * @param required true to refuse USER on a clear-text control connection
     * @return changed options
     */
    public FTPServerOptions withTLSRequired(boolean required) {
        return new FTPServerOptions(passivePortMin, passivePortMax, passiveAddress, idleTimeout, dataConnectTimeout,
                dataIdleTimeout, failedLoginDelay, maxLoginFailures, maxLineLength, tls, required, welcome);
    }

    /**
     * Changes the greeting.
     *
     * @param text one line
     * @return changed options
     */
    public FTPServerOptions withWelcome(String text) {
        return new FTPServerOptions(passivePortMin, passivePortMax, passiveAddress, idleTimeout, dataConnectTimeout,
                dataIdleTimeout, failedLoginDelay, maxLoginFailures, maxLineLength, tls, requireTLS, text);
    }
}
