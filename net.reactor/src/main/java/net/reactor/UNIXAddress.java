package net.reactor;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The address of a UNIX domain socket.
 *
 * @param path the socket's file system path, or null for an unnamed (unbound) socket
 */
public record UNIXAddress(@Nullable Path path) implements Address {

    @Override
    public String toString() {
        return path == null ? "unix:<unnamed>" : "unix:" + path;
    }
}
