package net.protocols.internal.webclient;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.protocols.web.Headers;
import net.protocols.web.client.BodyProducer;
import net.protocols.web.client.MalformedResponseException;

/**
 * Frames one HTTP/1.x response (RFC 9112): the status line, the header fields, then the body by
 * Content-Length, chunked coding, or the close of the connection; none for HEAD, 1xx, 204 and 304.
 * Informational 1xx responses (other than 101) are skipped. Strict: lines, field counts and chunk
 * sizes are bounded, and anything ambiguous (Content-Length with Transfer-Encoding, two lengths,
 * whitespace before a colon, obs-fold, control characters) is a {@link MalformedResponseException}.
 * A bare LF ends a line as well as CRLF (RFC 9112 §2.2 allows a recipient that).
 */
public final class ResponseParser {
    /** What the parser found. */
    public interface Listener {
        /**
         * The head is complete.
         *
         * @param version the HTTP version
         * @param code the status code
         * @param phrase the reason phrase
         * @param headers the fields
         * @param length the body length, 0 for none, or -1 when unknown
         */
        void headReceived(String version, int code, String phrase, Headers headers, long length);

        /**
         * A piece of the body.
         *
         * @param data decoded bytes
         */
        void bodyReceived(byte[] data);

        /** The body is complete (for a close-delimited body: the connection closed). */
        void bodyEnded();
    }

    private enum State { STATUS, HEADERS, LENGTH_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, DONE }

    private static final long MAX_CHUNK = 1L << 48;

    private final Listener listener;
    private final boolean headRequest;
    private final int maxLine;
    private final int maxHeaders;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private State state = State.STATUS;
    private long remaining;
    private boolean anyByte;
    private boolean stopped;
    private boolean persistent;
    private String version = "";
    private int code;
    private String phrase = "";
    private Headers headers = new Headers();
    private int fieldCount;

    /**
     * Creates a parser for one response.
     *
     * @param listener hears the response
     * @param headRequest whether the request was HEAD (no body follows)
     * @param maxLine the longest line accepted
     * @param maxHeaders the most fields accepted
     */
    public ResponseParser(Listener listener, boolean headRequest, int maxLine, int maxHeaders) {
        this.listener = listener;
        this.headRequest = headRequest;
        this.maxLine = maxLine;
        this.maxHeaders = maxHeaders;
    }

    /**
     * Tells whether any byte of the response arrived.
     *
     * @return whether any byte of the response arrived
     */
    public boolean anyByte() {
        return anyByte;
    }

    /**
     * Tells whether the response is complete.
     *
     * @return whether the response is complete
     */
    public boolean done() {
        return state == State.DONE;
    }

    /**
     * Tells whether the head is complete.
     *
     * @return whether the head is complete
     */
    public boolean headDone() {
        return state != State.STATUS && state != State.HEADERS;
    }

    /**
     * Tells whether the connection may carry another request after this response.
     *
     * @return whether the connection may carry another request after this response
     */
    public boolean persistent() {
        return persistent;
    }

    /** Stops parsing: later input is ignored (the connection is being closed). */
    public void stop() {
        stopped = true;
    }

    /**
     * Parses bytes.
     *
     * @param data what arrived
     * @return how many bytes after the end of the response were left unparsed
     * @throws MalformedResponseException if the response cannot be framed
     */
    public int feed(byte[] data) throws MalformedResponseException {
        if (data.length > 0) {
            anyByte = true;
        }
        int pos = 0;
        while (pos < data.length && !stopped) {
            switch (state) {
                case LENGTH_BODY, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, data.length - pos);
                    byte[] piece = Arrays.copyOfRange(data, pos, pos + n);
                    pos += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = state == State.LENGTH_BODY ? State.DONE : State.CHUNK_END;
                    }
                    listener.bodyReceived(piece);
                    if (state == State.DONE && !stopped) {
                        listener.bodyEnded();
                    }
                }
                case UNTIL_CLOSE -> {
                    byte[] piece = pos == 0 ? data : Arrays.copyOfRange(data, pos, data.length);
                    pos = data.length;
                    listener.bodyReceived(piece);
                }
                case DONE -> {
                    return data.length - pos;
                }
                default -> pos = lineInput(data, pos);
            }
        }
        return 0;
    }

    /**
     * The connection ended.
     *
     * @return true when that completed a close-delimited body (the listener heard
     *     {@link Listener#bodyEnded()}), false when the response is incomplete or was complete
     */
    public boolean connectionLost() {
        if (state == State.UNTIL_CLOSE && !stopped) {
            state = State.DONE;
            listener.bodyEnded();
            return true;
        }
        return false;
    }

    private int lineInput(byte[] data, int pos) throws MalformedResponseException {
        int lf = -1;
        for (int i = pos; i < data.length; i++) {
            if (data[i] == '\n') {
                lf = i;
                break;
            }
        }
        int end = lf < 0 ? data.length : lf;
        if (line.size() + (end - pos) > maxLine + 1) {
            throw new MalformedResponseException(what() + " longer than " + maxLine + " bytes");
        }
        line.write(data, pos, end - pos);
        if (lf < 0) {
            return data.length;
        }
        byte[] raw = line.toByteArray();
        line.reset();
        int len = raw.length;
        if (len > 0 && raw[len - 1] == '\r') {
            len--;
        }
        if (len > maxLine) {
            throw new MalformedResponseException(what() + " longer than " + maxLine + " bytes");
        }
        lineReceived(new String(raw, 0, len, ISO_8859_1));
        return lf + 1;
    }

    private String what() {
        return switch (state) {
            case STATUS -> "status line";
            case CHUNK_SIZE, CHUNK_END -> "chunk-size line";
            default -> "header field line";
        };
    }

    private void lineReceived(String s) throws MalformedResponseException {
        switch (state) {
            case STATUS -> statusLine(s);
            case HEADERS, TRAILERS -> {
                if (s.isEmpty()) {
                    if (state == State.HEADERS) {
                        headEnded();
                    } else {
                        state = State.DONE;
                        listener.bodyEnded();
                    }
                } else {
                    field(s, state == State.HEADERS);
                }
            }
            case CHUNK_SIZE -> chunkSize(s);
            case CHUNK_END -> {
                if (!s.isEmpty()) {
                    throw new MalformedResponseException("bytes after a chunk's data");
                }
                state = State.CHUNK_SIZE;
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void statusLine(String s) throws MalformedResponseException {
        // HTTP-version SP 3DIGIT SP [reason-phrase]; a missing SP after the code is tolerated.
        if (s.length() < 12 || !s.startsWith("HTTP/1.") || s.charAt(8) != ' ' || !Character.isDigit(s.charAt(7))
                || s.length() > 12 && s.charAt(12) != ' ') {
            throw new MalformedResponseException("malformed status line: " + printable(s));
        }
        int c = 0;
        for (int i = 9; i < 12; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                throw new MalformedResponseException("malformed status code: " + printable(s));
            }
            c = c * 10 + (ch - '0');
        }
        if (c < 100) {
            throw new MalformedResponseException("status code below 100: " + c);
        }
        String reason = s.length() > 13 ? s.substring(13) : "";
        for (int i = 0; i < reason.length(); i++) {
            char ch = reason.charAt(i);
            if (ch < 0x20 && ch != '\t' || ch == 0x7F) {
                throw new MalformedResponseException("control character in the reason phrase");
            }
        }
        version = s.substring(0, 8);
        code = c;
        phrase = reason;
        headers = new Headers();
        fieldCount = 0;
        state = State.HEADERS;
    }

    private void field(String s, boolean head) throws MalformedResponseException {
        if (++fieldCount > maxHeaders) {
            throw new MalformedResponseException("more than " + maxHeaders + (head ? " header" : " trailer") + " fields");
        }
        char first = s.charAt(0);
        if (first == ' ' || first == '\t') {
            throw new MalformedResponseException("obsolete line folding in a header field");
        }
        int colon = s.indexOf(':');
        if (colon <= 0) {
            throw new MalformedResponseException("header field without a name: " + printable(s));
        }
        String name = s.substring(0, colon);
        String value = s.substring(colon + 1).strip();
        try {
            if (head) {
                headers.add(name, value);
            } else {
                new Headers().add(name, value); // validated, then dropped: trailers are not delivered
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedResponseException("malformed header field: " + e.getMessage());
        }
    }

    private void headEnded() throws MalformedResponseException {
        if (code / 100 == 1) {
            if (code == 101) {
                throw new MalformedResponseException("101 Switching Protocols is not supported");
            }
            state = State.STATUS; // an interim response: the final one follows
            return;
        }
        List<String> te = headers.getAll("Transfer-Encoding");
        List<String> cl = headers.getAll("Content-Length");
        boolean hasBody = !(headRequest || code == 204 || code == 304);
        long length;
        if (!te.isEmpty() && !cl.isEmpty()) {
            throw new MalformedResponseException("both Content-Length and Transfer-Encoding");
        }
        boolean closeDelimited = false;
        if (!te.isEmpty()) {
            String codings = String.join(",", te).toLowerCase(Locale.ROOT);
            String[] parts = codings.split(","); // empty when every field was empty: split drops trailing empties
            String last = parts.length == 0 ? "" : parts[parts.length - 1].strip();
            if (last.isEmpty()) {
                throw new MalformedResponseException("Transfer-Encoding names no coding");
            }
            length = BodyProducer.UNKNOWN_LENGTH;
            if (hasBody) {
                if (last.equals("chunked")) {
                    state = State.CHUNK_SIZE;
                } else {
                    state = State.UNTIL_CLOSE;
                    closeDelimited = true;
                }
            }
        } else if (!cl.isEmpty()) {
            if (cl.size() > 1) {
                throw new MalformedResponseException("more than one Content-Length");
            }
            length = parseLength(cl.getFirst());
            if (hasBody) {
                remaining = length;
                state = length == 0 ? State.DONE : State.LENGTH_BODY;
            }
        } else {
            length = BodyProducer.UNKNOWN_LENGTH;
            if (hasBody) {
                state = State.UNTIL_CLOSE;
                closeDelimited = true;
            }
        }
        if (!hasBody) {
            length = 0;
            state = State.DONE;
        }
        String connection = String.join(",", headers.getAll("Connection")).toLowerCase(Locale.ROOT);
        boolean close = tokens(connection).contains("close");
        boolean keepAlive = tokens(connection).contains("keep-alive");
        persistent = !closeDelimited && !close && (version.equals("HTTP/1.1") || keepAlive);
        listener.headReceived(version, code, phrase, headers, length);
        if (state == State.DONE && !stopped) {
            listener.bodyEnded();
        }
    }

    private static List<String> tokens(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).toList();
    }

    private static long parseLength(String v) throws MalformedResponseException {
        if (v.isEmpty() || v.length() > 18) {
            throw new MalformedResponseException("invalid Content-Length: " + printable(v));
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                throw new MalformedResponseException("invalid Content-Length: " + printable(v));
            }
        }
        return Long.parseLong(v);
    }

    private void chunkSize(String s) throws MalformedResponseException {
        int end = 0;
        while (end < s.length() && Character.digit(s.charAt(end), 16) >= 0) {
            end++;
        }
        if (end == 0 || end > 12) {
            throw new MalformedResponseException("invalid chunk size: " + printable(s));
        }
        String rest = s.substring(end).stripLeading();
        if (!rest.isEmpty() && rest.charAt(0) != ';') {
            throw new MalformedResponseException("invalid chunk size: " + printable(s));
        }
        long size = Long.parseLong(s.substring(0, end), 16);
        if (size > MAX_CHUNK) {
            throw new MalformedResponseException("chunk too large: " + size);
        }
        if (size == 0) {
            fieldCount = 0;
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            b.append(c < 0x20 || c >= 0x7F ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
