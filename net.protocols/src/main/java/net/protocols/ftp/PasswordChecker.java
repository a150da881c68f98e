package net.protocols.ftp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import net.deferred.Deferred;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CredentialChecker} over a fixed set of users, each with a password and a shell, and an
 * optional anonymous shell (off unless {@link Builder#anonymous} is called).
 *
 * {@snippet :
 * CredentialChecker checker = PasswordChecker.builder()
 *         .user("alice", "secret", FileSystemShell.create(reactor, Path.of("/srv/ftp/alice"), false))
 *         .anonymous(FileSystemShell.create(reactor, Path.of("/srv/ftp/pub"), true))
 *         .build();
 * }
 *
 * <p>Passwords are compared through their SHA-256 digests with {@link MessageDigest#isEqual}, so
 * the time taken does not tell how much of a password was right; an unknown user costs the same
 * as a wrong password.
 *
 * <p>Immutable once built; {@code login} runs on the reactor thread and answers at once.
 */
public final class PasswordChecker implements CredentialChecker {
    private record Account(byte[] digest, FTPShell shell) {}

    private static final byte[] NOBODY = digest("\0no such user\0");

    private final Map<String, Account> accounts;
    private final @Nullable FTPShell anonymous;

    private PasswordChecker(Map<String, Account> accounts, @Nullable FTPShell anonymous) {
        this.accounts = Map.copyOf(accounts);
        this.anonymous = anonymous;
    }

    /**
     * Starts a checker with no users: as it is, it refuses every login.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Deferred<FTPShell> login(String user, String password) {
        Account account = accounts.get(user);
        byte[] expected = account == null ? NOBODY : account.digest();
        boolean match = MessageDigest.isEqual(expected, digest(password));
        if (account == null || !match) {
            return Deferred.fail(new LoginFailedException("login refused for user " + user));
        }
        return Deferred.succeed(account.shell());
    }

    @Override
    public Deferred<FTPShell> loginAnonymous(String password) {
        FTPShell shell = anonymous;
        return shell == null
                ? Deferred.fail(new LoginFailedException("anonymous access is not offered"))
                : Deferred.succeed(shell);
    }

    private static byte[] digest(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Collects the users; not thread-safe. */
    public static final class Builder {
        private final Map<String, Account> accounts = new LinkedHashMap<>();
        private @Nullable FTPShell anonymous;

        private Builder() {}

        /**
         * Adds a user (or replaces one of the same name).
         *
         * @param name the user name, not {@code anonymous} or {@code ftp}
         * @param password the password
         * @param shell what the user works on
         * @return this builder
         * @throws IllegalArgumentException for the anonymous names or an empty name
         */
        public Builder user(String name, String password, FTPShell shell) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(shell, "shell");
            if (name.isEmpty() || name.equalsIgnoreCase("anonymous") || name.equalsIgnoreCase("ftp")) {
                throw new IllegalArgumentException("not a user name for a password login: " + name);
            }
            accounts.put(name, new Account(digest(password), shell));
            return this;
        }

        /**
         * Offers anonymous access (USER {@code anonymous} or {@code ftp}, any password) to
         * {@code shell}; usually a read-only one.
         *
         * @param shell the anonymous users' shell
         * @return this builder
         */
        public Builder anonymous(FTPShell shell) {
            this.anonymous = Objects.requireNonNull(shell, "shell");
            return this;
        }

        /**
         * Builds the checker.
         *
         * @return an immutable checker
         */
        public PasswordChecker build() {
            return new PasswordChecker(accounts, anonymous);
        }
    }
}
