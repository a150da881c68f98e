package net.protocols.web;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import net.deferred.Deferred;
import net.protocols.tls.TLSTransport;
import net.reactor.Address;
import net.reactor.Consumer;
import net.reactor.FileRegionConsumer;
import net.reactor.Producer;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request and its response, as Twisted's {@code twisted.web.server.Request}: what the
 * client sent (method, path, query arguments, headers, cookies, body) and the calls that answer
 * it ({@link #setResponseCode}, {@link #setHeader}, {@link #write}, {@link #finish}).
 *
 * <p>A request is confined to the reactor thread: every method must be called there (from a
 * resource's render method, a Deferred callback fired by the reactor, or a task sent with
 * {@code callFromThread}). The body has been read whole, within the site's
 * {@link HTTPServerOptions#maxBodySize()}, before the resource is asked to render.
 *
 * <p>Response framing is the server's business: a body whose length is known (a
 * {@link Render.Body}, or a {@code Content-Length} the resource set) is sent with that length;
 * otherwise an HTTP/1.1 response is sent chunked, and an HTTP/1.0 one is ended by closing the
 * connection. A HEAD response carries the headers and no body. A request is a {@link Consumer}:
 * a producer registered here is registered with the connection, so a large body is streamed at
 * the pace the client reads it.
 *
 * <p>Once the client has gone, {@link #write} and {@link #finish} are ignored; resources that
 * produce slowly should watch {@link #notifyFinish()} to stop early.
 */
public final class Request implements Consumer {
    private static final System.Logger LOG = System.getLogger("net.protocols.web");
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final HTTPChannel channel;
    private final String method;
    private final String uri;
    private final String version;
    private final Headers requestHeaders;
    private final String path;
    private final List<String> prepath = new ArrayList<>();
    private final List<String> postpath;
    private final Map<String, List<String>> args = new LinkedHashMap<>();
    private final boolean keepAliveAsked;
    private byte[] content = new byte[0];
    private @Nullable Map<String, String> cookies;

    private int code = 200;
    private @Nullable String codeMessage;
    private final Headers responseHeaders = new Headers();
    private boolean headersSent;
    private boolean chunked;
    private boolean persistent;
    private long declaredLength = -1;
    private long bodyBytes;
    private boolean finished;
    private boolean lost;
    private @Nullable Throwable lostReason;
    private final List<Deferred<@Nullable Void>> finishWaiters = new ArrayList<>(1);
    private @Nullable Deferred<?> pending;

    Request(HTTPChannel channel, String method, String uri, String version, Headers headers, String path,
            @Nullable String query, List<String> segments) {
        this.channel = channel;
        this.method = method;
        this.uri = uri;
        this.version = version;
        this.requestHeaders = headers;
        this.path = path;
        this.postpath = new ArrayList<>(segments);
        if (query != null) {
            parseForm(query, args);
        }
        List<String> connection = tokens(headers.getAll("Connection"));
        this.keepAliveAsked = isHTTP11() ? !connection.contains("close") : connection.contains("keep-alive");
        this.persistent = keepAliveAsked;
    }

    // ---- what the client sent ---------------------------------------------------------------

    /**
     * The method, as sent (methods are case-sensitive: {@code GET}, {@code POST}, …).
     *
     * @return the method token
     */
    public String method() {
        return method;
    }

    /**
     * The request target as sent: path and query, still percent-encoded.
     *
     * @return the raw URI
     */
    public String uri() {
        return uri;
    }

    /**
     * The path part of the target, still percent-encoded, without the query.
     *
     * @return the raw path, starting with {@code /} (or {@code *} for {@code OPTIONS *})
     */
    public String path() {
        return path;
    }

    /**
     * The protocol version of the request.
     *
     * @return {@code "HTTP/1.1"} or {@code "HTTP/1.0"}
     */
    public String version() {
        return version;
    }

    /**
     * The decoded path segments already walked to reach the rendering resource.
     *
     * @return a live, modifiable list (resources that route further may move segments)
     */
    public List<String> prepath() {
        return prepath;
    }

    /**
     * The decoded path segments not yet walked: what a leaf resource interprets itself.
     *
     * @return a live, modifiable list
     */
    public List<String> postpath() {
        return postpath;
    }

    /**
     * The query arguments, and for a POST with {@code Content-Type:
     * application/x-www-form-urlencoded} the form fields of the body after them; names and values
     * are decoded as UTF-8, {@code +} as a space.
     *
     * @return name to values in order, unmodifiable
     */
    public Map<String, List<String>> args() {
        return Collections.unmodifiableMap(args);
    }

    /**
     * The first value of an argument.
     *
     * @param name the argument name
     * @return its first value, or null
     */
    public @Nullable String arg(String name) {
        List<String> v = args.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    /**
     * The request's header fields.
     *
     * @return the headers (names compare without case)
     */
    public Headers requestHeaders() {
        return requestHeaders;
    }

    /**
     * The first value of a request header field.
     *
     * @param name the field name, any case
     * @return the value, or null
     */
    public @Nullable String getHeader(String name) {
        return requestHeaders.get(name);
    }

    /**
     * The cookies the client sent ({@code Cookie} fields, {@code name=value} pairs separated by
     * {@code ;}); malformed pairs are skipped, the first of a repeated name wins.
     *
     * @return name to value, unmodifiable
     */
    public Map<String, String> cookies() {
        Map<String, String> c = cookies;
        if (c == null) {
            c = new LinkedHashMap<>();
            for (String field : requestHeaders.getAll("Cookie")) {
                for (String pair : field.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        String name = pair.substring(0, eq).strip();
                        String value = pair.substring(eq + 1).strip();
                        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                            value = value.substring(1, value.length() - 1);
                        }
                        if (Headers.isToken(name)) {
                            c.putIfAbsent(name, value);
                        }
                    }
                }
            }
            cookies = Collections.unmodifiableMap(c);
        }
        return c;
    }

    /**
     * One cookie's value.
     *
     * @param name the cookie name
     * @return its value, or null
     */
    public @Nullable String getCookie(String name) {
        return cookies().get(name);
    }

    /**
     * The request body, read whole (decoded from chunked transfer coding if it came so).
     *
     * @return the body bytes, empty when there was none (not copied: do not change them)
     */
    public byte[] content() {
        return content;
    }

    /**
     * The client's address.
     *
     * @return the peer address of the connection
     */
    public Address getClientAddress() {
        return channel.transport().getPeer();
    }

    /**
     * Whether the request came over TLS: Twisted's {@code Request.isSecure()}. True when the
     * connection's transport is the TLS layer's ({@link net.protocols.tls.TLSTransport}), as for a
     * {@code Site} served with {@link net.protocols.tls.TLS#listenSSL} or wrapped in a
     * {@link net.protocols.tls.TLSServerFactory}; false for plain TCP.
     *
     * @return true on an HTTPS connection
     */
    public boolean isSecure() {
        return channel.transport() instanceof TLSTransport;
    }

    /**
     * The URL scheme the client used: {@code "https"} when {@link #isSecure()}, else {@code "http"}.
     * Useful to build absolute URLs (redirects, links) that keep the client on the same scheme.
     *
     * @return {@code "https"} or {@code "http"}
     */
    public String scheme() {
        return isSecure() ? "https" : "http";
    }

    // ---- the response -----------------------------------------------------------------------

    /**
     * Sets the response status, with the standard reason phrase.
     *
     * @param code the status code, 100–599
     * @throws IllegalStateException if the headers have been sent
     */
    public void setResponseCode(int code) {
        setResponseCode(code, null);
    }

    /**
     * Sets the response status and its reason phrase.
     *
     * @param code the status code, 100–599
     * @param message the reason phrase, or null for the standard one
     * @throws IllegalStateException if the headers have been sent
     * @throws IllegalArgumentException for a code out of range or a phrase with control characters
     */
    public void setResponseCode(int code, @Nullable String message) {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("not a status code: " + code);
        }
        if (message != null && !message.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7F))) {
            throw new IllegalArgumentException("bad reason phrase: " + message);
        }
        checkHeadersNotSent();
        this.code = code;
        this.codeMessage = message;
    }

    /**
     * The response status set so far.
     *
     * @return the code (200 unless set)
     */
    public int responseCode() {
        return code;
    }

    /**
     * Sets a response header field, replacing any value.
     *
     * @param name the field name
     * @param value the value (no CR, LF or other control character)
     * @throws IllegalStateException if the headers have been sent
     * @throws IllegalArgumentException for a bad name or value
     */
    public void setHeader(String name, String value) {
        checkHeadersNotSent();
        responseHeaders.set(name, value);
    }

    /**
     * Adds a response header field after any of the same name.
     *
     * @param name the field name
     * @param value the value
     * @throws IllegalStateException if the headers have been sent
     * @throws IllegalArgumentException for a bad name or value
     */
    public void addHeader(String name, String value) {
        checkHeadersNotSent();
        responseHeaders.add(name, value);
    }

    /**
     * The response header fields set so far.
     *
     * @return the live response headers
     */
    public Headers responseHeaders() {
        return responseHeaders;
    }

    /**
     * Adds a {@code Set-Cookie} field.
     *
     * @param name the cookie name, a token
     * @param value the value: no whitespace, quote, comma, semicolon, backslash or control
     *     character
     * @param attributes attributes such as {@code "Path=/"}, {@code "HttpOnly"}, {@code "Max-Age=60"}
     * @throws IllegalArgumentException for a bad name, value or attribute
     * @throws IllegalStateException if the headers have been sent
     */
    public void addCookie(String name, String value, String... attributes) {
        if (!Headers.isToken(name)) {
            throw new IllegalArgumentException("not a cookie name: " + name);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '"' || c == ',' || c == ';' || c == '\\') {
                throw new IllegalArgumentException("not a cookie value: " + value);
            }
        }
        StringBuilder b = new StringBuilder(name).append('=').append(value);
        for (String a : attributes) {
            if (a.indexOf(';') >= 0) {
                throw new IllegalArgumentException("a cookie attribute has no ';': " + a);
            }
            b.append("; ").append(a);
        }
        addHeader("Set-Cookie", b.toString());
    }

    /**
     * Writes part of the body, sending the status line and headers first if they have not been.
     * An empty array writes nothing. For a HEAD request the bytes are counted and dropped.
     *
     * @param data the bytes
     * @throws IllegalStateException if the request is finished, or the bytes would exceed the
     *     {@code Content-Length} the resource set
     */
    @Override
    public void write(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (finished) {
            throw new IllegalStateException("write() after finish() on " + this);
        }
        if (lost) {
            return;
        }
        if (!headersSent) {
            sendHead(false);
        }
        if (data.length == 0) {
            flushHead();
            return;
        }
        if (declaredLength >= 0 && bodyBytes + data.length > declaredLength) {
            flushHead();
            throw new IllegalStateException("body longer than its Content-Length " + declaredLength);
        }
        bodyBytes += data.length;
        if (method.equals("HEAD") || Status.hasNoBody(code)) {
            flushHead();
            return;
        }
        if (chunked) {
            flushHead();
            channel.transport().writeSequence(List.of(
                    (Long.toHexString(data.length) + "\r\n").getBytes(ISO_8859_1), data, CRLF));
            return;
        }
        byte[] head = pendingHead;
        if (head == null) {
            channel.transport().write(data);
            return;
        }
        pendingHead = null;
        if (data.length <= SMALL_BODY) {
            // One write for a small response: head and body leave in one segment.
            byte[] both = Arrays.copyOf(head, head.length + data.length);
            System.arraycopy(data, 0, both, head.length, data.length);
            channel.transport().write(both);
        } else {
            channel.transport().writeSequence(List.of(head, data));
        }
    }

    /**
     * Whether {@link #sendFile} can send a body from a file here: the connection is a TCP or UNIX
     * socket's (which sends the region from the page cache, or under TLS in chunks read off the
     * reactor thread). False for a connection behind a wrapper (a policy) or a test double: write
     * the bytes instead. Call on the reactor thread.
     *
     * @return true if {@code sendFile} is available
     */
    public boolean canSendFile() {
        return channel.transport() instanceof FileRegionConsumer;
    }

    /**
     * Sends {@code count} bytes of {@code file} from {@code position} as part of the body, after
     * the status line, headers and body bytes written before; on a plain connection they go from
     * the file to the socket without being copied ({@link FileRegionConsumer#sendFile}). Like
     * {@link #write}, the bytes count against the {@code Content-Length} the resource set; for a
     * HEAD request they are counted and not sent. The file stays the caller's: close it once the
     * returned Deferred has fired. Write more, or {@link #finish()}, only once it has fired (a
     * TLS connection sends the file in chunks, which later writes would overtake). Call on the
     * reactor thread.
     *
     * @param file the open file
     * @param position the first byte to send
     * @param count how many bytes to send
     * @return fires with {@code count} once the bytes went to the operating system; fails with
     *     the connection's reason if the client goes away first (or at once if it has gone)
     * @throws IllegalStateException if the request is finished, or the bytes would exceed the
     *     {@code Content-Length}
     * @throws UnsupportedOperationException if {@link #canSendFile()} is false
     */
    public Deferred<Long> sendFile(FileChannel file, long position, long count) {
        Objects.requireNonNull(file, "file");
        if (finished) {
            throw new IllegalStateException("sendFile() after finish() on " + this);
        }
        if (!(channel.transport() instanceof FileRegionConsumer files)) {
            throw new UnsupportedOperationException("the connection of " + this + " cannot send files (" + channel.transport()
                    + "); write the bytes instead");
        }
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("position and count must not be negative: " + position + ", " + count);
        }
        if (lost) {
            return Deferred.fail(Objects.requireNonNull(lostReason));
        }
        if (!headersSent) {
            sendHead(false);
        }
        flushHead();
        if (count == 0) {
            return Deferred.succeed(0L);
        }
        if (declaredLength >= 0 && bodyBytes + count > declaredLength) {
            throw new IllegalStateException("body longer than its Content-Length " + declaredLength);
        }
        bodyBytes += count;
        if (method.equals("HEAD") || Status.hasNoBody(code)) {
            return Deferred.succeed(count);
        }
        if (!chunked) {
            return files.sendFile(file, position, count);
        }
        channel.transport().write((Long.toHexString(count) + "\r\n").getBytes(ISO_8859_1));
        return files.sendFile(file, position, count).addCallback(n -> {
            if (!lost) {
                channel.transport().write(CRLF); // after the chunk's data, whichever way it went
            }
            return n;
        });
    }

    /** Bodies up to this size are copied behind the head and sent with it in one write. */
    private static final int SMALL_BODY = 16 * 1024;

    /** The encoded head, held until the first body bytes so both go out together. */
    private byte @Nullable [] pendingHead;

    private void flushHead() {
        byte[] head = pendingHead;
        if (head != null) {
            pendingHead = null;
            channel.transport().write(head);
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};

    /**
     * Ends the response: sends the headers if not sent, ends a chunked body, logs the request and
     * lets the connection go on to the next request (or close). Fires every
     * {@link #notifyFinish()} Deferred. Ignored once the client has gone.
     *
     * @throws IllegalStateException if already finished
     */
    public void finish() {
        if (finished) {
            throw new IllegalStateException("finish() called twice on " + this);
        }
        if (lost) {
            finished = true;
            return;
        }
        if (!headersSent) {
            sendHead(true);
        }
        flushHead();
        finished = true;
        if (chunked) {
            channel.transport().write(LAST_CHUNK);
        }
        if (declaredLength >= 0 && bodyBytes < declaredLength && !method.equals("HEAD")) {
            // The client waits for bytes that will never come: only closing ends its wait.
            LOG.log(System.Logger.Level.WARNING, "{0} {1}: finished after {2} of {3} declared bytes; closing",
                    method, uri, bodyBytes, declaredLength);
            persistent = false;
        }
        channel.site().log(this);
        for (Deferred<@Nullable Void> d : finishWaiters) {
            d.callback(null);
        }
        finishWaiters.clear();
        channel.requestDone(this);
    }

    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(ISO_8859_1);

    /**
     * A Deferred that fires with null when the response is finished, or fails with the
     * connection's reason ({@code ConnectionDoneException}, {@code ConnectionLostException}, …)
     * if the client goes away first.
     *
     * @return a new Deferred (already fired if the outcome is known)
     */
    public Deferred<@Nullable Void> notifyFinish() {
        if (lost) {
            return Deferred.fail(Objects.requireNonNull(lostReason));
        }
        if (finished) {
            return Deferred.succeed(null);
        }
        Deferred<@Nullable Void> d = new Deferred<>();
        finishWaiters.add(d);
        return d;
    }

    /**
     * Whether {@link #finish} has been called (or the client went away and it was ignored).
     *
     * @return true once finished
     */
    public boolean finished() {
        return finished;
    }

    /**
     * Whether the client has gone away before the response was finished.
     *
     * @return true once the connection is lost
     */
    public boolean lost() {
        return lost;
    }

    /**
     * How many body bytes the response has had (counted for HEAD too, though not sent).
     *
     * @return the count
     */
    public long bodyBytesWritten() {
        return bodyBytes;
    }

    /**
     * Registers a producer of the response body with the connection, so it is paused while the
     * client is slow to read.
     *
     * @param producer the producer
     * @param streaming true for a push producer, false for a pull producer
     */
    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        channel.transport().registerProducer(producer, streaming);
    }

    /** Unregisters the body's producer from the connection. */
    @Override
    public void unregisterProducer() {
        channel.transport().unregisterProducer();
    }

    /**
     * Stops the delivery of a streamed request body (one read by the {@link RequestBodyReceiver} this
     * request's resource returned from {@link Resource#receiveBody}) and stops reading from the
     * client, until {@link #resumeBody()}: flow control for a receiver whose sink is slower than
     * the network. While paused, the body's idle timeout does not run. Does nothing for a body
     * that is not streamed or has ended. Call on the reactor thread.
     */
    public void pauseBody() {
        channel.pauseBody(this);
    }

    /**
     * Resumes a body paused by {@link #pauseBody()}: bytes already received are delivered at
     * once (from within this call), then reading from the client goes on. Call on the reactor
     * thread.
     */
    public void resumeBody() {
        channel.resumeBody(this);
    }

    @Override
    public String toString() {
        return "Request[" + method + " " + uri + " " + version + "]";
    }

    // ---- for the channel and the site -------------------------------------------------------

    boolean isHTTP11() {
        return version.equals("HTTP/1.1");
    }

    boolean persistent() {
        return persistent;
    }

    /** The connection closes after this response (a body was announced and left unread). */
    void closeAfterResponse() {
        persistent = false;
    }

    boolean headersWritten() {
        return headersSent;
    }

    void setContent(byte[] body) {
        content = body;
        String type = requestHeaders.get("Content-Type");
        if (method.equals("POST") && type != null
                && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            parseForm(new String(body, ISO_8859_1), args);
        }
    }

    /** Answers a whole body, with its length unless the resource set one. */
    void writeWhole(byte[] body) {
        if (finished) {
            LOG.log(System.Logger.Level.WARNING, "{0}: a body was rendered for a finished request; dropped", this);
            return;
        }
        if (lost) {
            finished = true;
            return;
        }
        if (!headersSent && !responseHeaders.contains("Content-Length") && !Status.hasNoBody(code)) {
            responseHeaders.set("Content-Length", Long.toString(body.length));
        }
        write(body);
        finish();
    }

    /** Waits for a Deferred body; cancels it if the client goes first. */
    void awaitBody(Deferred<byte[]> body) {
        pending = body.addCallbacks(bytes -> {
            pending = null;
            if (!lost) {
                writeWhole(bytes);
            }
            return null;
        }, failure -> {
            pending = null;
            if (!lost) {
                processingFailed(failure.value());
            }
            return null;
        });
    }

    /** The resource failed: a 500 if nothing was sent, else the connection is closed mid-body. */
    void processingFailed(Throwable error) {
        LOG.log(System.Logger.Level.WARNING, "rendering " + this + " failed", error);
        if (lost || finished) {
            return;
        }
        if (!headersSent) {
            responseHeaders.clear();
            code = 500;
            codeMessage = null;
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            writeWhole(ErrorPage.page(500, "Internal Server Error", "The server failed to render this request.")
                    .getBytes(UTF_8));
        } else {
            finished = true;
            persistent = false;
            lostReason = error;
            for (Deferred<@Nullable Void> d : finishWaiters) {
                d.errback(error);
            }
            finishWaiters.clear();
            channel.responseAborted(this, error);
        }
    }

    void connectionLost(Throwable reason) {
        if (lost) {
            return;
        }
        boolean wasFinished = finished;
        lost = true;
        lostReason = reason;
        if (wasFinished) {
            return;
        }
        Deferred<?> p = pending;
        pending = null;
        if (p != null) {
            p.cancel();
        }
        for (Deferred<@Nullable Void> d : finishWaiters) {
            d.errback(reason);
        }
        finishWaiters.clear();
    }

    String statusLine() {
        return version.equals("HTTP/1.0") ? "HTTP/1.0" : "HTTP/1.1";
    }

    private void checkHeadersNotSent() {
        if (headersSent) {
            throw new IllegalStateException("the response headers of " + this + " have been sent");
        }
    }

    private void sendHead(boolean finishing) {
        headersSent = true;
        boolean noBody = Status.hasNoBody(code);
        String length = responseHeaders.get("Content-Length");
        if (noBody) {
            responseHeaders.remove("Content-Length");
            responseHeaders.remove("Transfer-Encoding");
        } else if (length != null) {
            if (!isDigits(length) || responseHeaders.getAll("Content-Length").size() > 1) {
                throw new IllegalStateException("bad response Content-Length: " + responseHeaders.getAll("Content-Length"));
            }
            declaredLength = Long.parseLong(length);
            responseHeaders.remove("Transfer-Encoding");
        } else if (finishing) {
            responseHeaders.set("Content-Length", "0");
            declaredLength = 0;
        } else if (method.equals("HEAD")) {
            // No body follows whatever the headers say; leave the length unknown.
        } else if (isHTTP11()) {
            responseHeaders.set("Transfer-Encoding", "chunked");
            chunked = true;
        } else {
            persistent = false; // an HTTP/1.0 body of unknown length ends with the connection
        }
        for (String c : tokens(responseHeaders.getAll("Connection"))) {
            if (c.equals("close")) {
                persistent = false;
            }
        }
        if (!persistent && keepAliveAsked || !persistent && isHTTP11()) {
            responseHeaders.set("Connection", "close");
        } else if (persistent && !isHTTP11()) {
            responseHeaders.set("Connection", "keep-alive");
        }
        if (!responseHeaders.contains("Date")) {
            responseHeaders.set("Date", httpDate());
        }
        if (!responseHeaders.contains("Server")) {
            responseHeaders.set("Server", "Spindle");
        }
        StringBuilder head = new StringBuilder(256);
        head.append(statusLine()).append(' ').append(code).append(' ')
                .append(codeMessage != null ? codeMessage : Status.reason(code)).append("\r\n");
        for (Map.Entry<String, String> f : responseHeaders) {
            head.append(f.getKey()).append(": ").append(f.getValue()).append("\r\n");
        }
        head.append("\r\n");
        pendingHead = encodeHead(head); // written with the first body bytes, or by finish()
    }

    /** The Date field's value, formatted once per second (it has one-second resolution). */
    private static String httpDate() {
        long now = System.currentTimeMillis() / 1000;
        CachedDate cached = cachedDate;
        if (cached == null || cached.second != now) {
            cached = new CachedDate(now, HTTP_DATE.format(Instant.ofEpochSecond(now)));
            cachedDate = cached;
        }
        return cached.text;
    }

    private record CachedDate(long second, String text) {}

    private static volatile @Nullable CachedDate cachedDate;

    private static boolean isDigits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Header text is Latin-1 on the wire; anything beyond it is sent as UTF-8 bytes. */
    private static byte[] encodeHead(CharSequence head) {
        int n = head.length();
        byte[] latin1 = new byte[n];
        int i = 0;
        while (i < n && head.charAt(i) <= 0xFF) {
            latin1[i] = (byte) head.charAt(i);
            i++;
        }
        if (i == n) {
            return latin1; // the usual case, without an encoder per response
        }
        try {
            ByteBuffer b = ISO_8859_1.newEncoder().onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(java.nio.CharBuffer.wrap(head));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            return head.toString().getBytes(UTF_8);
        }
    }

    static List<String> tokens(List<String> fields) {
        List<String> out = new ArrayList<>();
        for (String f : fields) {
            for (String t : f.split(",")) {
                String s = t.strip().toLowerCase(Locale.ROOT);
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** Parses {@code a=1&b=2} (UTF-8, {@code +} for space); undecodable escapes are kept as sent. */
    static void parseForm(String text, Map<String, List<String>> into) {
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            String n = percentDecode(name, true);
            String v = percentDecode(value, true);
            into.computeIfAbsent(n != null ? n : name, k -> new ArrayList<>()).add(v != null ? v : value);
        }
    }

    /**
     * Decodes {@code %XX} escapes (and {@code +} when asked) as UTF-8, invalid sequences replaced.
     *
     * @return the decoded text, or null for a malformed escape
     */
    static @Nullable String percentDecode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else if (c < 0x100) { // a byte, as the Latin-1 head or body text carries it
                out.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(UTF_8);
    }
}
