package net.protocols.web;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits, timeouts and parsing strictness of a {@link Site}'s HTTP/1.1 server. Start from
 * {@link #defaults()} and change what you need with the {@code with…} methods; every instance is
 * immutable and validated when built.
 *
 * <p>The defaults, and what breaking each limit answers (always written before the close, and
 * always followed by the close, because a server that has misread one request cannot know where
 * the next one starts):
 * <table>
 * <caption>Defaults</caption>
 * <tr><th>component</th><th>default</th><th>when exceeded</th></tr>
 * <tr><td>{@code maxRequestLineLength}</td><td>8192 bytes</td><td>414 URI Too Long</td></tr>
 * <tr><td>{@code maxHeaderCount}</td><td>100 fields</td><td>431 Request Header Fields Too Large</td></tr>
 * <tr><td>{@code maxHeaderBytes}</td><td>16384 bytes (all field lines of one request, trailers
 *     included)</td><td>431</td></tr>
 * <tr><td>{@code maxBodySize}</td><td>10 MiB (after chunked decoding; enforced as the bytes
 *     arrive, for streamed bodies too; a buffered body is also limited to 2 GiB)</td><td>413
 *     Content Too Large; a declared Content-Length over the limit is refused before any body byte
 *     is read, and no {@code 100 Continue} is sent for it</td></tr>
 * <tr><td>{@code headerTimeout}</td><td>30 s, from the first byte of a request to the end of its
 *     header section; never reset by trickling bytes (a slowloris is closed)</td><td>408 Request
 *     Timeout</td></tr>
 * <tr><td>{@code idleTimeout}</td><td>60 s: a persistent connection waiting for its next
 *     request, or a body that stops arriving (reset by every received byte)</td><td>close
 *     (idle) or 408 (mid-body)</td></tr>
 * <tr><td>{@code allowBareLF}</td><td>false: a line ended by LF alone is a 400</td><td></td></tr>
 * <tr><td>{@code allowObsFold}</td><td>false: a field line folded onto the next (obs-fold) is a
 *     400; when true it is joined with one space, as RFC 9112 §5.2 allows</td><td></td></tr>
 * <tr><td>{@code lingerTime}, {@code lingerBytes}</td><td>2 s, 256 KiB: after an error answer
 *     (or an answer that leaves part of a body unread) the server closes its writing half and
 *     reads and drops what the client still sends, for at most this long and this many bytes,
 *     before closing, so a client still sending its request reads the answer instead of a reset
 *     (a lingering close, RFC 9112 §9.6); {@code Duration.ZERO} closes at once. Over TLS, which
 *     cannot half-close, the close is immediate</td><td>(then the close)</td></tr>
 * <tr><td>{@code maxPipelinedBytes}</td><td>65536: bytes of later, pipelined requests buffered
 *     while one is being answered; beyond it the server stops reading until the answer is
 *     done</td><td>(flow control, not an error)</td></tr>
 * </table>
 *
 * @param maxRequestLineLength longest request line, in bytes, CRLF excluded (at least 64)
 * @param maxHeaderCount most header (and trailer) fields in one request (at least 1)
 * @param maxHeaderBytes most bytes of field lines in one request (at least 256)
 * @param maxBodySize largest request body in bytes (0 or more)
 * @param headerTimeout how long a request's head may take to arrive (positive)
 * @param idleTimeout how long a connection may sit idle between requests or mid-body (positive)
 * @param allowBareLF whether a lone LF ends a line (lenient) or is refused (strict)
 * @param allowObsFold whether obsolete line folding is unfolded (lenient) or refused (strict)
 * @param maxPipelinedBytes how many bytes of pipelined requests to buffer before pausing reads
 * @param lingerTime how long a lingering close drains the client's bytes (zero: no lingering)
 * @param lingerBytes how many bytes a lingering close drains at most
 *
 * <p>Immutable: build and share it from any thread.
 */
public record HTTPServerOptions(
        int maxRequestLineLength,
        int maxHeaderCount,
        int maxHeaderBytes,
        long maxBodySize,
        Duration headerTimeout,
        Duration idleTimeout,
        boolean allowBareLF,
        boolean allowObsFold,
        int maxPipelinedBytes,
        Duration lingerTime,
        long lingerBytes) {

    /** Validates every component; see the class description for the bounds. */
    public HTTPServerOptions {
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxRequestLineLength < 64) {
            throw new IllegalArgumentException("maxRequestLineLength must be at least 64: " + maxRequestLineLength);
        }
        if (maxHeaderCount < 1) {
            throw new IllegalArgumentException("maxHeaderCount must be at least 1: " + maxHeaderCount);
        }
        if (maxHeaderBytes < 256) {
            throw new IllegalArgumentException("maxHeaderBytes must be at least 256: " + maxHeaderBytes);
        }
        if (maxBodySize < 0) {
            throw new IllegalArgumentException("negative maxBodySize: " + maxBodySize);
        }
        Objects.requireNonNull(lingerTime, "lingerTime");
        if (lingerTime.isNegative()) {
            throw new IllegalArgumentException("negative lingerTime: " + lingerTime);
        }
        if (lingerBytes < 0) {
            throw new IllegalArgumentException("negative lingerBytes: " + lingerBytes);
        }
        for (Duration d : new Duration[] {headerTimeout, idleTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive: " + d);
            }
        }
        if (maxPipelinedBytes < 0) {
            throw new IllegalArgumentException("negative maxPipelinedBytes: " + maxPipelinedBytes);
        }
    }

    /**
     * The defaults listed in the class description: strict parsing, 30 s to send a head, 60 s
     * idle, 10 MiB bodies.
     *
     * @return the default options
     */
    public static HTTPServerOptions defaults() {
        return new HTTPServerOptions(8192, 100, 16384, 10L * 1024 * 1024, Duration.ofSeconds(30),
                Duration.ofSeconds(60), false, false, 64 * 1024, Duration.ofSeconds(2), 256 * 1024);
    }

    /**
     * A copy with other limits on the request's head.
     *
     * @param requestLine longest request line in bytes
     * @param headerCount most header fields
     * @param headerBytes most bytes of header field lines
     * @return the new options
     */
    public HTTPServerOptions withHeadLimits(int requestLine, int headerCount, int headerBytes) {
        return new HTTPServerOptions(requestLine, headerCount, headerBytes, maxBodySize, headerTimeout, idleTimeout,
                allowBareLF, allowObsFold, maxPipelinedBytes, lingerTime, lingerBytes);
    }

    /**
     * A copy with another body size limit.
     *
     * @param bytes the largest body accepted
     * @return the new options
     */
    public HTTPServerOptions withMaxBodySize(long bytes) {
        return new HTTPServerOptions(maxRequestLineLength, maxHeaderCount, maxHeaderBytes, bytes, headerTimeout,
                idleTimeout, allowBareLF, allowObsFold, maxPipelinedBytes, lingerTime, lingerBytes);
    }

    /**
     * A copy with other timeouts.
     *
     * @param header time allowed for a request's head
     * @param idle time allowed idle between requests or mid-body
     * @return the new options
     */
    public HTTPServerOptions withTimeouts(Duration header, Duration idle) {
        return new HTTPServerOptions(maxRequestLineLength, maxHeaderCount, maxHeaderBytes, maxBodySize, header, idle,
                allowBareLF, allowObsFold, maxPipelinedBytes, lingerTime, lingerBytes);
    }

    /**
     * A copy with another parsing strictness.
     *
     * @param bareLF accept a lone LF as a line end
     * @param obsFold accept (and unfold) obsolete line folding
     * @return the new options
     */
    public HTTPServerOptions withLenience(boolean bareLF, boolean obsFold) {
        return new HTTPServerOptions(maxRequestLineLength, maxHeaderCount, maxHeaderBytes, maxBodySize, headerTimeout,
                idleTimeout, bareLF, obsFold, maxPipelinedBytes, lingerTime, lingerBytes);
    }

    /**
     * A copy with another pipelining buffer.
     *
     * @param bytes bytes of pipelined requests buffered before reading pauses
     * @return the new options
     */
    public HTTPServerOptions withMaxPipelinedBytes(int bytes) {
        return new HTTPServerOptions(maxRequestLineLength, maxHeaderCount, maxHeaderBytes, maxBodySize, headerTimeout,
                idleTimeout, allowBareLF, allowObsFold, bytes, lingerTime, lingerBytes);
    }

    /**
     * A copy with another lingering close after error answers.
     *
     * @param time how long to drain what the client still sends ({@code Duration.ZERO}: close at once)
     * @param bytes the most bytes drained
     * @return the new options
     */
    public HTTPServerOptions withLingeringClose(Duration time, long bytes) {
        return new HTTPServerOptions(maxRequestLineLength, maxHeaderCount, maxHeaderBytes, maxBodySize, headerTimeout,
                idleTimeout, allowBareLF, allowObsFold, maxPipelinedBytes, time, bytes);
    }
}
