package net.protocols.basic;

import java.util.Objects;
import net.protocols.internal.InputBuffer;
import net.reactor.Protocol;

/**
 * What every receiver of this package shares: it buffers the bytes it is given, parses frames
 * out of the buffer, queues bytes that arrive re-entrantly (from a handler) for the running
 * parse loop instead of recursing, drops bytes that arrive while the transport is closing, and,
 * once it has rejected the input as unframeable, ignores everything after.
 *
 * <p>A subclass writes {@link #parse()} over {@link #input}; it is called with the receiver
 * marked as parsing, and the buffer is released afterwards whatever happens.
 */
abstract class BufferedReceiver extends Protocol {

    /** The bytes received and not parsed yet. */
    final InputBuffer input = new InputBuffer();
    private boolean parsing;
    private boolean rejected;

    BufferedReceiver() {}

    /**
     * Buffers {@code data} and parses what is buffered, calling this receiver's handler for each
     * complete frame (see the class description). Data given while a handler runs is queued
     * after what is buffered and parsed by the running loop; data given while the transport is
     * closing, or after the receiver rejected its input, is dropped.
     *
     * @param data the bytes received; the receiver may keep the array
     */
    @Override
    public void dataReceived(byte[] data) {
        if (rejected) {
            return;
        }
        if (parsing) {
            input.append(data);
            return;
        }
        if (transport().isClosing()) {
            return;
        }
        input.add(data);
        parseInput();
    }

    /** Parses frames out of {@link #input} until it is empty or parsing must stop. */
    abstract void parse();

    /** Runs {@link #parse()} as the one parse loop, then releases the buffer. */
    final void parseInput() {
        parsing = true;
        try {
            parse();
        } finally {
            parsing = false;
            input.release();
        }
    }

    /**
     * Whether {@link #parse()} is running, that is, a handler is being called from it.
     *
     * @return true during a parse pass
     */
    final boolean parsing() {
        return parsing;
    }

    /** Drops the buffer and ignores all further input: the stream can no longer be framed. */
    final void reject() {
        rejected = true;
        input.clear();
    }

    /**
     * Whether {@link #reject()} was called.
     *
     * @return true once the input was rejected
     */
    final boolean rejected() {
        return rejected;
    }

    static byte[] checkDelimiter(byte[] delimiter) {
        Objects.requireNonNull(delimiter, "delimiter");
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("the delimiter must not be empty");
        }
        return delimiter.clone();
    }

    static int checkMaxLength(int maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must not be negative: " + maxLength);
        }
        return maxLength;
    }
}
