package net.protocols.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import net.deferred.Deferred;
import net.threadpool.Blocking;
import net.threadpool.LoopExecutor;
import org.jspecify.annotations.Nullable;

/**
 * A leaf resource whose handler is plain sequential code on a virtual thread: the blocking
 * façade ({@link Blocking}) for users who prefer it to Deferred callbacks. Inside the handler,
 * {@code Blocking.await(deferred)} waits for a reactor Deferred and JDBC or other blocking calls
 * are fine; other requests on the same reactor go on meanwhile.
 *
 * <p>Threads: {@link #render} runs on the reactor thread. It copies what the handler may read
 * into an immutable {@link Call} (the reactor-confined {@link Request} never leaves the reactor
 * thread) and starts the handler with {@link Blocking#spawn} on a new virtual thread bound to the
 * reactor given to the constructor (the Site's). The handler's {@link Reply} is applied to the
 * request (status, headers, body) back on the reactor thread, through {@link Render.Later}.
 * An exception from the handler becomes a 500 whose page carries no details (the exception is
 * logged). If the client goes before the reply, the request cancels the Deferred, which
 * cancels the task: a handler waiting in {@code Blocking.await} or otherwise interruptible is
 * interrupted.
 */
public final class BlockingResource extends Resource {

    /** Blocking-style code answering one request; runs on a virtual thread, never the reactor's. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Answers one request. Runs on a virtual thread bound to the reactor, so it may block
         * and may call {@code Blocking.await}.
         *
         * @param call what the request said
         * @return the response to send
         * @throws Exception becomes a 500 (logged, details not sent)
         */
        Reply handle(Call call) throws Exception;
    }

    /**
     * An immutable snapshot of a request, safe to read on any thread.
     *
     * @param method the method, e.g. {@code GET}
     * @param path the decoded-as-received path, without the query
     * @param args the query (and urlencoded form) arguments
     * @param headers the request header fields, names lower-cased, in arrival order per name
     * @param body the request body (a copy)
     */
    public record Call(String method, String path, Map<String, List<String>> args,
            Map<String, List<String>> headers, byte[] body) {
        /** Copies every part, so that nothing is shared with the reactor thread. */
        public Call {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            args = copy(args);
            headers = copy(headers);
            body = body.clone();
        }

        /**
         * The first value of a query or form argument.
         *
         * @param name the argument name
         * @return its first value, or null if absent
         */
        public @Nullable String arg(String name) {
            List<String> v = args.get(name);
            return v == null || v.isEmpty() ? null : v.getFirst();
        }

        /**
         * The first value of a request header field, by name in any case.
         *
         * @param name the field name
         * @return its first value, or null if absent
         */
        public @Nullable String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.getFirst();
        }

        /**
         * The body (a copy, so the record stays immutable).
         *
         * @return the request body bytes
         */
        @Override
        public byte[] body() {
            return body.clone();
        }

        private static Map<String, List<String>> copy(Map<String, List<String>> m) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, List.copyOf(v)));
            return Collections.unmodifiableMap(out);
        }
    }

    /**
     * What the handler answers: applied to the request on the reactor thread.
     *
     * @param status the response status code
     * @param headers header fields to set (added in order; repeat a name with a list of entries)
     * @param body the whole response body
     */
    public record Reply(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        /** Copies the headers and body. */
        public Reply {
            headers = List.copyOf(headers);
            body = body.clone();
        }

        /**
         * A 200 with a UTF-8 text body.
         *
         * @param text the body
         * @return the reply
         */
        public static Reply text(String text) {
            return of(200, text);
        }

        /**
         * A reply with a status and a UTF-8 text body.
         *
         * @param status the status code
         * @param text the body
         * @return the reply
         */
        public static Reply of(int status, String text) {
            return new Reply(status, List.of(Map.entry("Content-Type", "text/plain; charset=utf-8")),
                    text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        /**
         * The body (a copy, so the record stays immutable).
         *
         * @return the response body bytes
         */
        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    private final LoopExecutor loop;
    private final Handler handler;

    /**
     * A resource answering every method with {@code handler}. Construct on any thread.
     *
     * @param loop the reactor serving the Site; the handler's thread is bound to it
     * @param handler the blocking-style handler
     */
    public BlockingResource(LoopExecutor loop, Handler handler) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Always true: the handler answers the whole subtree (it sees the full path).
     *
     * @return true
     */
    @Override
    public boolean isLeaf() {
        return true;
    }

    /**
     * Snapshots the request and starts the handler on a virtual thread. Called on the reactor
     * thread.
     *
     * @param request the request
     * @return a {@link Render.Later} fired on the reactor thread with the reply's body, after the
     *     reply's status and headers were set on the request
     */
    @Override
    public Render render(Request request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : request.requestHeaders()) {
            headers.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(e.getValue());
        }
        Call call = new Call(request.method(), request.path(), request.args(), headers, request.content());
        Deferred<Reply> reply = Blocking.spawn(loop, () -> handler.handle(call));
        return Render.later(reply.addCallback(r -> {
            request.setResponseCode(r.status());
            for (Map.Entry<String, String> h : r.headers()) {
                request.addHeader(h.getKey(), h.getValue());
            }
            return r.body;
        }));
    }
}
