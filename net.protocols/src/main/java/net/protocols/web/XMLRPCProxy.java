package net.protocols.web;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import net.deferred.Deferred;
import net.protocols.web.client.Agent;
import net.protocols.web.client.BodyProducer;
import net.protocols.web.client.HTTPClient;
import net.protocols.web.client.HTTPStatusException;
import org.jspecify.annotations.Nullable;

/**
 * An XML-RPC client (Twisted's {@code twisted.web.xmlrpc.Proxy}): {@link #callRemote} POSTs a
 * {@code methodCall} to the URL through an {@link HTTPClient} (an {@link Agent}) and fires with
 * the decoded result.
 *
 * {@snippet :
 * XMLRPCProxy proxy = new XMLRPCProxy("http://127.0.0.1:7080/RPC2", new Agent(reactor));
 * proxy.callRemote("add", 1, 2).addCallback(sum -> (Integer) sum);   // 3
 * }
 *
 * <p>Arguments and results are the Java values {@link XMLRPC} documents: {@code Integer},
 * {@code Boolean}, {@code String}, {@code Double}, {@code LocalDateTime}, {@code byte[]},
 * {@code Map<String, Object>}, {@code List<Object>} (also {@code Long} in the int range, arrays)
 * and null when {@link #withAllowNone(boolean) allowed}. User information in the URL
 * ({@code http://user:pass@host/}) is sent as HTTP Basic authentication, as Twisted does.
 *
 * <p><b>Threading:</b> call {@link #callRemote} on the reactor thread; its Deferred fires there.
 * The proxy itself is immutable.
 */
public final class XMLRPCProxy {
    /** The default limit on a response body: 10 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_SIZE = 10L << 20;

    private final String url;
    private final HTTPClient agent;
    private final boolean allowNone;
    private final long maxResponseSize;
    private final @Nullable String authorization;

    /**
     * Creates a proxy.
     *
     * @param url the server's URL, for example {@code http://127.0.0.1:7080/RPC2}
     * @param agent what makes the HTTP requests
     * @throws IllegalArgumentException if the URL is not an absolute http(s) URL
     */
    public XMLRPCProxy(String url, HTTPClient agent) {
        this(url, agent, false, DEFAULT_MAX_RESPONSE_SIZE);
    }

    private XMLRPCProxy(String url, HTTPClient agent, boolean allowNone, long maxResponseSize) {
        Objects.requireNonNull(url, "url");
        this.agent = Objects.requireNonNull(agent, "agent");
        URI u = URI.create(url);
        if (u.getScheme() == null || !u.getScheme().matches("(?i)https?") || u.getHost() == null) {
            throw new IllegalArgumentException("not an absolute http(s) URL: " + url);
        }
        String userInfo = u.getRawUserInfo();
        if (userInfo != null) {
            String decoded = URI.create("x://" + userInfo + "@h/").getUserInfo();
            this.authorization = "Basic " + Base64.getEncoder().encodeToString(decoded.getBytes(UTF_8));
            this.url = u.getScheme() + "://" + u.getRawAuthority().substring(userInfo.length() + 1)
                    + (u.getRawPath() == null ? "" : u.getRawPath()) + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        } else {
            this.authorization = null;
            this.url = url;
        }
        this.allowNone = allowNone;
        this.maxResponseSize = maxResponseSize;
    }

    /**
     * A proxy that also sends and accepts nil (null), an extension Python and Twisted offer as
     * {@code allow_none}.
     *
     * @param allow whether null is allowed
     * @return a new proxy
     */
    public XMLRPCProxy withAllowNone(boolean allow) {
        return new XMLRPCProxy(url, agent, allow, maxResponseSize).withAuthorizationOf(this);
    }

    /**
     * A proxy with another limit on response bodies.
     *
     * @param bytes the largest response accepted
     * @return a new proxy
     */
    public XMLRPCProxy withMaxResponseSize(long bytes) {
        return new XMLRPCProxy(url, agent, allowNone, bytes).withAuthorizationOf(this);
    }

    private XMLRPCProxy withAuthorizationOf(XMLRPCProxy other) {
        return other.authorization == null ? this : new XMLRPCProxy(url, agent, allowNone, maxResponseSize,
                other.authorization);
    }

    private XMLRPCProxy(String url, HTTPClient agent, boolean allowNone, long maxResponseSize, String authorization) {
        this.url = url;
        this.agent = agent;
        this.allowNone = allowNone;
        this.maxResponseSize = maxResponseSize;
        this.authorization = authorization;
    }

    /**
     * Calls a remote method. Reactor thread.
     *
     * @param method the method's name
     * @param args its parameters
     * @return fires with the decoded result; fails with {@link XMLRPCFault} when the server
     *     answers a fault (or a response that is not valid XML-RPC: code {@link XMLRPC#FAILURE}),
     *     {@link HTTPStatusException} when it answers another status than 200, and with the
     *     agent's failures ({@code ConnectionRefusedException}, {@code BodyTooLargeException}, ...)
     * @throws IllegalArgumentException if an argument cannot be encoded
     * @throws WrongThreadException if called off the reactor thread
     */
    public Deferred<@Nullable Object> callRemote(String method, @Nullable Object... args) {
        Objects.requireNonNull(method, "method");
        byte[] call = XMLRPCCodec.encodeCall(method, args == null ? Arrays.asList((Object) null) : Arrays.asList(args),
                allowNone);
        Headers headers = new Headers();
        headers.add("User-Agent", "Spindle XML-RPC");
        headers.add("Content-Type", "text/xml");
        if (authorization != null) {
            headers.add("Authorization", authorization);
        }
        return agent.request("POST", url, headers, BodyProducer.of(call)).addCallbackDeferred(response -> {
            if (response.code() != 200) {
                Deferred<byte[]> drained = Agent.readBody(response, 64 * 1024);
                drained.addErrback(f -> new byte[0]);
                return Deferred.fail(new HTTPStatusException(response.code(), response.phrase()));
            }
            return Agent.readBody(response, maxResponseSize)
                    .addCallback(body -> XMLRPCCodec.parseResponse(body, allowNone));
        });
    }

    @Override
    public String toString() {
        return "XMLRPCProxy[" + url + "]";
    }
}
