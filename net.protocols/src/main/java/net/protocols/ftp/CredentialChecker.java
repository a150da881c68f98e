package net.protocols.ftp;

import net.deferred.Deferred;

/**
 * Decides who may log in and hands each user a shell: Twisted's portal, realm and checker in one
 * small interface. {@link PasswordChecker} is a ready one; implement this one to check passwords
 * against anything (a database, PAM through a helper, a token service) without blocking the
 * reactor thread.
 *
 * <p><b>Threading:</b> the server calls it on the reactor thread and expects the Deferred to fire
 * there (use {@code reactor.deferToThread} for blocking work).
 */
@FunctionalInterface
public interface CredentialChecker {

    /**
     * Checks a user name and password.
     *
     * @param user the USER argument
     * @param password the PASS argument
     * @return fires with the user's shell, or fails with {@link LoginFailedException} (any other
     *     failure is also answered "530 Login incorrect.", and logged)
     */
    Deferred<FTPShell> login(String user, String password);

    /**
     * Logs in an anonymous user (USER {@code anonymous} or {@code ftp}). The default refuses: a
     * server offers anonymous access only when its checker says so.
     *
     * @param password what the client sent as password, by custom an e-mail address
     * @return fires with the anonymous shell, or fails with {@link LoginFailedException}
     */
    default Deferred<FTPShell> loginAnonymous(String password) {
        return Deferred.fail(new LoginFailedException("anonymous access is not offered"));
    }
}
