package net.protocols.ftp;

import net.deferred.Deferred;
import net.reactor.Consumer;

/**
 * A file opened for a download (RETR), ready to be streamed into a consumer (Twisted's
 * {@code IReadFile}).
 *
 * <p><b>Threading:</b> reactor thread only; an implementation reads off it.
 */
public interface ReadFile {

    /**
     * Streams the file, from the offset it was opened at, into {@code consumer} (the data
     * connection), registering itself there as a producer so that the consumer's back-pressure
     * paces the reads. Closes the file when done, whatever the outcome.
     *
     * @param consumer where the bytes go
     * @return fires with the number of bytes written once the end is reached and the producer is
     *     unregistered; fails with the read error, or when the consumer stops the producer
     */
    Deferred<Long> send(Consumer consumer);

    /**
     * Closes the file without sending it (the data connection could not be opened). Does nothing
     * after {@link #send} or a first {@code close}.
     */
    void close();
}
