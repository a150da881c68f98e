package net.protocols.ftp;

import java.util.List;
import net.deferred.Deferred;

/**
 * What a logged-in user may do to files: the avatar a {@link CredentialChecker} hands over
 * (Twisted's {@code IFTPShell}). Every operation returns a Deferred, so a shell may do its work
 * anywhere: on disk off the reactor thread ({@link FileSystemShell}), in memory, in a database.
 *
 * <p><b>Paths</b> are lists of segments from the shell's root: the server has already resolved
 * the client's text against the working directory, so a segment is never empty, {@code "."} or
 * {@code ".."}, and holds no slash or NUL; the empty list is the root. A shell that maps them
 * onto something real (a directory on disk) must still check that the result stays inside (for
 * example, that symbolic links do not lead out).
 *
 * <p><b>Failures</b> become replies: an {@link FTPReplyException} with its own code and text;
 * {@link java.nio.file.NoSuchFileException}, {@link java.nio.file.FileAlreadyExistsException},
 * {@link java.nio.file.DirectoryNotEmptyException}, {@link java.nio.file.NotDirectoryException}
 * and {@link java.nio.file.AccessDeniedException} a {@code 550} naming the problem; any other
 * exception a {@code 451} (local error), logged.
 *
 * <p><b>Threading:</b> the server calls every method on the reactor thread, and expects the
 * Deferreds to fire there.
 */
public interface FTPShell {

    /**
     * Describes one file or directory (SIZE, MDTM, MLST, CWD).
     *
     * @param path the entry
     * @return fires with its description, or fails (no such file: {@code NoSuchFileException})
     */
    Deferred<FileInfo> stat(List<String> path);

    /**
     * Lists a directory (LIST, NLST, MLSD), or describes a file as a one-entry list.
     *
     * @param path the directory
     * @return fires with its entries, in the order to show them
     */
    Deferred<List<FileInfo>> list(List<String> path);

    /**
     * Creates a directory (MKD).
     *
     * @param path the new directory; its parent exists
     * @return fires when created
     */
    Deferred<Void> makeDirectory(List<String> path);

    /**
     * Removes an empty directory (RMD).
     *
     * @param path the directory
     * @return fires when removed
     */
    Deferred<Void> removeDirectory(List<String> path);

    /**
     * Removes a file (DELE).
     *
     * @param path the file
     * @return fires when removed
     */
    Deferred<Void> removeFile(List<String> path);

    /**
     * Renames or moves a file or directory (RNFR/RNTO).
     *
     * @param from the existing entry
     * @param to the new name
     * @return fires when renamed
     */
    Deferred<Void> rename(List<String> from, List<String> to);

    /**
     * Opens a file for a download (RETR).
     *
     * @param path the file
     * @param offset where to start, from a REST command; 0 for the whole file
     * @return fires with the open file
     */
    Deferred<ReadFile> openForReading(List<String> path, long offset);

    /**
     * Opens a file for an upload (STOR, APPE): created if missing.
     *
     * @param path the file
     * @param offset for STOR, where to start writing (REST): 0 truncates the file, more keeps
     *     that many bytes and truncates the rest; ignored when appending
     * @param append true for APPE: write at the end of the file
     * @return fires with the open file
     */
    Deferred<WriteFile> openForWriting(List<String> path, long offset, boolean append);

    /**
     * Called once when the session ends (QUIT or a lost connection). The default does nothing.
     */
    default void logout() {}
}
