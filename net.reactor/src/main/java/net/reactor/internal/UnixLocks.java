package net.reactor.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/**
 * The lock file of a UNIX socket, Twisted's {@code FilesystemLock} format: {@code PATH.lock}, a
 * symbolic link whose target is the owning process's id. {@link UnixSocketFile} takes and
 * releases it; a client endpoint with {@code lockfile=1} reads it.
 *
 * <p><b>Threading:</b> any thread (file system reads only).
 */
public final class UnixLocks {
    /** How much later than the lock a live process may have started before its id counts as reused. */
    private static final Duration START_SLACK = Duration.ofSeconds(2);

    private UnixLocks() {}

    /**
     * The lock file of a socket path.
     *
     * @param socket the socket file
     * @return {@code socket} with {@code .lock} appended
     */
    public static Path lockOf(Path socket) {
        return socket.resolveSibling(socket.getFileName() + ".lock");
    }

    /**
     * Whether the socket's lock file names a running process (Twisted's client {@code checkPID}).
     *
     * @param socket the socket file
     * @return false if there is no readable lock or its process is gone
     */
    public static boolean heldByLiveProcess(Path socket) {
        Path lock = lockOf(socket);
        try {
            return ownerRuns(Files.readSymbolicLink(lock).toString(), lock);
        } catch (IOException | UnsupportedOperationException noLock) {
            return false;
        }
    }

    /** Whether the process a lock names still runs, and is the one that made the lock. */
    static boolean ownerRuns(String owner, Path lockPath) {
        long pid;
        try {
            pid = Long.parseLong(owner);
        } catch (NumberFormatException notAPid) {
            // Not a lock of ours or Twisted's: better refuse than remove it.
            return true;
        }
        ProcessHandle process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).orElse(null);
        if (process == null) {
            return false;
        }
        Instant started = process.info().startInstant().orElse(null);
        if (started == null) {
            return true;
        }
        try {
            FileTime made = Files.readAttributes(lockPath, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .lastModifiedTime();
            return !started.isAfter(made.toInstant().plus(START_SLACK));
        } catch (IOException e) {
            return true;
        }
    }

}
