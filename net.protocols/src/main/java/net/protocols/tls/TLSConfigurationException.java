package net.protocols.tls;

import org.jspecify.annotations.Nullable;

/**
 * TLS options could not be turned into something usable: a key or certificate file is missing,
 * unreadable or malformed, a passphrase is wrong or missing, a private key does not match its
 * certificate, or a protocol or cipher suite name is unknown. Thrown synchronously, where the
 * options are built or first used ({@code listenSSL}, {@code connectSSL}, {@code startTLS}).
 */
public class TLSConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the file or option
     */
    public TLSConfigurationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong, naming the file or option
     * @param cause the underlying error
     */
    public TLSConfigurationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
