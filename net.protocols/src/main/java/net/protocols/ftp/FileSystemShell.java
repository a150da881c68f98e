package net.protocols.ftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import net.deferred.Deferred;
import net.protocols.internal.ftp.DiskReadFile;
import net.protocols.internal.ftp.DiskWriteFile;
import net.protocols.internal.ftp.FTPPaths;
import net.reactor.ReactorThreads;

/**
 * An {@link FTPShell} over one directory on disk, the user's root: every path is resolved inside
 * it, and every file operation runs on the reactor's virtual threads
 * ({@link ReactorThreads#deferToThread}), never on the reactor thread.
 *
 * {@snippet :
 * FTPShell alice = FileSystemShell.create(reactor, Path.of("/srv/ftp/alice"), false);
 * FTPShell guests = FileSystemShell.create(reactor, Path.of("/srv/ftp/pub"), true); // read-only
 * }
 *
 * <p><b>Confinement.</b> The server has already resolved {@code ..} lexically (it stops at the
 * root) and refused NUL bytes and over-long paths. This shell then follows symbolic links only
 * where they stay inside the root: an entry whose real path leaves it is refused
 * ({@link PathRefusedException}, 550) and left out of listings, and a dangling link is never
 * written through. Deleting and renaming act on a link itself, never on its target. Files are
 * opened with {@link LinkOption#NOFOLLOW_LINKS} on their checked real path. What remains is the
 * usual race of any path-based server: a local user who can write inside the root and swaps a
 * directory for a link between the check and the use; keep the root writable by FTP users only.
 *
 * <p><b>Read-only</b> shells (for anonymous access) refuse every change with a 550
 * "Permission denied".
 *
 * <p>Listings show the owner and group as {@code ftp}: local account names are not the client's
 * business. Thread-safe and stateless: one shell may serve many sessions.
 */
public final class FileSystemShell implements FTPShell {
    private final ReactorThreads threads;
    private final Path root;
    private final boolean readOnly;

    private FileSystemShell(ReactorThreads threads, Path root, boolean readOnly) {
        this.threads = threads;
        this.root = root;
        this.readOnly = readOnly;
    }

    /**
     * Creates a shell over {@code root}. Resolves the root's real path once, on the calling
     * thread (a single file-system call, meant for start-up).
     *
     * @param threads the reactor (its thread pool does the file I/O)
     * @param root an existing directory
     * @param readOnly true to refuse every change (STOR, APPE, DELE, MKD, RMD, RNFR/RNTO)
     * @return the shell
     * @throws UncheckedIOException if the root does not exist or is not a directory
     */
    public static FileSystemShell create(ReactorThreads threads, Path root, boolean readOnly) {
        Objects.requireNonNull(threads, "threads");
        Objects.requireNonNull(root, "root");
        try {
            Path real = root.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new NotDirectoryException(root.toString());
            }
            return new FileSystemShell(threads, real, readOnly);
        } catch (IOException e) {
            throw new UncheckedIOException("the FTP root " + root + " cannot be used", e);
        }
    }

    /**
     * The root directory.
     *
     * @return its real path
     */
    public Path root() {
        return root;
    }

    /**
     * Whether this shell refuses changes.
     *
     * @return true if read-only
     */
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public Deferred<FileInfo> stat(List<String> path) {
        return io(() -> {
            Path p = followed(path);
            return info(path.isEmpty() ? "/" : path.getLast(), p);
        });
    }

    @Override
    public Deferred<List<FileInfo>> list(List<String> path) {
        return io(() -> {
            Path dir = followed(path);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return List.of(info(path.isEmpty() ? "/" : path.getLast(), dir));
            }
            List<FileInfo> entries = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                for (Path entry : stream) {
                    String name = entry.getFileName().toString();
                    if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
                        continue; // cannot be shown on a line-based listing
                    }
                    Path target = entry;
                    if (Files.isSymbolicLink(entry)) {
                        try {
                            target = entry.toRealPath();
                        } catch (IOException dangling) {
                            continue;
                        }
                        if (!target.startsWith(root)) {
                            continue; // leads out of the root: not shown
                        }
                    }
                    try {
                        entries.add(info(name, target));
                    } catch (IOException vanished) {
                        // deleted while listing
                    }
                }
            }
            entries.sort(Comparator.comparing(FileInfo::name));
            return entries;
        });
    }

    @Override
    public Deferred<Void> makeDirectory(List<String> path) {
        return change(() -> {
            Files.createDirectory(unfollowed(path));
            return null;
        });
    }

    @Override
    public Deferred<Void> removeDirectory(List<String> path) {
        return change(() -> {
            Path p = unfollowed(path);
            if (path.isEmpty()) {
                throw new AccessDeniedException("/", null, "the root cannot be removed");
            }
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? new NotDirectoryException(FTPPaths.format(path))
                        : new NoSuchFileException(FTPPaths.format(path));
            }
            Files.delete(p);
            return null;
        });
    }

    @Override
    public Deferred<Void> removeFile(List<String> path) {
        return change(() -> {
            Path p = unfollowed(path);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new FTPReplyException(550, "Is a directory: use RMD.");
            }
            Files.delete(p);
            return null;
        });
    }

    @Override
    public Deferred<Void> rename(List<String> from, List<String> to) {
        return change(() -> {
            Path source = unfollowed(from);
            Path target = unfollowed(to);
            if (from.isEmpty() || to.isEmpty()) {
                throw new AccessDeniedException("/", null, "the root cannot be renamed");
            }
            if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(FTPPaths.format(from));
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(FTPPaths.format(to));
            }
            Files.move(source, target);
            return null;
        });
    }

    @Override
    public Deferred<ReadFile> openForReading(List<String> path, long offset) {
        if (offset < 0) {
            return Deferred.fail(new FTPReplyException(501, "Negative restart offset."));
        }
        return io(() -> {
            Path p = followed(path);
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new FTPReplyException(550, "Not a plain file.");
            }
            FileChannel channel = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            try {
                channel.position(offset);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return new DiskReadFile(threads, channel);
        });
    }

    @Override
    public Deferred<WriteFile> openForWriting(List<String> path, long offset, boolean append) {
        if (offset < 0) {
            return Deferred.fail(new FTPReplyException(501, "Negative restart offset."));
        }
        return change(() -> {
            if (path.isEmpty()) {
                throw new FTPReplyException(550, "Is a directory.");
            }
            Path p = forWriting(path);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new FTPReplyException(550, "Is a directory.");
            }
            FileChannel channel = FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    LinkOption.NOFOLLOW_LINKS);
            try {
                if (append) {
                    channel.position(channel.size());
                } else {
                    channel.truncate(offset);
                    channel.position(offset);
                }
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return new DiskWriteFile(threads, channel);
        });
    }

    private <T> Deferred<T> io(Callable<T> work) {
        return threads.deferToThread(work);
    }

    private <T> Deferred<T> change(Callable<T> work) {
        if (readOnly) {
            return Deferred.fail(new AccessDeniedException("read-only"));
        }
        return io(work);
    }

    /** The path with every link followed; refused if the real path leaves the root. */
    private Path followed(List<String> segments) throws IOException {
        Path real = lexical(segments).toRealPath();
        requireInside(real);
        return real;
    }

    /**
     * The path of the entry itself (a link is not followed): its parent's real path, checked, and
     * its name.
     */
    private Path unfollowed(List<String> segments) throws IOException {
        if (segments.isEmpty()) {
            return root;
        }
        Path parent = followed(segments.subList(0, segments.size() - 1));
        return parent.resolve(segments.getLast());
    }

    /**
     * Where an upload goes: an existing file through links that stay inside, or a new name in
     * a checked directory; never through a dangling link.
     */
    private Path forWriting(List<String> segments) throws IOException {
        Path entry = unfollowed(segments);
        if (Files.isSymbolicLink(entry)) {
            Path real;
            try {
                real = entry.toRealPath();
            } catch (NoSuchFileException dangling) {
                throw new PathRefusedException("Path refused: a symbolic link to nowhere.");
            }
            requireInside(real);
            return real;
        }
        return entry;
    }

    private Path lexical(List<String> segments) {
        Path p = root;
        for (String s : segments) {
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.indexOf('/') >= 0 || s.indexOf('\0') >= 0) {
                throw new PathRefusedException("Path refused.");
            }
            p = p.resolve(s);
        }
        if (!p.normalize().startsWith(root)) {
            throw new PathRefusedException("Path refused.");
        }
        return p;
    }

    private void requireInside(Path real) {
        if (!real.startsWith(root)) {
            throw new PathRefusedException("Path refused: it leads out of the root.");
        }
    }

    private FileInfo info(String name, Path p) throws IOException {
        BasicFileAttributes basic;
        int mode;
        try {
            PosixFileAttributes posix = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            basic = posix;
            mode = mode(posix.permissions());
        } catch (UnsupportedOperationException notPosix) {
            basic = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            mode = basic.isDirectory() ? 0755 : 0644;
        }
        FileInfo.Type type = basic.isDirectory() ? FileInfo.Type.DIRECTORY
                : basic.isRegularFile() ? FileInfo.Type.FILE : FileInfo.Type.OTHER;
        return new FileInfo(name, type, basic.isRegularFile() ? basic.size() : 0, basic.lastModifiedTime().toInstant(),
                readOnly ? mode & ~0222 : mode, "ftp", "ftp");
    }

    private static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= switch (p) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return mode;
    }
}
