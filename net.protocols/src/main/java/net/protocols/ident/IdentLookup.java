package net.protocols.ident;

import net.reactor.Address;

/**
 * Decides what an {@link IdentServer} answers (Twisted's {@code IdentServer.lookup}). It runs on
 * the reactor thread and must not block. It returns the user, or throws an
 * {@link IdentErrorException} to answer with that error; any other exception is answered
 * {@code UNKNOWN-ERROR}.
 */
@FunctionalInterface
public interface IdentLookup {

    /** The default: refuses every query with {@code NO-USER}. */
    IdentLookup NO_USER = (query, server, client) -> {
        throw new IdentErrorException(IdentError.NO_USER);
    };

    /**
     * Looks up who owns a connection.
     *
     * @param query the port pair asked about
     * @param server this end of the ident connection (the host part is the connection's local
     *     address)
     * @param client the asker's end (the host part is the connection's remote address)
     * @return the owner
     * @throws IdentErrorException to answer with an error
     */
    IdentUserId lookup(IdentQuery query, Address server, Address client);
}
