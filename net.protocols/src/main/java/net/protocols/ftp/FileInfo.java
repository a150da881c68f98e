package net.protocols.ftp;

import java.time.Instant;
import java.util.Objects;

/**
 * What a shell tells the server about one file or directory, for LIST, MLSD, MLST, SIZE, MDTM and
 * CWD (Twisted's {@code stat} and {@code list} keys, as a record).
 *
 * @param name the entry's name: one path segment, without a slash; for the root, "/"
 * @param type a file, a directory or something else (a device, a socket)
 * @param size the size in bytes (0 when unknown)
 * @param modified the time of the last modification
 * @param mode the Unix permission bits (for example {@code 0644}), for listings
 * @param owner the owner's name, for listings
 * @param group the group's name, for listings
 *
 * <p>Immutable: read it from any thread.
 */
public record FileInfo(String name, Type type, long size, Instant modified, int mode, String owner, String group) {

    /** The kinds of entry a listing distinguishes. */
    public enum Type {
        /** A regular file: RETR, STOR, SIZE apply. */
        FILE,
        /** A directory: CWD, LIST, RMD apply. */
        DIRECTORY,
        /** Anything else (a device, a FIFO): listed, never transferred. */
        OTHER
    }

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if the name is empty or holds a slash, CR, LF or NUL, or
     *     the size is negative
     */
    public FileInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(group, "group");
        if (name.isEmpty() || (!name.equals("/") && name.indexOf('/') >= 0)
                || name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a listable name: " + name);
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
    }

    /**
     * Whether this is a directory.
     *
     * @return true for {@link Type#DIRECTORY}
     */
    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    /**
     * Whether this is a regular file.
     *
     * @return true for {@link Type#FILE}
     */
    public boolean isFile() {
        return type == Type.FILE;
    }
}
