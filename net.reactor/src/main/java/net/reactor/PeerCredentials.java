package net.reactor;

import java.util.Objects;

/**
 * Who is at the other end of a UNIX domain socket, as the kernel reports it
 * ({@link UNIXTransport#getPeerCredentials()}): user and group names as the platform resolves the
 * peer's uid and gid (a number as text when a name is unknown).
 *
 * @param user the peer process's user
 * @param group the peer process's group
 *
 * <p>Immutable: read it from any thread.
 */
public record PeerCredentials(String user, String group) {

    /**
     * Validates the fields.
     *
     * @throws NullPointerException if either is null
     */
    public PeerCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
    }
}
