package net.protocols.ftp;

import java.util.Objects;
import net.reactor.Address;
import net.reactor.Reactor;
import net.reactor.ServerFactory;

/**
 * Builds an {@link FTP} session for each client (Twisted's {@code FTPFactory}).
 *
 * {@snippet :
 * FTPShell files = FileSystemShell.create(reactor, Path.of("/srv/ftp"), false);
 * CredentialChecker users = PasswordChecker.builder().user("alice", "secret", files).build();
 * reactor.listenTCP(2121, new FTPFactory(reactor, users, FTPServerOptions.defaults()));
 * }
 *
 * <p><b>Threading:</b> {@code buildProtocol} is called by the reactor, on its thread.
 */
public class FTPFactory extends ServerFactory {
    private final Reactor reactor;
    private final CredentialChecker checker;
    private final FTPServerOptions options;

    /**
     * Creates the factory.
     *
     * @param reactor the reactor the sessions (and their data connections) run on
     * @param checker decides logins and hands out shells
     * @param options limits, timeouts and TLS
     */
    public FTPFactory(Reactor reactor, CredentialChecker checker, FTPServerOptions options) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.checker = Objects.requireNonNull(checker, "checker");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * The options every session gets.
     *
     * @return the options
     */
    public FTPServerOptions options() {
        return options;
    }

    /**
     * Builds a session.
     *
     * @param address the client's address
     * @return a new {@link FTP}
     */
    @Override
    public FTP buildProtocol(Address address) {
        return new FTP(reactor, checker, options);
    }
}
