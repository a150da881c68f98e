package net.reactor.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import net.reactor.CannotListenException;
import org.jspecify.annotations.Nullable;

/**
 * The file system side of a listening UNIX socket: the rule for a file already at the path, the
 * optional lock file, the socket file's mode, and removing both when the port closes.
 *
 * <p><b>The rule</b> ({@code ReactorUNIX}'s documentation states it for users). Without a lock
 * file an existing file at the path is never removed: listening fails with a message naming the
 * path, since nothing tells a dead server's leftover from a live server's socket. With a lock
 * file ({@code wantPID}, Twisted's {@code FilesystemLock}): {@code PATH.lock} is a symbolic link
 * whose target is the owner's process id, created atomically. A lock whose process no longer runs
 * (or whose id was reused by a process started after the lock was made) is stale: it is removed
 * and claimed, and then a socket file at the path is a dead server's and is removed too. A lock
 * whose process runs refuses. Two servers racing for the same stale lock can, as with Twisted's
 * lock, both see it stale; the re-read before removing narrows that window but cannot close it
 * without a kernel lock.
 *
 * <p>{@link #release()} removes the socket file only if it is still the one this port bound
 * (same file key), and the lock only if it still names this process.
 *
 * <p><b>Threading:</b> reactor thread (blocking file operations on local paths, as Twisted's).
 */
final class UnixSocketFile {
    /** Twisted's lock retries: a lock that vanishes while it is read is tried again. */
    private static final int LOCK_ATTEMPTS = 3;
    /** S_IFMT and S_IFSOCK from stat(2). */
    private static final int TYPE_MASK = 0170000;
    private static final int SOCKET_TYPE = 0140000;

    private final Path path;
    private final @Nullable Path lock;
    private @Nullable Object boundKey;

    private UnixSocketFile(Path path, @Nullable Path lock) {
        this.path = path;
        this.lock = lock;
    }

    /**
     * Claims {@code path}: takes the lock if wanted (removing a stale socket file), or makes sure
     * the path is free.
     *
     * @throws CannotListenException naming the path if it is in use or cannot be claimed
     */
    static UnixSocketFile claim(Path path, boolean wantPID, System.Logger log) {
        Objects.requireNonNull(path, "path");
        if (!wantPID) {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new CannotListenException("Couldn't listen on " + path + ": the file exists (a server may be"
                        + " listening on it, or a stopped one left it behind); remove it, or listen with a lock"
                        + " file (wantPID, lockfile=1) so a dead server's socket is taken over");
            }
            return new UnixSocketFile(path, null);
        }
        Path lockPath = UnixLocks.lockOf(path);
        takeLock(path, lockPath);
        UnixSocketFile file = new UnixSocketFile(path, lockPath);
        try {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                if (!isSocket(path)) {
                    throw new CannotListenException("Couldn't listen on " + path + ": the file exists and is not a"
                            + " socket; it is left alone");
                }
                Files.delete(path);
                log.log(Level.INFO, "{0}: removed the socket file a dead server left behind", path);
            }
        } catch (IOException e) {
            file.releaseLock();
            throw new CannotListenException("Couldn't listen on " + path + ": cannot remove the stale socket file: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            file.releaseLock();
            throw e;
        }
        return file;
    }

    private static void takeLock(Path path, Path lockPath) {
        String me = Long.toString(ProcessHandle.current().pid());
        for (int attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
            try {
                Files.createSymbolicLink(lockPath, Path.of(me));
                return;
            } catch (FileAlreadyExistsException held) {
                String owner;
                try {
                    owner = Files.readSymbolicLink(lockPath).toString();
                } catch (NoSuchFileException gone) {
                    continue; // released meanwhile: try again
                } catch (IOException | UnsupportedOperationException e) {
                    throw new CannotListenException("Couldn't listen on " + path + ": cannot read its lock file "
                            + lockPath + ": " + e.getMessage(), e);
                }
                if (UnixLocks.ownerRuns(owner, lockPath)) {
                    throw new CannotListenException("Couldn't listen on " + path + ": it is in use by the running"
                            + " process " + owner + " (lock file " + lockPath + ")");
                }
                try {
                    // Re-read just before removing, so a lock another process claimed meanwhile stays.
                    if (owner.equals(Files.readSymbolicLink(lockPath).toString())) {
                        Files.delete(lockPath);
                    }
                } catch (NoSuchFileException gone) {
                    // Someone else removed it: try again.
                } catch (IOException e) {
                    throw new CannotListenException("Couldn't listen on " + path + ": cannot remove the stale lock "
                            + lockPath + ": " + e.getMessage(), e);
                }
            } catch (IOException | UnsupportedOperationException e) {
                throw new CannotListenException("Couldn't listen on " + path + ": cannot create its lock file "
                        + lockPath + ": " + e.getMessage(), e);
            }
        }
        throw new CannotListenException("Couldn't listen on " + path + ": its lock file " + lockPath
                + " keeps changing; another process is claiming it");
    }

    private static boolean isSocket(Path path) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & TYPE_MASK) == SOCKET_TYPE;
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            // Not a POSIX file system: take what is not a regular file, directory or link for a socket.
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        }
    }

    /**
     * Opens, binds and sets the mode of the listening socket.
     *
     * @throws CannotListenException naming the path; the lock is released then
     */
    ServerSocketChannel bind(int backlog, int mode) {
        ServerSocketChannel ch = null;
        try {
            ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            ch.bind(UnixDomainSocketAddress.of(path), backlog);
            boundKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            try {
                Files.setPosixFilePermissions(path, permissions(mode));
            } catch (UnsupportedOperationException notPosix) {
                // Windows has no mode bits: the socket keeps the directory's access rules.
            }
            ch.configureBlocking(false);
            return ch;
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // Nothing more to do for a socket we failed to set up.
                }
            }
            release();
            throw new CannotListenException("Couldn't listen on " + path + ": " + e.getMessage(), e);
        }
    }

    /** The permission set for mode bits (0666, 0660, ...). */
    static Set<PosixFilePermission> permissions(int mode) {
        if ((mode & ~0777) != 0) {
            throw new IllegalArgumentException("mode must be permission bits (at most 0777): 0" + Integer.toOctalString(mode));
        }
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, high bit first
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                set.add(all[i]);
            }
        }
        return set;
    }

    /** Removes the socket file this port bound (if it is still that file) and the lock. Never throws. */
    void release() {
        Object key = boundKey;
        boundKey = null;
        if (key != null) {
            try {
                Object now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
                if (key.equals(now)) {
                    Files.delete(path);
                }
            } catch (IOException gone) {
                // Already removed (by the user, or a take-over): nothing to do.
            }
        }
        releaseLock();
    }

    private void releaseLock() {
        Path l = lock;
        if (l == null) {
            return;
        }
        try {
            if (Files.readSymbolicLink(l).toString().equals(Long.toString(ProcessHandle.current().pid()))) {
                Files.delete(l);
            }
        } catch (IOException | UnsupportedOperationException gone) {
            // Removed meanwhile: nothing to do.
        }
    }

    Path path() {
        return path;
    }
}
