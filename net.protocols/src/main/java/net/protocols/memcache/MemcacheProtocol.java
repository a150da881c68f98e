package net.protocols.memcache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import net.deferred.Deferred;
import net.protocols.basic.LineReceiver;
import net.protocols.basic.LineTooLongException;
import net.protocols.internal.Bytes;
import net.reactor.ConnectionClosedException;
import net.reactor.DelayedCall;
import net.reactor.ReactorTime;
import org.jspecify.annotations.Nullable;

/**
 * A memcached client for the text protocol (Twisted's {@code MemCacheProtocol}): connect it with
 * {@code connectTCP} (or any transport), then call its methods; each returns a Deferred that fires
 * with the server's answer. Requests may be issued without waiting: they are written at once and
 * the answers, which memcached sends in request order, fire the Deferreds in that order.
 *
 * {@snippet :
 * MemcacheProtocol cache = new MemcacheProtocol(reactor);   // connected elsewhere
 * cache.set("greeting", "hello".getBytes(StandardCharsets.UTF_8))
 *         .addCallbackDeferred(stored -> cache.get("greeting"))
 *         .addCallback(item -> item == null ? "missing" : new String(item.value(), StandardCharsets.UTF_8));
 * }
 *
 * <p><b>Checked before sending.</b> A key must be 1 to {@value #MAX_KEY_LENGTH} bytes of UTF-8
 * with no space or control character, and a value at most {@link #maxValueLength()} bytes; a
 * request that breaks these rules is not sent and its Deferred fails at once with
 * {@link IllegalArgumentException}. The same value limit bounds what the client accepts from
 * the server, and response lines are limited to {@value #MAX_LINE_LENGTH} bytes, so a hostile
 * server cannot make it buffer without bound.
 *
 * <p><b>Errors.</b> {@code ERROR}, {@code CLIENT_ERROR} and {@code SERVER_ERROR} answers fail
 * the one call they answer with {@link NoSuchCommandException}, {@link ClientErrorException} or
 * {@link ServerErrorException}. A response that breaks the protocol closes the connection with a
 * {@link MemcacheProtocolException} (an over-long line with a
 * {@link net.protocols.basic.LineTooLongException}); then every pending call fails with that
 * reason, and so does every later call.
 *
 * <p><b>Timeout.</b> While calls are pending, the server must send something within the timeout
 * (60 seconds by default, as in Twisted), measured on the given clock; otherwise every pending
 * call fails with {@link MemcacheTimeoutException} and the connection is closed with it.
 *
 * <p><b>Threading:</b> reactor thread only, like every protocol.
 */
public class MemcacheProtocol extends LineReceiver {

    /** The longest key memcached accepts, in bytes. */
    public static final int MAX_KEY_LENGTH = 250;

    /** The default value limit: memcached's default item size limit, 1 MiB. */
    public static final int DEFAULT_MAX_VALUE_LENGTH = 1024 * 1024;

    /** The default timeout, as in Twisted: 60 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** The longest response line accepted, in bytes (a VALUE header is at most about 320). */
    public static final int MAX_LINE_LENGTH = 2048;

    private static final byte[] CRLF = {'\r', '\n'};

    private final ReactorTime clock;
    private final Duration timeout;
    private final int maxValueLength;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private @Nullable DelayedCall timeoutCall;
    private @Nullable Throwable closedReason;

    // Raw mode: the value being read, with its trailing CRLF.
    private byte @Nullable [] valueBuffer;
    private int valueFill;
    private @Nullable ValueHeader valueHeader;

    /**
     * Creates a client with the default timeout and value limit.
     *
     * @param clock the clock the timeout runs on, usually the reactor
     */
    public MemcacheProtocol(ReactorTime clock) {
        this(clock, DEFAULT_TIMEOUT, DEFAULT_MAX_VALUE_LENGTH);
    }

    /**
     * Creates a client.
     *
     * @param clock the clock the timeout runs on, usually the reactor
     * @param timeout how long pending calls may wait for the server to send anything
     * @param maxValueLength the largest value sent or accepted, in bytes
     * @throws IllegalArgumentException if the timeout is not positive or the limit is negative
     */
    public MemcacheProtocol(ReactorTime clock, Duration timeout, int maxValueLength) {
        super(CRLF, MAX_LINE_LENGTH);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (maxValueLength < 0) {
            throw new IllegalArgumentException("maxValueLength must not be negative: " + maxValueLength);
        }
        this.maxValueLength = maxValueLength;
    }

    /**
     * The largest value this client sends or accepts.
     *
     * @return the limit in bytes
     */
    public int maxValueLength() {
        return maxValueLength;
    }

    /**
     * How many calls are waiting for their answer.
     *
     * @return the number of pending calls
     */
    public int pendingCalls() {
        return pending.size();
    }

    // ---- retrieval -----------------------------------------------------------------------------

    /**
     * Reads one key ({@code get}).
     *
     * @param key the key
     * @return fires with the item, or null when the key is missing
     */
    public Deferred<@Nullable Item> get(String key) {
        return single(key, false);
    }

    /**
     * Reads one key with its CAS identifier ({@code gets}), for {@link #checkAndSet}.
     *
     * @param key the key
     * @return fires with the item, or null when the key is missing
     */
    public Deferred<@Nullable Item> gets(String key) {
        return single(key, true);
    }

    /**
     * Reads several keys in one request ({@code get k1 k2 ...}).
     *
     * @param keys the keys, at least one
     * @return fires with the items found, by key, in the server's order; missing keys are absent
     */
    public Deferred<Map<String, Item>> getMultiple(List<String> keys) {
        return multiple(keys, false);
    }

    /**
     * Reads several keys with their CAS identifiers in one request ({@code gets k1 k2 ...}).
     *
     * @param keys the keys, at least one
     * @return fires with the items found, by key; missing keys are absent
     */
    public Deferred<Map<String, Item>> getsMultiple(List<String> keys) {
        return multiple(keys, true);
    }

    private Deferred<@Nullable Item> single(String key, boolean withCas) {
        Deferred<@Nullable Item> result = new Deferred<>();
        Deferred<Map<String, Item>> all = multiple(List.of(key), withCas);
        all.addCallback(items -> {
                    result.callback(items.get(key));
                    return null;
                })
                .addErrback(failure -> {
                    result.errback(failure);
                    return null;
                });
        return result;
    }

    private Deferred<Map<String, Item>> multiple(List<String> keys, boolean withCas) {
        Deferred<Map<String, Item>> d = new Deferred<>();
        if (keys.isEmpty()) {
            d.errback(new IllegalArgumentException("no keys given"));
            return d;
        }
        StringBuilder command = new StringBuilder(withCas ? "gets" : "get");
        for (String key : keys) {
            String problem = checkKey(key);
            if (problem != null) {
                d.errback(new IllegalArgumentException(problem));
                return d;
            }
            command.append(' ').append(key);
        }
        send(command.toString().getBytes(StandardCharsets.UTF_8), null,
                new Retrieval(d, new LinkedHashSet<>(keys), withCas));
        return d;
    }

    // ---- storage -------------------------------------------------------------------------------

    /**
     * Stores a value with flags 0 and no expiry ({@code set}).
     *
     * @param key the key
     * @param value the value
     * @return fires with {@link StoreResult#STORED}
     */
    public Deferred<StoreResult> set(String key, byte[] value) {
        return set(key, value, 0, 0);
    }

    /**
     * Stores a value ({@code set}).
     *
     * @param key the key
     * @param value the value
     * @param flags client flags kept with the value
     * @param expireTime memcached's expiry: 0 for none, seconds from now up to 30 days, or a Unix time
     * @return fires with {@link StoreResult#STORED}
     */
    public Deferred<StoreResult> set(String key, byte[] value, int flags, int expireTime) {
        return store("set", key, value, flags, expireTime, null);
    }

    /**
     * Stores a value only if the key is missing ({@code add}).
     *
     * @param key the key
     * @param value the value
     * @param flags client flags kept with the value
     * @param expireTime memcached's expiry, as for {@link #set(String, byte[], int, int)}
     * @return fires with {@code STORED}, or {@code NOT_STORED} if the key exists
     */
    public Deferred<StoreResult> add(String key, byte[] value, int flags, int expireTime) {
        return store("add", key, value, flags, expireTime, null);
    }

    /**
     * Stores a value only if the key exists ({@code replace}).
     *
     * @param key the key
     * @param value the value
     * @param flags client flags kept with the value
     * @param expireTime memcached's expiry, as for {@link #set(String, byte[], int, int)}
     * @return fires with {@code STORED}, or {@code NOT_STORED} if the key is missing
     */
    public Deferred<StoreResult> replace(String key, byte[] value, int flags, int expireTime) {
        return store("replace", key, value, flags, expireTime, null);
    }

    /**
     * Appends bytes to an existing value ({@code append}).
     *
     * @param key the key
     * @param value the bytes to append
     * @return fires with {@code STORED}, or {@code NOT_STORED} if the key is missing
     */
    public Deferred<StoreResult> append(String key, byte[] value) {
        return store("append", key, value, 0, 0, null);
    }

    /**
     * Prepends bytes to an existing value ({@code prepend}).
     *
     * @param key the key
     * @param value the bytes to prepend
     * @return fires with {@code STORED}, or {@code NOT_STORED} if the key is missing
     */
    public Deferred<StoreResult> prepend(String key, byte[] value) {
        return store("prepend", key, value, 0, 0, null);
    }

    /**
     * Stores a value only if the item is unchanged since {@link #gets} read it ({@code cas}).
     *
     * @param key the key
     * @param value the value
     * @param casUnique the identifier from {@link Item#casUnique()}
     * @param flags client flags kept with the value
     * @param expireTime memcached's expiry, as for {@link #set(String, byte[], int, int)}
     * @return fires with {@code STORED}, {@code EXISTS} (changed meanwhile) or {@code NOT_FOUND}
     */
    public Deferred<StoreResult> checkAndSet(String key, byte[] value, long casUnique, int flags, int expireTime) {
        return store("cas", key, value, flags, expireTime, casUnique);
    }

    private Deferred<StoreResult> store(
            String verb, String key, byte[] value, int flags, int expireTime, @Nullable Long cas) {
        Deferred<StoreResult> d = new Deferred<>();
        Objects.requireNonNull(value, "value");
        String problem = checkKey(key);
        if (problem == null && value.length > maxValueLength) {
            problem = "value of " + value.length + " bytes is longer than the limit of " + maxValueLength;
        }
        if (problem != null) {
            d.errback(new IllegalArgumentException(problem));
            return d;
        }
        String header = verb + ' ' + key + ' ' + Integer.toUnsignedString(flags) + ' ' + expireTime + ' '
                + value.length + (cas == null ? "" : " " + Long.toUnsignedString(cas));
        send(header.getBytes(StandardCharsets.UTF_8), value, Simple.oneLine(d, verb, MemcacheProtocol::storeResult));
        return d;
    }

    // ---- other commands ------------------------------------------------------------------------

    /**
     * Adds to a number stored as decimal text ({@code incr}); memcached wraps at 2^64.
     *
     * @param key the key
     * @param delta the amount, read as an unsigned 64-bit number
     * @return fires with the new value (unsigned 64-bit, as a {@code long} bit pattern), or null
     *     when the key is missing
     */
    public Deferred<@Nullable Long> increment(String key, long delta) {
        return arithmetic("incr", key, delta);
    }

    /**
     * Subtracts from a number stored as decimal text ({@code decr}); memcached stops at 0.
     *
     * @param key the key
     * @param delta the amount, read as an unsigned 64-bit number
     * @return fires with the new value, or null when the key is missing
     */
    public Deferred<@Nullable Long> decrement(String key, long delta) {
        return arithmetic("decr", key, delta);
    }

    private Deferred<@Nullable Long> arithmetic(String verb, String key, long delta) {
        Deferred<@Nullable Long> d = new Deferred<>();
        if (failedKey(key, d)) {
            return d;
        }
        send(bytes(verb + ' ' + key + ' ' + Long.toUnsignedString(delta)), null,
                new Simple<>(d, verb, MemcacheProtocol::number));
        return d;
    }

    /**
     * Deletes a key ({@code delete}).
     *
     * @param key the key
     * @return fires with true if it was deleted, false if it was missing
     */
    public Deferred<Boolean> delete(String key) {
        Deferred<Boolean> d = new Deferred<>();
        if (failedKey(key, d)) {
            return d;
        }
        send(bytes("delete " + key), null, Simple.oneLine(d, "delete", line -> yesNo(line, "DELETED")));
        return d;
    }

    /**
     * Changes a key's expiry without reading it ({@code touch}).
     *
     * @param key the key
     * @param expireTime memcached's expiry, as for {@link #set(String, byte[], int, int)}
     * @return fires with true if the key exists, false if it was missing
     */
    public Deferred<Boolean> touch(String key, int expireTime) {
        Deferred<Boolean> d = new Deferred<>();
        if (failedKey(key, d)) {
            return d;
        }
        send(bytes("touch " + key + ' ' + expireTime), null, Simple.oneLine(d, "touch", line -> yesNo(line, "TOUCHED")));
        return d;
    }

    /**
     * Invalidates every item ({@code flush_all}).
     *
     * @return fires with true once the server answered {@code OK}
     */
    public Deferred<Boolean> flushAll() {
        Deferred<Boolean> d = new Deferred<>();
        send(bytes("flush_all"), null, Simple.oneLine(d, "flush_all", line -> line.equals("OK") ? Boolean.TRUE : null));
        return d;
    }

    /**
     * Reads the server's general statistics ({@code stats}).
     *
     * @return fires with the statistics by name, in the server's order
     */
    public Deferred<Map<String, String>> stats() {
        return stats(null);
    }

    /**
     * Reads a group of statistics ({@code stats ARG}, for example {@code "items"} or {@code "slabs"}).
     *
     * @param group the group, a single word, or null for the general statistics
     * @return fires with the statistics by name, in the server's order
     */
    public Deferred<Map<String, String>> stats(@Nullable String group) {
        Deferred<Map<String, String>> d = new Deferred<>();
        if (group != null && (group.isEmpty() || checkKey(group) != null)) {
            d.errback(new IllegalArgumentException("not a statistics group: " + group));
            return d;
        }
        send(bytes(group == null ? "stats" : "stats " + group), null, new Stats(d));
        return d;
    }

    /**
     * Reads the server's version ({@code version}).
     *
     * @return fires with the version text, such as {@code "1.6.18"}
     */
    public Deferred<String> version() {
        Deferred<String> d = new Deferred<>();
        send(bytes("version"), null, Simple.oneLine(d, "version",
                line -> line.startsWith("VERSION ") ? line.substring("VERSION ".length()) : null));
        return d;
    }

    // ---- connection events ---------------------------------------------------------------------

    /**
     * Fails every pending call with the reason and refuses later calls.
     *
     * @param reason why the connection ended
     */
    @Override
    public void connectionLost(Throwable reason) {
        if (closedReason == null) {
            closedReason = reason;
        }
        cancelTimeout();
        failAll(reason);
        super.connectionLost(reason);
    }

    /**
     * Restarts the timeout (the server is alive), then parses the data.
     *
     * @param data the bytes received
     */
    @Override
    public void dataReceived(byte[] data) {
        if (timeoutCall != null && timeoutCall.active()) {
            timeoutCall.reset(timeout);
        }
        super.dataReceived(data);
    }

    /**
     * Handles one response line: fires or advances the oldest pending call.
     *
     * @param line the line, without CRLF
     */
    @Override
    protected void lineReceived(byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8);
        Pending current = pending.peekFirst();
        if (current == null) {
            protocolError("answer with no request pending: " + abbreviate(text));
            return;
        }
        if (text.equals("ERROR")) {
            complete().fail(new NoSuchCommandException("server does not know the command " + current.verb()));
        } else if (text.equals("CLIENT_ERROR") || text.startsWith("CLIENT_ERROR ")) {
            complete().fail(new ClientErrorException(message(text, "CLIENT_ERROR")));
        } else if (text.equals("SERVER_ERROR") || text.startsWith("SERVER_ERROR ")) {
            complete().fail(new ServerErrorException(message(text, "SERVER_ERROR")));
        } else {
            String problem = current.lineReceived(this, text);
            if (problem != null) {
                protocolError(problem + " (answering " + current.verb() + "): " + abbreviate(text));
            }
        }
    }

    /**
     * Collects a value's bytes in raw mode, then returns to line mode.
     *
     * @param data the bytes
     */
    @Override
    protected void rawDataReceived(byte[] data) {
        byte[] buffer = Objects.requireNonNull(valueBuffer);
        int take = Math.min(buffer.length - valueFill, data.length);
        System.arraycopy(data, 0, buffer, valueFill, take);
        valueFill += take;
        if (valueFill < buffer.length) {
            return;
        }
        int n = buffer.length - 2;
        if (buffer[n] != '\r' || buffer[n + 1] != '\n') {
            protocolError("value of " + n + " bytes not followed by CRLF");
            return;
        }
        ValueHeader header = Objects.requireNonNull(valueHeader);
        byte[] value = java.util.Arrays.copyOf(buffer, n);
        valueBuffer = null;
        valueHeader = null;
        if (pending.peekFirst() instanceof Retrieval r) {
            r.found.put(header.key(), new Item(header.flags(), value, header.cas()));
        }
        byte[] rest = java.util.Arrays.copyOfRange(data, take, data.length);
        setLineMode(rest);
    }

    // ---- internals -----------------------------------------------------------------------------

    private void send(byte[] command, byte @Nullable [] value, Pending call) {
        Throwable closed = closedReason;
        if (closed == null && (!connected() || transport().isClosing())) {
            closed = new ConnectionClosedException("memcache client is not connected");
        }
        if (closed != null) {
            call.fail(closed);
            return;
        }
        int length = command.length + 2 + (value == null ? 0 : value.length + 2);
        byte[] out = new byte[length];
        System.arraycopy(command, 0, out, 0, command.length);
        int at = command.length;
        out[at++] = '\r';
        out[at++] = '\n';
        if (value != null) {
            System.arraycopy(value, 0, out, at, value.length);
            at += value.length;
            out[at++] = '\r';
            out[at] = '\n';
        }
        if (pending.isEmpty()) {
            // Nothing was outstanding: the server's silence only counts from now.
            cancelTimeout();
            timeoutCall = clock.callLater(timeout, this::timedOut);
        }
        pending.addLast(call);
        transport().write(out);
    }

    private Pending complete() {
        Pending done = pending.removeFirst();
        if (pending.isEmpty()) {
            cancelTimeout();
        }
        return done;
    }

    private void timedOut() {
        timeoutCall = null;
        MemcacheTimeoutException reason = new MemcacheTimeoutException(timeout);
        closedReason = reason;
        failAll(reason);
        transport().loseConnection(reason);
    }

    /**
     * An answer line longer than the limit: the connection closes with a
     * {@link net.protocols.basic.LineTooLongException}, and every pending call fails with it now,
     * as on any other protocol error (not only when the connection is finally lost).
     *
     * @param line what was buffered of the over-long line
     */
    @Override
    protected void lineLengthExceeded(byte[] line) {
        int at = Bytes.indexOf(line, 0, line.length, delimiter()); // found only if the over-long line was complete
        LineTooLongException reason = at >= 0
                ? new LineTooLongException(at, maxLength(), true)
                : new LineTooLongException(line.length, maxLength(), false);
        closedReason = reason;
        cancelTimeout();
        failAll(reason);
        transport().loseConnection(reason);
    }

    private void protocolError(String message) {
        MemcacheProtocolException reason = new MemcacheProtocolException(message);
        closedReason = reason;
        cancelTimeout();
        failAll(reason);
        transport().loseConnection(reason);
    }

    private void failAll(Throwable reason) {
        // Copy first: a callback may issue new calls, which must fail too, not join this list.
        List<Pending> calls = new ArrayList<>(pending);
        pending.clear();
        for (Pending call : calls) {
            call.fail(reason);
        }
    }

    private void cancelTimeout() {
        DelayedCall call = timeoutCall;
        timeoutCall = null;
        if (call != null && call.active()) {
            call.cancel();
        }
    }

    private <T> boolean failedKey(String key, Deferred<T> d) {
        String problem = checkKey(key);
        if (problem != null) {
            d.errback(new IllegalArgumentException(problem));
            return true;
        }
        return false;
    }

    /**
     * Why a key is not acceptable, or null if it is.
     *
     * @param key the key
     * @return the reason, or null
     */
    static @Nullable String checkKey(@Nullable String key) {
        if (key == null) {
            return "key is null";
        }
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            return "key is empty";
        }
        if (bytes.length > MAX_KEY_LENGTH) {
            return "key of " + bytes.length + " bytes is longer than " + MAX_KEY_LENGTH;
        }
        for (byte b : bytes) {
            if ((b & 0xff) <= ' ' || b == 0x7f) {
                return "key contains a space or control character (0x" + Integer.toHexString(b & 0xff) + ")";
            }
        }
        return null;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String message(String line, String word) {
        return line.length() > word.length() ? line.substring(word.length() + 1) : word;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? '"' + text + '"' : '"' + text.substring(0, 80) + "\"...";
    }

    private static @Nullable StoreResult storeResult(String line) {
        return switch (line) {
            case "STORED" -> StoreResult.STORED;
            case "NOT_STORED" -> StoreResult.NOT_STORED;
            case "EXISTS" -> StoreResult.EXISTS;
            case "NOT_FOUND" -> StoreResult.NOT_FOUND;
            default -> null;
        };
    }

    private static @Nullable Boolean yesNo(String line, String yes) {
        if (line.equals(yes)) {
            return Boolean.TRUE;
        }
        return line.equals("NOT_FOUND") ? Boolean.FALSE : null;
    }

    /** Parses an incr/decr answer; a missing key is a valid answer (null), garbage is not. */
    private static Answer<@Nullable Long> number(String line) {
        if (line.equals("NOT_FOUND")) {
            return new Answer<>(null);
        }
        // Old servers pad a shrunken decr result with spaces.
        String digits = line.stripTrailing();
        if (digits.isEmpty() || digits.length() > 20 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Answer.invalid();
        }
        try {
            return new Answer<>(Long.parseUnsignedLong(digits));
        } catch (NumberFormatException e) {
            return Answer.invalid();
        }
    }

    /** A parsed one-line answer; {@code valid} false means the line did not fit the command. */
    private record Answer<T>(@Nullable T value, boolean valid) {
        Answer(@Nullable T value) {
            this(value, true);
        }

        static <T> Answer<T> invalid() {
            return new Answer<>(null, false);
        }
    }

    /** A VALUE line, read before the bytes it announces. */
    private record ValueHeader(String key, int flags, long cas) {}

    /** A request waiting for its answer. */
    private sealed interface Pending permits Retrieval, Simple, Stats {
        /** The command's name, for messages. */
        String verb();

        /** Handles a line; returns null if it fitted, else why not. */
        @Nullable String lineReceived(MemcacheProtocol protocol, String line);

        /** Fails the call. */
        void fail(Throwable reason);
    }

    /** get / gets: VALUE lines and their data, then END. */
    private record Retrieval(Deferred<Map<String, Item>> d, Set<String> keys, boolean withCas,
            Map<String, Item> found) implements Pending {
        Retrieval(Deferred<Map<String, Item>> d, Set<String> keys, boolean withCas) {
            this(d, keys, withCas, new LinkedHashMap<>());
        }

        @Override
        public String verb() {
            return withCas ? "gets" : "get";
        }

        @Override
        public @Nullable String lineReceived(MemcacheProtocol protocol, String line) {
            if (line.equals("END")) {
                protocol.complete();
                d.callback(Collections.unmodifiableMap(found));
                return null;
            }
            if (!line.startsWith("VALUE ")) {
                return "unexpected line";
            }
            String[] words = line.split(" ", -1);
            if (words.length != (withCas ? 5 : 4)) {
                return "malformed VALUE line";
            }
            String key = words[1];
            if (!keys.contains(key)) {
                return "value for a key that was not requested";
            }
            long flags;
            long length;
            long cas = 0;
            try {
                flags = parseUnsigned(words[2], 0xffff_ffffL);
                length = parseUnsigned(words[3], Integer.MAX_VALUE);
                if (withCas) {
                    cas = Long.parseUnsignedLong(words[4]);
                    if (!words[4].chars().allMatch(c -> c >= '0' && c <= '9')) {
                        return "malformed VALUE line";
                    }
                }
            } catch (NumberFormatException e) {
                return "malformed VALUE line";
            }
            if (length > protocol.maxValueLength) {
                return "value of " + length + " bytes is longer than the limit of " + protocol.maxValueLength;
            }
            protocol.valueHeader = new ValueHeader(key, (int) flags, cas);
            protocol.valueBuffer = new byte[(int) length + 2];
            protocol.valueFill = 0;
            protocol.setRawMode();
            return null;
        }

        @Override
        public void fail(Throwable reason) {
            d.errback(reason);
        }

        private static long parseUnsigned(String text, long max) {
            if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new NumberFormatException(text);
            }
            long value = Long.parseLong(text);
            if (value > max) {
                throw new NumberFormatException(text);
            }
            return value;
        }
    }

    /** stats: STAT lines, then END. */
    private record Stats(Deferred<Map<String, String>> d, Map<String, String> found) implements Pending {
        Stats(Deferred<Map<String, String>> d) {
            this(d, new LinkedHashMap<>());
        }

        @Override
        public String verb() {
            return "stats";
        }

        @Override
        public @Nullable String lineReceived(MemcacheProtocol protocol, String line) {
            if (line.equals("END")) {
                protocol.complete();
                d.callback(Collections.unmodifiableMap(found));
                return null;
            }
            String[] words = line.split(" ", 3);
            if (words.length < 2 || !words[0].equals("STAT") || words[1].isEmpty()) {
                return "unexpected line";
            }
            if (found.size() >= 10_000) {
                return "too many statistics";
            }
            found.put(words[1], words.length == 3 ? words[2] : "");
            return null;
        }

        @Override
        public void fail(Throwable reason) {
            d.errback(reason);
        }
    }

    /** A command answered by one line. */
    private record Simple<T>(Deferred<T> d, String verb, Parser<T> parser) implements Pending {
        static <T> Simple<T> oneLine(Deferred<T> d, String verb, OneLine<T> parser) {
            return new Simple<>(d, verb, line -> {
                T value = parser.parse(line);
                return value == null ? Answer.<T>invalid() : new Answer<>(value);
            });
        }

        @Override
        public @Nullable String lineReceived(MemcacheProtocol protocol, String line) {
            Answer<T> answer = parser.parse(line);
            if (!answer.valid()) {
                return "unexpected line";
            }
            protocol.complete();
            // A valid answer's null means "missing", and only types that allow null produce one.
            d.callback(answer.value());
            return null;
        }

        @Override
        public void fail(Throwable reason) {
            d.errback(reason);
        }
    }

    /** Parses a one-line answer that may legitimately be null. */
    @FunctionalInterface
    private interface Parser<T> {
        Answer<T> parse(String line);
    }

    /** Parses a one-line answer; null means the line did not fit. */
    @FunctionalInterface
    private interface OneLine<T> {
        @Nullable T parse(String line);
    }
}
