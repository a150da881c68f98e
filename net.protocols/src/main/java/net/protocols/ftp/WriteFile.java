package net.protocols.ftp;

import net.deferred.Deferred;
import net.reactor.Consumer;

/**
 * A file opened for an upload (STOR, APPE): a {@link Consumer} the data connection writes the
 * received bytes into (Twisted's {@code IWriteFile}). The data connection registers itself as a
 * streaming producer, and the file pauses it while too many bytes wait for the disk, so a fast
 * client cannot fill the server's memory.
 *
 * <p><b>Threading:</b> reactor thread only; an implementation writes off it.
 */
public interface WriteFile extends Consumer {

    /**
     * Finishes the upload: writes what is still pending, then closes the file.
     *
     * @return fires with the number of bytes written, or fails with the write error (which also
     *     fails this if an earlier write failed)
     */
    Deferred<Long> close();

    /** Drops what is pending and closes the file: the upload failed or was aborted. */
    void abort();
}
