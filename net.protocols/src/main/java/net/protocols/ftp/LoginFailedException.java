package net.protocols.ftp;

/**
 * A login refused by a {@link CredentialChecker}: unknown user, wrong password, or anonymous
 * access not offered. The server answers {@code 530} (after a delay) and closes the session
 * with this exception as the reason after too many failures.
 *
 * <p>Immutable; any thread.
 */
public final class LoginFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param message what failed, for logs; the client only ever sees "Login incorrect."
     */
    public LoginFailedException(String message) {
        super(message);
    }
}
