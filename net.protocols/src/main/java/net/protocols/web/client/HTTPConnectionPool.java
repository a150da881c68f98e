package net.protocols.web.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.deferred.Deferred;
import net.protocols.internal.webclient.ClientConnection;
import net.reactor.DelayedCall;
import net.reactor.ReactorTime;
import org.jspecify.annotations.Nullable;

/**
 * Keeps idle HTTP/1.1 connections open for reuse (Twisted's {@code HTTPConnectionPool}), keyed by
 * scheme, host, port (and the TLS settings for {@code https}). When a response ends on a
 * persistent connection, the connection comes back here; the next request for the same key takes
 * it instead of connecting. At most {@link #maxPersistentPerHost()} idle connections are kept per
 * key (the oldest is closed to make room), each is closed after
 * {@link #cachedConnectionTimeout()} unused, and one the server closes is dropped at once.
 *
 * <p>As in Twisted, the limit bounds the connections kept <em>idle</em>, not the requests in
 * flight: a request that finds no idle connection opens a new one. A request reusing an idle
 * connection that turns out dead before any byte of the response arrived is retried once on a
 * fresh connection when its method is idempotent and it has no body
 * ({@link #retryAutomatically()}).
 *
 * <p>Confined to the reactor thread: create it before the reactor runs or on its thread, and
 * share it between agents of the same reactor.
 */
public final class HTTPConnectionPool {
    /** Twisted's default: two idle connections per host. */
    public static final int DEFAULT_MAX_PERSISTENT_PER_HOST = 2;
    /** Twisted's default: an idle connection is closed after 240 seconds. */
    public static final Duration DEFAULT_CACHED_CONNECTION_TIMEOUT = Duration.ofSeconds(240);

    private final ReactorTime time;
    private final boolean persistent;
    private int maxPersistentPerHost = DEFAULT_MAX_PERSISTENT_PER_HOST;
    private Duration cachedConnectionTimeout = DEFAULT_CACHED_CONNECTION_TIMEOUT;
    private boolean retryAutomatically = true;
    private final Map<Object, ArrayDeque<ClientConnection>> idle = new HashMap<>();
    private final Map<ClientConnection, DelayedCall> timers = new IdentityHashMap<>();

    /**
     * Creates a persistent pool.
     *
     * @param time the reactor (its clock closes idle connections)
     */
    public HTTPConnectionPool(ReactorTime time) {
        this(time, true);
    }

    /**
     * Creates a pool.
     *
     * @param time the reactor (its clock closes idle connections)
     * @param persistent false for one connection per request ({@code Connection: close} is
     *     sent), as Twisted's pool with {@code persistent=False}
     */
    public HTTPConnectionPool(ReactorTime time, boolean persistent) {
        this.time = Objects.requireNonNull(time, "time");
        this.persistent = persistent;
    }

    /**
     * Whether connections are kept for reuse.
     *
     * @return false when each request gets its own connection
     */
    public boolean persistent() {
        return persistent;
    }

    /**
     * The most idle connections kept per key.
     *
     * @return the limit
     */
    public int maxPersistentPerHost() {
        return maxPersistentPerHost;
    }

    /**
     * Sets the most idle connections kept per key; reactor thread.
     *
     * @param max at least 1
     * @return this pool
     * @throws IllegalArgumentException if {@code max} is below 1
     */
    public HTTPConnectionPool setMaxPersistentPerHost(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxPersistentPerHost below 1: " + max);
        }
        this.maxPersistentPerHost = max;
        return this;
    }

    /**
     * How long an idle connection is kept.
     *
     * @return the timeout
     */
    public Duration cachedConnectionTimeout() {
        return cachedConnectionTimeout;
    }

    /**
     * Sets how long an idle connection is kept; applies to connections that become idle later.
     * Reactor thread.
     *
     * @param timeout a positive duration
     * @return this pool
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public HTTPConnectionPool setCachedConnectionTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("cachedConnectionTimeout must be positive");
        }
        this.cachedConnectionTimeout = timeout;
        return this;
    }

    /**
     * Whether a request failing on a reused connection before any response byte is retried.
     *
     * @return true by default
     */
    public boolean retryAutomatically() {
        return retryAutomatically;
    }

    /**
     * Turns the automatic retry on a dead reused connection on or off. Reactor thread.
     *
     * @param retry whether to retry (idempotent methods without a body only)
     * @return this pool
     */
    public HTTPConnectionPool setRetryAutomatically(boolean retry) {
        this.retryAutomatically = retry;
        return this;
    }

    /**
     * How many idle connections are kept now, for all keys. Reactor thread.
     *
     * @return the count
     */
    public int idleConnections() {
        int n = 0;
        for (ArrayDeque<ClientConnection> q : idle.values()) {
            n += q.size();
        }
        return n;
    }

    /**
     * Closes every idle connection (Twisted's {@code closeCachedConnections}); connections in use
     * are closed when their response ends. Reactor thread.
     *
     * @return fires once the idle connections are closed
     */
    public Deferred<@Nullable Void> closeCachedConnections() {
        List<Deferred<@Nullable Void>> waits = new ArrayList<>();
        for (ArrayDeque<ClientConnection> q : idle.values()) {
            for (ClientConnection c : q) {
                Deferred<@Nullable Void> lost = new Deferred<>();
                c.onLost(() -> lost.callback(null));
                waits.add(lost);
                DelayedCall t = timers.remove(c);
                if (t != null) {
                    t.cancel();
                }
                c.close();
            }
        }
        idle.clear();
        return Deferred.gatherResults(waits).addCallback(x -> null);
    }

    /** An idle connection for the key, taken out of the pool, or null. */
    @Nullable ClientConnection take(Object key) {
        ArrayDeque<ClientConnection> q = idle.get(key);
        while (q != null && !q.isEmpty()) {
            ClientConnection c = q.pollLast(); // the most recently used: the least likely to have timed out
            if (q.isEmpty()) {
                idle.remove(key);
            }
            DelayedCall t = timers.remove(c);
            if (t != null) {
                t.cancel();
            }
            c.onLost(null);
            if (c.isIdle()) {
                return c;
            }
        }
        return null;
    }

    /** A connection whose response ended: kept for the key, or closed. */
    void put(Object key, ClientConnection c) {
        if (!persistent) {
            c.close();
            return;
        }
        ArrayDeque<ClientConnection> q = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (q.size() >= maxPersistentPerHost) {
            ClientConnection oldest = q.pollFirst();
            DelayedCall t = timers.remove(oldest);
            if (t != null) {
                t.cancel();
            }
            Objects.requireNonNull(oldest).onLost(null);
            oldest.close();
        }
        q.addLast(c);
        c.onLost(() -> forget(key, c));
        timers.put(c, time.callLater(cachedConnectionTimeout, () -> {
            timers.remove(c);
            forget(key, c);
            c.close();
        }));
    }

    private void forget(Object key, ClientConnection c) {
        ArrayDeque<ClientConnection> q = idle.get(key);
        if (q != null) {
            q.remove(c);
            if (q.isEmpty()) {
                idle.remove(key);
            }
        }
        DelayedCall t = timers.remove(c);
        if (t != null) {
            t.cancel();
        }
        c.onLost(null);
    }
}
