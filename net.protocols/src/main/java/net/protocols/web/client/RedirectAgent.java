package net.protocols.web.client;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import net.deferred.Deferred;
import net.protocols.web.Headers;
import net.reactor.PushProducer;
import org.jspecify.annotations.Nullable;

/**
 * Follows redirects for another {@link HTTPClient} (Twisted's {@code RedirectAgent}). A 303 is
 * followed with GET (HEAD stays HEAD) and no body; a 301, 302, 307 or 308 is followed with the
 * same method when that is GET or HEAD, and a 307 or 308 also for another method without a body.
 * Anything else (a 301/302 answering a POST, a 307 to a request with a body, which cannot be sent
 * twice, a redirect without {@code Location}) is returned as it is, for the caller to judge. The
 * body of a followed redirect is read and dropped before the next request is made, so its
 * connection serves that request (a body over 64 KiB closes the connection instead);
 * {@code Authorization}, {@code Cookie} and {@code Proxy-Authorization} are not sent to another
 * origin. The final response's {@link Response#previousResponse()} chains the redirects.
 *
 * <p>Reactor thread only, as the agent it wraps.
 */
public final class RedirectAgent implements HTTPClient {
    /** Twisted's default limit: 20 redirects. */
    public static final int DEFAULT_REDIRECT_LIMIT = 20;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Set<String> CREDENTIALS = Set.of("authorization", "cookie", "proxy-authorization");
    private static final long DISCARD_LIMIT = 64 * 1024;

    private final HTTPClient agent;
    private final int limit;

    /**
     * Follows at most {@value #DEFAULT_REDIRECT_LIMIT} redirects.
     *
     * @param agent the client that makes each request
     */
    public RedirectAgent(HTTPClient agent) {
        this(agent, DEFAULT_REDIRECT_LIMIT);
    }

    /**
     * Follows at most {@code limit} redirects.
     *
     * @param agent the client that makes each request
     * @param limit how many redirects to follow before failing with
     *     {@link TooManyRedirectsException}
     * @throws IllegalArgumentException if the limit is negative
     */
    public RedirectAgent(HTTPClient agent, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("negative redirect limit");
        }
        this.agent = Objects.requireNonNull(agent, "agent");
        this.limit = limit;
    }

    /**
     * Makes a request and follows its redirects. Reactor thread.
     *
     * @return fires with the final response; fails as the wrapped agent's request, or with
     *     {@link TooManyRedirectsException}
     */
    @Override
    public Deferred<Response> request(String method, String uri, @Nullable Headers headers,
            @Nullable BodyProducer body) {
        return follow(method, URI.create(uri), headers, body, 0, null);
    }

    private Deferred<Response> follow(String method, URI uri, @Nullable Headers headers, @Nullable BodyProducer body,
            int count, @Nullable Response previous) {
        return agent.request(method, uri.toString(), headers, body).addCallbackDeferred(response -> {
            response.setPreviousResponse(previous);
            String location = response.headers().get("Location");
            int code = response.code();
            if (!REDIRECTS.contains(code) || location == null) {
                return Deferred.succeed(response);
            }
            String next;
            BodyProducer nextBody = body;
            if (code == 303) {
                next = method.equals("HEAD") ? "HEAD" : "GET";
                nextBody = null;
            } else if (method.equals("GET") || method.equals("HEAD") || (code >= 307 && body == null)) {
                next = method;
            } else {
                return Deferred.succeed(response);
            }
            if (count >= limit) {
                discard(response);
                return Deferred.fail(new TooManyRedirectsException(limit, response));
            }
            URI target = uri.resolve(location.strip());
            Headers nextHeaders = new Headers();
            if (headers != null) {
                boolean sameOrigin = sameOrigin(uri, target);
                for (var f : headers) {
                    String name = f.getKey().toLowerCase(Locale.ROOT);
                    if (name.equals("host") || !sameOrigin && CREDENTIALS.contains(name)) {
                        continue;
                    }
                    nextHeaders.add(f.getKey(), f.getValue());
                }
            }
            // Follow once the redirect's body is drained, so its connection can serve the next request.
            BodyProducer resend = nextBody;
            return discard(response).addCallbackDeferred(
                    x -> follow(next, target, nextHeaders, resend, count + 1, response));
        });
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(lower(a.getScheme()), lower(b.getScheme())) && Objects.equals(lower(a.getHost()),
                lower(b.getHost())) && a.getPort() == b.getPort();
    }

    private static @Nullable String lower(@Nullable String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    /** Reads and drops a redirect's body, so its connection can go back to the pool; fires when it ended. */
    private static Deferred<@Nullable Void> discard(Response response) {
        Deferred<@Nullable Void> ended = new Deferred<>();
        response.deliverBody(new BodyReceiver() {
            private @Nullable PushProducer producer;
            private long seen;

            @Override
            public void bodyStarted(PushProducer producer) {
                this.producer = producer;
            }

            @Override
            public void dataReceived(byte[] data) {
                seen += data.length;
                if (seen > DISCARD_LIMIT && producer != null) {
                    producer.stopProducing();
                }
            }

            @Override
            public void bodyFinished(@Nullable Throwable error) {
                ended.callback(null); // a failed redirect body does not stop the redirect
            }
        });
        return ended;
    }
}
