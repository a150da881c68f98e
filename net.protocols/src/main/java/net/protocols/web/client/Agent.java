package net.protocols.web.client;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.deferred.Failure;
import net.protocols.internal.webclient.ClientConnection;
import net.protocols.tls.TLS;
import net.protocols.web.Headers;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.Connector;
import net.reactor.Protocol;
import net.reactor.PushProducer;
import net.reactor.Reactor;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP/1.1 client (Twisted's {@code twisted.web.client.Agent}): {@link #request} sends a request
 * and fires a {@link Response} when its status line and headers arrive; the body follows through
 * {@link Response#deliverBody} or {@link #readBody(Response, long)}.
 *
 * {@snippet :
 * Agent agent = new Agent(reactor);
 * agent.request("GET", "https://example.com/")
 *         .addCallbackDeferred(response -> Agent.readBody(response, 1 << 20))
 *         .addCallback(body -> new String(body, UTF_8));
 * }
 *
 * <p>Connections are kept alive and reused through an {@link HTTPConnectionPool}, one per
 * scheme, host and port. {@code https} goes through {@code net.protocols.tls} with the server's
 * certificate and host name verified (against the system's authorities unless
 * {@link AgentOptions#withTLS} says otherwise) and ALPN {@code http/1.1} offered. The connect
 * timeout covers the TCP connection (the TLS handshake has its own), the response timeout the
 * wait for the response's head. Cancelling the Deferred of a request closes its connection (or
 * abandons the connection attempt). Redirects are not followed: wrap the agent in a
 * {@link RedirectAgent}.
 *
 * <p><b>Threading:</b> every method but {@link #readBody} must be called on the reactor thread
 * (or before the reactor runs, on the thread that created it); every Deferred fires there.
 */
public final class Agent implements HTTPClient {
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");
    private static final Set<String> AGENT_FIELDS = Set.of("content-length", "transfer-encoding");

    private final Reactor reactor;
    private final AgentOptions options;
    private final HTTPConnectionPool pool;

    /**
     * An agent with the default options and a persistent pool of its own.
     *
     * @param reactor the reactor to connect with
     */
    public Agent(Reactor reactor) {
        this(reactor, AgentOptions.defaults());
    }

    /**
     * An agent with a persistent pool of its own.
     *
     * @param reactor the reactor to connect with
     * @param options timeouts, TLS and limits
     */
    public Agent(Reactor reactor, AgentOptions options) {
        this(reactor, options, new HTTPConnectionPool(reactor));
    }

    /**
     * An agent sharing a pool.
     *
     * @param reactor the reactor to connect with
     * @param options timeouts, TLS and limits
     * @param pool where idle connections are kept
     */
    public Agent(Reactor reactor, AgentOptions options, HTTPConnectionPool pool) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.options = Objects.requireNonNull(options, "options");
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /**
     * The pool this agent keeps its connections in.
     *
     * @return the pool
     */
    public HTTPConnectionPool pool() {
        return pool;
    }

    /**
     * The options this agent was made with.
     *
     * @return the options
     */
    public AgentOptions options() {
        return options;
    }

    /**
     * Sends a request: a {@code Host} field is added unless given, and {@code Content-Length} or
     * {@code Transfer-Encoding: chunked} from the body. Reactor thread.
     *
     * @param method the method, a token such as {@code GET}
     * @param uri an absolute {@code http} or {@code https} URI; user information in it is not sent
     * @param headers extra header fields (copied), or null
     * @param body the request body, or null
     * @return fires with the response at its head; fails with the reactor's connect failures
     *     ({@code ConnectionRefusedException}, {@code ConnectTimeoutException}, ...), a
     *     {@code TLSException} when the server is not trusted, a {@link ResponseTimeoutException},
     *     a {@link MalformedResponseException}, a {@link ResponseNeverReceivedException} or a
     *     {@link ResponseFailedException}; cancelling it closes the connection
     * @throws IllegalArgumentException if the method is not a token, the URI is not an absolute
     *     http(s) URI with a host, or the headers hold framing fields
     * @throws WrongThreadException if called off the reactor thread
     */
    @Override
    public Deferred<Response> request(String method, String uri, @Nullable Headers headers,
            @Nullable BodyProducer body) {
        if (!reactor.isReactorThread()) {
            throw new WrongThreadException("Agent.request must be called on the reactor thread; use "
                    + "reactor.callFromThread or blockingCallFromThread from other threads");
        }
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Target t = Target.parse(uri);
        if (method.isEmpty() || !method.chars().allMatch(Agent::isTokenChar)) {
            throw new IllegalArgumentException("not an HTTP method: " + method);
        }
        Headers send = new Headers();
        if (headers == null || !headers.contains("Host")) {
            send.add("Host", t.hostField());
        }
        if (headers != null) {
            for (Map.Entry<String, String> f : headers) {
                if (AGENT_FIELDS.contains(f.getKey().toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException(f.getKey() + " is set by the agent from the body");
                }
                send.add(f.getKey(), f.getValue());
            }
        }
        if (!pool.persistent() && !send.contains("Connection")) {
            send.add("Connection", "close");
        }
        return new Attempt(t, method, send, body).start();
    }

    /**
     * Collects a response's body (Twisted's {@code readBody}), refusing more than {@code maxBytes}.
     * Call on the reactor thread.
     *
     * @param response the response, its body not yet delivered
     * @param maxBytes the most bytes accepted
     * @return fires with the body; fails with {@link BodyTooLargeException} (the connection is
     *     then closed), or with the body's own failure ({@link ResponseFailedException}, ...);
     *     cancelling it abandons the body and closes the connection
     * @throws IllegalStateException if the body was already delivered
     */
    public static Deferred<byte[]> readBody(Response response, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes below 0: " + maxBytes);
        }
        PushProducer[] control = {null};
        Deferred<byte[]> result = new Deferred<>(d -> {
            d.errback(new CancelledException());
            if (control[0] != null) {
                control[0].stopProducing();
            }
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        response.deliverBody(new BodyReceiver() {
            @Override
            public void bodyStarted(PushProducer producer) {
                control[0] = producer;
                if (response.length() > maxBytes) {
                    result.errback(new BodyTooLargeException(maxBytes));
                    producer.stopProducing();
                }
            }

            @Override
            public void dataReceived(byte[] data) {
                if (result.called()) {
                    return;
                }
                if (out.size() + (long) data.length > maxBytes) {
                    result.errback(new BodyTooLargeException(maxBytes));
                    control[0].stopProducing();
                    return;
                }
                out.writeBytes(data);
            }

            @Override
            public void bodyFinished(@Nullable Throwable error) {
                if (result.called()) {
                    return;
                }
                if (error == null) {
                    result.callback(out.toByteArray());
                } else {
                    result.errback(error);
                }
            }
        });
        return result;
    }

    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7F && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    /** What a URI says about where to connect and what to ask for. */
    private record Target(String scheme, String host, int port, String target) {
        static Target parse(String uri) {
            URI u;
            try {
                u = new URI(uri);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a URI: " + uri, e);
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("not an http or https URI: " + uri);
            }
            String host = u.getHost();
            if (host == null || host.isEmpty()) {
                throw new IllegalArgumentException("no host in " + uri);
            }
            int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            String target = u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
            for (int i = 0; i < target.length(); i++) {
                char c = target.charAt(i);
                if (c <= 0x20 || c >= 0x7F) {
                    throw new IllegalArgumentException("unencoded character in the request target: " + uri);
                }
            }
            return new Target(scheme, host, port, target);
        }

        /** The host without IPv6 brackets, for connecting. */
        String connectHost() {
            return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        }

        String hostField() {
            boolean defaultPort = port == (scheme.equals("https") ? 443 : 80);
            return defaultPort ? host : host + ":" + port;
        }

        boolean tls() {
            return scheme.equals("https");
        }
    }

    /** The pool's key: scheme, host, port, and the TLS settings a connection was verified with. */
    private record Key(String scheme, String host, int port, @Nullable Object tls) {}

    /** One request, through connecting, sending, maybe one retry, to its response's head. */
    private final class Attempt {
        final Target target;
        final String method;
        final Headers headers;
        final @Nullable BodyProducer body;
        final Key key;
        final Deferred<Response> result = new Deferred<>(d -> cancel());
        @Nullable Deferred<?> pending;
        boolean cancelled;

        Attempt(Target target, String method, Headers headers, @Nullable BodyProducer body) {
            this.target = target;
            this.method = method;
            this.headers = headers;
            this.body = body;
            this.key = new Key(target.scheme(), target.connectHost().toLowerCase(Locale.ROOT), target.port(),
                    target.tls() ? options.tls() : null);
        }

        Deferred<Response> start() {
            ClientConnection reused = pool.take(key);
            if (reused != null) {
                send(reused, true);
            } else {
                connectAndSend();
            }
            return result;
        }

        void cancel() {
            cancelled = true;
            Deferred<?> p = pending;
            if (p != null) {
                p.cancel();
            }
        }

        void connectAndSend() {
            Deferred<ClientConnection> connecting = connect();
            pending = connecting;
            connecting.addCallbacks(c -> {
                send(c, false);
                return null;
            }, f -> {
                fail(f);
                return null;
            });
        }

        void send(ClientConnection c, boolean reused) {
            if (cancelled) {
                c.close();
                return;
            }
            c.onQuiescent(done -> pool.put(key, done));
            Deferred<Response> r = c.request(method, target.target(), headers, body, options.responseTimeout());
            pending = r;
            r.addCallbacks(response -> {
                if (!result.called()) {
                    result.callback(response);
                }
                return null;
            }, f -> {
                if (reused && !cancelled && pool.retryAutomatically() && body == null && IDEMPOTENT.contains(method)
                        && f.check(ResponseNeverReceivedException.class) != null) {
                    connectAndSend(); // the idle connection had died: once more on a fresh one
                } else {
                    fail(f);
                }
                return null;
            });
        }

        void fail(Failure f) {
            if (!result.called()) {
                result.errback(cancelled ? new Failure(new CancelledException()) : f);
            }
        }

        Deferred<ClientConnection> connect() {
            ClientConnection c = new ClientConnection(reactor, options.maxLineLength(), options.maxHeaders());
            Connector[] connector = {null};
            Deferred<ClientConnection> d = new Deferred<>(x -> {
                x.errback(new CancelledException());
                if (connector[0] != null) {
                    connector[0].disconnect();
                }
                if (c.connected()) {
                    c.abort(new CancelledException());
                }
            });
            c.onConnected(() -> {
                if (d.called()) {
                    c.close(); // cancelled while connecting
                } else {
                    d.callback(c);
                }
            });
            ClientFactory factory = new ClientFactory() {
                @Override
                public Protocol buildProtocol(Address address) {
                    return c;
                }

                @Override
                public void clientConnectionFailed(Connector ignored, Throwable reason) {
                    if (!d.called()) {
                        d.errback(reason);
                    }
                }
            };
            if (target.tls()) {
                connector[0] = TLS.connectSSL(reactor, target.connectHost(), target.port(), factory,
                        options.tls().withApplicationProtocols("http/1.1"), options.connectTimeout(), null);
            } else {
                connector[0] = reactor.connectTCP(target.connectHost(), target.port(), factory,
                        options.connectTimeout(), null);
            }
            return d;
        }
    }
}
