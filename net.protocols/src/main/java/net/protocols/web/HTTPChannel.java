package net.protocols.web;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.protocols.internal.InputBuffer;
import net.protocols.policies.IdleTimeoutException;
import net.reactor.ConnectionDoneException;
import net.reactor.DelayedCall;
import net.reactor.HalfCloseableTransport;
import net.reactor.Protocol;
import net.reactor.ReactorTime;
import org.jspecify.annotations.Nullable;

/**
 * The server side of one HTTP/1.1 connection (Twisted's {@code HTTPChannel}): parses requests,
 * reads their bodies, hands each to the site and writes its response, one request at a time.
 *
 * <p>Pipelined requests wait in the input buffer while the one before is answered, so answers go
 * out in order; when more than {@code maxPipelinedBytes} wait, reading pauses. Any request the
 * parser cannot read unambiguously gets its error status and the connection is closed: after a
 * framing error nothing that follows can be trusted (RFC 9112 §11.2, request smuggling).
 *
 * <p>A request's resource is found when its head has been read, so the resource decides how
 * the body is read before any of it arrives ({@link Resource#acceptsBody}, {@link
 * Resource#receiveBody}): collected whole (the default), streamed to a {@link RequestBodyReceiver}, or
 * read and dropped. Error answers end with a lingering close: the writing half is shut and what
 * the client still sends is drained, bounded in bytes and time, before the socket is closed, so
 * the client reads the answer rather than a reset.
 */
final class HTTPChannel extends Protocol {
    private static final System.Logger LOG = System.getLogger("net.protocols.web");
    private static final int MAX_CHUNK_LINE = 4096;
    private static final int MAX_EMPTY_LINES = 4;

    /** The largest body collected in one array. */
    private static final long MAX_BUFFERED = Integer.MAX_VALUE - 16;

    private enum State { HEAD, LENGTH_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, ANSWERING, DONE }

    /** Where a request's body goes. */
    private enum Sink { BUFFER, STREAM, DISCARD }

    /** A request this server refuses: answered with the status, then the connection is closed. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private final Site site;
    private final HTTPServerOptions options;
    private final ReactorTime clock;
    private final InputBuffer in = new InputBuffer();
    private State state = State.HEAD;
    private int scanned; // bytes after the position known to hold no LF
    private @Nullable DelayedCall timer;
    private boolean headerTimer;
    private boolean parsing;
    private boolean readingPaused;

    // The request being read.
    private String @Nullable [] requestLine;
    private Headers headers = new Headers();
    private int headerBytes;
    private int headerCount;
    private int emptyLines;
    private @Nullable ByteArrayOutputStream body;
    private long bodySize;
    private long remaining;
    private @Nullable Request current;
    private Sink sink = Sink.BUFFER;
    private @Nullable Resource routed; // found when the head was read
    private @Nullable RequestBodyReceiver receiver;
    private @Nullable Request bodyOwner; // the request whose body streams to the receiver
    private boolean responseDone; // the streamed request was answered before its body ended
    private boolean bodyPaused;
    private boolean bodySkipped; // a body was announced but not read (Expect without 100)

    // A lingering close in progress.
    private boolean lingering;
    private long lingerDrained;
    private @Nullable Throwable lingerReason;

    HTTPChannel(Site site) {
        this.site = site;
        this.options = site.options();
        this.clock = site.clock();
    }

    Site site() {
        return site;
    }

    @Override
    public void connectionMade() {
        startTimer(false);
    }

    @Override
    public void dataReceived(byte[] data) {
        if (lingering) {
            lingerDrained += data.length;
            if (lingerDrained > options.lingerBytes()) {
                endLinger();
            }
            return;
        }
        if (state == State.DONE) {
            return;
        }
        in.add(data);
        if (state == State.HEAD && !headerTimer) {
            startTimer(true); // the first byte of a request starts its head's clock
        } else if (state != State.HEAD && state != State.ANSWERING && timer != null) {
            timer.reset(options.idleTimeout()); // a body that keeps arriving is not idle
        }
        runParser();
    }

    @Override
    public void connectionLost(Throwable reason) {
        cancelTimer();
        state = State.DONE;
        in.clear();
        lingering = false;
        failBody(reason);
        Request r = current;
        current = null;
        if (r != null) {
            r.connectionLost(reason);
        }
        super.connectionLost(reason);
    }

    /** The site's response to {@code request} is complete: go on to the next request, or close. */
    void requestDone(Request request) {
        if (request != current || state == State.DONE) {
            return;
        }
        current = null;
        if (isBodyState()) {
            // A streaming resource answered before its body ended.
            if (!request.persistent()) {
                failBody(new ConnectionDoneException("the response closed the connection before the body ended"));
                closeLingering(new ConnectionDoneException("response finished"));
            } else {
                responseDone = true; // the rest of the body is still read, then the next request
            }
            return;
        }
        if (!request.persistent()) {
            if (bodySkipped || !in.isEmpty()) {
                closeLingering(new ConnectionDoneException("response finished"));
            } else {
                state = State.DONE;
                in.clear();
                transport().loseConnection();
            }
            return;
        }
        nextRequest();
    }

    /** The exchange is over on a persistent connection: read the next request. */
    private void nextRequest() {
        state = State.HEAD;
        startTimer(!in.isEmpty());
        if (readingPaused) {
            readingPaused = false;
            transport().resumeProducing();
        }
        if (!parsing) {
            runParser();
        }
    }

    /** The response broke off mid-body: the client can only learn it from the close. */
    void responseAborted(Request request, Throwable error) {
        if (request == current) {
            current = null;
            failBody(error);
            state = State.DONE;
            in.clear();
            transport().loseConnection(error);
        }
    }

    private void runParser() {
        parsing = true;
        try {
            parse();
        } catch (Refused e) {
            refuse(e.status, e.getMessage());
        } finally {
            parsing = false;
            in.release();
        }
    }

    private void parse() throws Refused {
        while (true) {
            switch (state) {
                case HEAD -> {
                    if (in.isEmpty() || !parseHead()) {
                        return;
                    }
                }
                case LENGTH_BODY, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, in.remaining());
                    if (n == 0 || bodyPaused) {
                        return;
                    }
                    int at = in.position();
                    in.position(at + n);
                    scanned = 0;
                    remaining -= n;
                    switch (sink) {
                        case BUFFER -> body.write(in.array(), at, n);
                        case STREAM -> deliver(Arrays.copyOfRange(in.array(), at, at + n));
                        case DISCARD -> { }
                    }
                    // The receiver may have answered, paused or closed meanwhile: state says which.
                    if (remaining == 0) {
                        if (state == State.LENGTH_BODY) {
                            state = State.ANSWERING;
                            bodyComplete();
                        } else if (state == State.CHUNK_DATA) {
                            state = State.CHUNK_END;
                        }
                    }
                }
                case CHUNK_SIZE -> {
                    String line = readLine(MAX_CHUNK_LINE, 400);
                    if (line == null) {
                        return;
                    }
                    chunkSize(line);
                }
                case CHUNK_END -> {
                    String line = readLine(0, 400);
                    if (line == null) {
                        return;
                    }
                    state = State.CHUNK_SIZE;
                }
                case TRAILERS -> {
                    String line = readLine(Math.max(0, options.maxHeaderBytes() - headerBytes), 431);
                    if (line == null) {
                        return;
                    }
                    headerBytes += line.length() + 2;
                    if (line.isEmpty()) {
                        state = State.ANSWERING;
                        bodyComplete();
                    } else if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                        if (!options.allowObsFold()) {
                            throw new Refused(400, "obsolete line folding in a trailer");
                        }
                    } else {
                        parseField(line, new Headers()); // checked and counted, then dropped
                    }
                }
                case ANSWERING -> {
                    if (!readingPaused && in.remaining() > options.maxPipelinedBytes()) {
                        readingPaused = true;
                        transport().pauseProducing();
                    }
                    return;
                }
                case DONE -> {
                    in.clear();
                    return;
                }
            }
        }
    }

    /** Reads the head's lines; true once the head is complete and acted on. */
    private boolean parseHead() throws Refused {
        while (true) {
            if (requestLine == null) {
                String line = readLine(options.maxRequestLineLength(), 414);
                if (line == null) {
                    return false;
                }
                if (line.isEmpty()) {
                    // RFC 9112 §2.2: ignore empty lines before a request line (a few, not forever).
                    if (++emptyLines > MAX_EMPTY_LINES) {
                        throw new Refused(400, "empty lines instead of a request line");
                    }
                    continue;
                }
                requestLine = parseRequestLine(line);
                headers = new Headers();
                continue;
            }
            String line = readLine(Math.max(0, options.maxHeaderBytes() - headerBytes), 431);
            if (line == null) {
                return false;
            }
            headerBytes += line.length() + 2;
            if (line.isEmpty()) {
                headEnded();
                return true;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (!options.allowObsFold() || headers.size() == 0) {
                    throw new Refused(400, "obsolete line folding");
                }
                String more = stripOWS(line);
                checkValue(more);
                headers.appendToLast(more);
                continue;
            }
            parseField(line, headers);
        }
    }

    private static String[] parseRequestLine(String line) throws Refused {
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0) {
            throw new Refused(400, "malformed request line");
        }
        String method = line.substring(0, sp1);
        String target = line.substring(sp1 + 1, sp2);
        String version = line.substring(sp2 + 1);
        if (!Headers.isToken(method)) {
            throw new Refused(400, "malformed method");
        }
        if (target.isEmpty()) {
            throw new Refused(400, "empty request target");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                throw new Refused(400, "forbidden character in the request target");
            }
        }
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            if (version.matches("HTTP/[0-9]\\.[0-9]")) {
                throw new Refused(505, "only HTTP/1.0 and HTTP/1.1 are served");
            }
            throw new Refused(400, "malformed protocol version");
        }
        return new String[] {method, target, version};
    }

    private void parseField(String line, Headers into) throws Refused {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new Refused(400, "malformed header field");
        }
        String name = line.substring(0, colon);
        if (!Headers.isToken(name)) {
            // Includes whitespace before the colon, which RFC 9112 §5.1 says to reject.
            throw new Refused(400, "malformed header field name");
        }
        String value = stripOWS(line.substring(colon + 1));
        checkValue(value);
        if (++headerCount > options.maxHeaderCount()) {
            throw new Refused(431, "too many header fields");
        }
        into.addTrusted(name, value);
    }

    private static void checkValue(String value) throws Refused {
        for (int i = 0; i < value.length(); i++) {
            if (!Headers.isValueChar(value.charAt(i))) {
                throw new Refused(400, "forbidden character in a header field value");
            }
        }
    }

    private static String stripOWS(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && (s.charAt(a) == ' ' || s.charAt(a) == '\t')) {
            a++;
        }
        while (b > a && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == '\t')) {
            b--;
        }
        return s.substring(a, b);
    }

    /** The head is complete: decide the body's framing, then read it or dispatch. */
    private void headEnded() throws Refused {
        String[] rl = requestLine;
        String method = rl[0];
        String target = rl[1];
        String version = rl[2];
        boolean http11 = version.equals("HTTP/1.1");
        cancelTimer();

        List<String> hosts = headers.getAll("Host");
        if (hosts.size() > 1 || (http11 && hosts.isEmpty())) {
            throw new Refused(400, http11 && hosts.isEmpty() ? "no Host field" : "more than one Host field");
        }
        List<String> te = headers.getAll("Transfer-Encoding");
        List<String> cl = headers.getAll("Content-Length");
        boolean chunked = false;
        long length = 0;
        if (!te.isEmpty()) {
            if (!cl.isEmpty()) {
                throw new Refused(400, "both Content-Length and Transfer-Encoding");
            }
            if (!http11) {
                throw new Refused(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
            List<String> codings = Request.tokens(te);
            if (codings.isEmpty() || !codings.getLast().equals("chunked")) {
                throw new Refused(400, "the final transfer coding is not chunked");
            }
            if (codings.size() != 1) {
                throw new Refused(501, "unsupported transfer coding");
            }
            chunked = true;
        } else if (!cl.isEmpty()) {
            if (cl.size() > 1) {
                throw new Refused(400, "more than one Content-Length");
            }
            String v = cl.getFirst();
            if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new Refused(400, "malformed Content-Length");
            }
            length = Long.parseLong(v);
            if (length > options.maxBodySize()) {
                throw new Refused(413, "body larger than " + options.maxBodySize() + " bytes");
            }
        }

        List<String> expect = headers.getAll("Expect");
        boolean sendContinue = false;
        if (!expect.isEmpty()) {
            if (expect.size() != 1 || !expect.getFirst().equalsIgnoreCase("100-continue")) {
                throw new Refused(417, "unsupported expectation");
            }
            sendContinue = http11 && (chunked || length > 0);
        }

        String path;
        String query = null;
        int q = target.indexOf('?');
        String beforeQuery = q < 0 ? target : target.substring(0, q);
        if (q >= 0) {
            query = target.substring(q + 1);
        }
        if (beforeQuery.startsWith("/")) {
            path = beforeQuery;
        } else if (target.equals("*") && method.equals("OPTIONS")) {
            path = "*";
        } else {
            String lower = beforeQuery.toLowerCase(java.util.Locale.ROOT);
            int schemeEnd = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
            if (schemeEnd < 0) {
                throw new Refused(400, "unsupported request target form");
            }
            int slash = beforeQuery.indexOf('/', schemeEnd);
            path = slash < 0 ? "/" : beforeQuery.substring(slash);
        }
        List<String> segments = new ArrayList<>();
        if (!path.equals("*")) {
            for (String s : path.substring(1).split("/", -1)) {
                String decoded = Request.percentDecode(s, false);
                if (decoded == null) {
                    throw new Refused(400, "malformed percent-encoding in the path");
                }
                segments.add(decoded);
            }
        }

        Request request = new Request(this, method, target, version, headers, path, query, segments);
        current = request;
        requestLine = null;
        emptyLines = 0;
        bodySkipped = false;
        if (!chunked && length == 0) {
            body = null;
            sink = Sink.BUFFER;
            dispatch();
            return;
        }
        // The resource decides how its body is read before any of it arrives.
        Resource resource = site.getResourceFor(request);
        boolean accepts;
        RequestBodyReceiver rc = null;
        try {
            accepts = resource.acceptsBody(request);
            if (accepts) {
                rc = resource.receiveBody(request);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "choosing how to read the body of " + request + " failed", e);
            throw new Refused(500, "the server failed to prepare for the body");
        }
        if (!accepts && sendContinue) {
            // The client holds its body back until told to send it: answer now, without the
            // 100, and close afterwards, since it may or may not send the body anyway.
            bodySkipped = true;
            request.closeAfterResponse();
            body = null;
            sink = Sink.BUFFER;
            state = State.ANSWERING;
            finishHeadState();
            site.render(request, resource);
            return;
        }
        sink = rc != null ? Sink.STREAM : accepts ? Sink.BUFFER : Sink.DISCARD;
        if (sink == Sink.BUFFER && length > MAX_BUFFERED) {
            throw new Refused(413, "body larger than a collected body may be");
        }
        routed = resource;
        receiver = rc;
        bodyOwner = rc != null ? request : null;
        responseDone = false;
        body = sink == Sink.BUFFER ? new ByteArrayOutputStream((int) Math.min(length, 64 * 1024)) : null;
        bodySize = 0;
        remaining = length;
        state = chunked ? State.CHUNK_SIZE : State.LENGTH_BODY;
        startTimer(false);
        if (sendContinue) {
            transport().write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(ISO_8859_1));
        }
        if (sink == Sink.STREAM) {
            routed = null;
            site.render(request, resource); // it answers when it likes; the body streams meanwhile
        }
    }

    /** Hands body bytes to the streaming receiver; a receiver that throws fails the request. */
    private void deliver(byte[] data) {
        RequestBodyReceiver rc = receiver;
        if (rc == null) {
            return;
        }
        try {
            rc.dataReceived(data);
        } catch (RuntimeException e) {
            receiverFailed(e);
        }
    }

    private void receiverFailed(RuntimeException e) {
        receiver = null;
        Request owner = bodyOwner;
        if (owner != null && owner == current) {
            owner.processingFailed(e);
        } else {
            LOG.log(System.Logger.Level.WARNING, "a request body receiver failed", e);
        }
    }

    /** The body has been read whole (state is already ANSWERING): render, or end the stream. */
    private void bodyComplete() {
        switch (sink) {
            case STREAM -> {
                RequestBodyReceiver rc = receiver;
                receiver = null;
                bodyOwner = null;
                finishHeadState();
                cancelTimer();
                boolean answered = responseDone;
                responseDone = false;
                if (answered) {
                    nextRequest();
                }
                if (rc != null) {
                    try {
                        rc.bodyEnded();
                    } catch (RuntimeException e) {
                        receiverFailed(e);
                    }
                }
            }
            case BUFFER, DISCARD -> dispatch();
        }
    }

    /** The streamed body will not complete: tell its receiver, once. */
    private void failBody(Throwable reason) {
        RequestBodyReceiver rc = receiver;
        receiver = null;
        bodyOwner = null;
        if (rc != null) {
            try {
                rc.bodyFailed(reason);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a request body receiver failed", e);
            }
        }
    }

    private boolean isBodyState() {
        return switch (state) {
            case LENGTH_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS -> true;
            default -> false;
        };
    }

    /** Stops delivering body bytes to the receiver until {@link #resumeBody}. */
    void pauseBody(Request request) {
        if (request == bodyOwner && !bodyPaused && isBodyState()) {
            bodyPaused = true;
            cancelTimer(); // a paused body is the server's doing, not a stalled client
            transport().pauseProducing();
        }
    }

    /** Delivers body bytes again after {@link #pauseBody}. */
    void resumeBody(Request request) {
        if (request != bodyOwner || !bodyPaused) {
            return;
        }
        bodyPaused = false;
        if (isBodyState()) {
            startTimer(false);
        }
        if (!readingPaused && state != State.DONE) {
            transport().resumeProducing();
        }
        if (!parsing) {
            runParser();
        }
    }

    private void chunkSize(String line) throws Refused {
        int i = 0;
        while (i < line.length() && Character.digit(line.charAt(i), 16) >= 0) {
            i++;
        }
        if (i == 0) {
            throw new Refused(400, "malformed chunk size");
        }
        if (i > 16) {
            throw new Refused(413, "chunk too large");
        }
        String rest = stripOWS(line.substring(i));
        if (!rest.isEmpty()) {
            if (rest.charAt(0) != ';') {
                throw new Refused(400, "malformed chunk size");
            }
            checkValue(rest);
        }
        long size = Long.parseUnsignedLong(line.substring(0, i), 16);
        if (size < 0 || size > options.maxBodySize() - bodySize) {
            throw new Refused(413, "body larger than " + options.maxBodySize() + " bytes");
        }
        if (sink == Sink.BUFFER && size > MAX_BUFFERED - bodySize) {
            throw new Refused(413, "body larger than a collected body may be");
        }
        if (size == 0) {
            state = State.TRAILERS;
        } else {
            bodySize += size;
            remaining = size;
            state = State.CHUNK_DATA;
        }
    }

    /** The request is read: hand it to the site. Later input waits until it is answered. */
    private void dispatch() {
        Request r = current;
        state = State.ANSWERING;
        cancelTimer();
        ByteArrayOutputStream b = body;
        body = null;
        finishHeadState();
        Resource resource = routed;
        routed = null;
        r.setContent(b == null ? new byte[0] : b.toByteArray());
        if (resource != null) {
            site.render(r, resource);
        } else {
            site.handle(r);
        }
    }

    private void finishHeadState() {
        headers = new Headers();
        headerBytes = 0;
        headerCount = 0;
    }

    /**
     * A line ending in CRLF (or a lone LF when allowed), without its ending; null if incomplete.
     * {@code max} bounds the line's length without its ending.
     */
    private @Nullable String readLine(int max, int tooLongStatus) throws Refused {
        byte[] a = in.array();
        int p = in.position();
        int limit = in.limit();
        int end = (int) Math.min(limit, (long) p + max + 2);
        for (int i = p + scanned; i < end; i++) {
            if (a[i] == '\n') {
                int stop = i;
                if (stop > p && a[stop - 1] == '\r') {
                    stop--;
                } else if (!options.allowBareLF()) {
                    throw new Refused(400, "bare LF line ending");
                }
                if (stop - p > max) {
                    throw new Refused(tooLongStatus, tooLongStatus == 414 ? "request line too long"
                            : tooLongStatus == 431 ? "header section too large" : "line too long");
                }
                for (int j = p; j < stop; j++) {
                    if (a[j] == '\r' || a[j] == 0) {
                        throw new Refused(400, "stray CR or NUL in a line");
                    }
                }
                String s = new String(a, p, stop - p, ISO_8859_1);
                in.position(i + 1);
                scanned = 0;
                return s;
            }
        }
        scanned = end - p;
        if ((long) limit - p >= (long) max + 2) {
            throw new Refused(tooLongStatus, tooLongStatus == 414 ? "request line too long"
                    : tooLongStatus == 431 ? "header section too large" : "line too long");
        }
        return null;
    }

    /** Answers a refused request with its status and closes the connection. */
    private void refuse(int status, String message) {
        cancelTimer();
        boolean answered = responseDone || (current != null && current.headersWritten());
        state = State.DONE;
        in.clear();
        Request r = current;
        current = null;
        routed = null;
        HTTPRequestException reason = new HTTPRequestException(status, message);
        failBody(reason);
        if (r != null) {
            r.connectionLost(reason); // its later writes and finish are ignored
        }
        if (answered) {
            // An answer is already on the wire: a second one would be read as a stray response.
            LOG.log(System.Logger.Level.DEBUG, "closing after a bad body from {0}: {1} {2}", transport().getPeer(),
                    status, message);
            transport().loseConnection(reason);
            return;
        }
        byte[] page = (status + " " + Status.reason(status) + ": " + message + "\n").getBytes(UTF_8);
        String head = "HTTP/1.1 " + status + " " + Status.reason(status) + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + page.length + "\r\n"
                + "Connection: close\r\n\r\n";
        LOG.log(System.Logger.Level.DEBUG, "refused a request from {0}: {1} {2}", transport().getPeer(), status, message);
        transport().writeSequence(List.of(head.getBytes(ISO_8859_1), page));
        closeLingering(reason);
    }

    /**
     * Closes after an answer while the client may still be sending: shuts the writing half (the
     * answer is flushed first), drains what arrives for at most {@code lingerTime} and
     * {@code lingerBytes}, then closes. Closing at once could make the kernel answer the unread
     * bytes with a reset, which can destroy the answer before the client reads it.
     */
    private void closeLingering(Throwable reason) {
        cancelTimer();
        state = State.DONE;
        in.clear();
        if (!options.lingerTime().isZero() && transport() instanceof HalfCloseableTransport half) {
            try {
                half.loseWriteConnection();
            } catch (IllegalStateException e) {
                transport().loseConnection(reason); // TLS cannot half-close
                return;
            }
            lingering = true;
            lingerDrained = 0;
            lingerReason = reason;
            timer = clock.callLater(options.lingerTime(), this::endLinger);
            if (readingPaused || bodyPaused) {
                readingPaused = false;
                bodyPaused = false;
                transport().resumeProducing(); // draining needs reading
            }
        } else {
            transport().loseConnection(reason);
        }
    }

    private void endLinger() {
        if (!lingering) {
            return;
        }
        lingering = false;
        cancelTimer();
        Throwable reason = lingerReason;
        transport().loseConnection(reason != null ? reason : new ConnectionDoneException("lingering close ended"));
    }

    private void timedOut() {
        timer = null;
        if (lingering) {
            return;
        }
        switch (state) {
            case HEAD -> {
                if (!headerTimer) {
                    state = State.DONE;
                    in.clear();
                    transport().loseConnection(new IdleTimeoutException(options.idleTimeout()));
                } else {
                    refuse(408, "the request's head took longer than " + options.headerTimeout());
                }
            }
            case LENGTH_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS ->
                    refuse(408, "the request's body stalled for " + options.idleTimeout());
            default -> { }
        }
    }

    private void startTimer(boolean forHead) {
        cancelTimer();
        headerTimer = forHead;
        timer = clock.callLater(forHead ? options.headerTimeout() : options.idleTimeout(), this::timedOut);
    }

    private void cancelTimer() {
        DelayedCall t = timer;
        timer = null;
        if (t != null && t.active()) {
            t.cancel();
        }
    }
}
