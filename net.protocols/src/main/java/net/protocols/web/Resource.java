package net.protocols.web;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A node of a site's URL tree, as in Twisted's {@code twisted.web.resource.Resource}: it has
 * children by path segment ({@link #putChild}, {@link #getChild}) and renders requests for itself
 * ({@link #render}).
 *
 * <p>The {@link Site} walks the request's path one decoded segment at a time from the root,
 * asking each resource {@link #getChildWithDefault} for the next, until the segments run out or
 * a resource says it {@link #isLeaf() is a leaf}; that resource renders the request. A path
 * ending in {@code /} ends with an empty segment, so {@code putChild("", index)} serves a
 * directory's index, and {@code GET /} asks the root for its {@code ""} child.
 *
 * <p>{@link #render} calls {@code renderGET}, {@code renderHEAD} (by default the GET rendering;
 * the server drops the body and keeps its length), {@code renderPOST}, {@code renderPUT},
 * {@code renderDELETE}, {@code renderPATCH} or {@code renderOPTIONS} by method; the defaults
 * answer 405 Method Not Allowed with an {@code Allow} field listing {@link #allowedMethods()}. A
 * subclass overrides the methods it supports <em>and</em> {@link #allowedMethods()} (no
 * reflection finds them), or overrides {@link #render} itself for other methods.
 *
 * <p>Resources are used on the reactor thread only. A plain {@code new Resource()} is a container
 * that answers 404 for itself and serves its children.
 */
public class Resource {
    private final Map<String, Resource> children = new HashMap<>();

    /** Creates a resource with no children. */
    public Resource() {}

    /**
     * Whether the path walk stops here, leaving the rest of the path in
     * {@link Request#postpath()} for this resource to interpret.
     *
     * @return false by default
     */
    public boolean isLeaf() {
        return false;
    }

    /**
     * Adds (or replaces) a static child.
     *
     * @param segment the decoded path segment, without slashes ({@code ""} for the index)
     * @param child the resource served there
     * @throws IllegalArgumentException if the segment contains {@code /}
     */
    public void putChild(String segment, Resource child) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(child, "child");
        if (segment.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a path segment has no '/': " + segment);
        }
        children.put(segment, child);
    }

    /**
     * The static children.
     *
     * @return an unmodifiable view, segment to resource
     */
    public Map<String, Resource> children() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * The child for a segment: a static child if {@link #putChild} added one, else
     * {@link #getChild}.
     *
     * @param segment the decoded path segment
     * @param request the request being routed
     * @return the next resource
     */
    public Resource getChildWithDefault(String segment, Request request) {
        Resource child = children.get(segment);
        return child != null ? child : getChild(segment, request);
    }

    /**
     * A dynamic child, asked for when no static child matches. Override to build children on
     * demand.
     *
     * @param segment the decoded path segment
     * @param request the request being routed
     * @return by default a 404 page
     */
    public Resource getChild(String segment, Request request) {
        return ErrorPage.notFound();
    }

    /**
     * Renders a request for this resource by dispatching on its method. Called on the reactor
     * thread; an exception thrown here becomes a 500.
     *
     * @param request the request
     * @return the body, a Deferred body, or {@link Render#NOT_DONE_YET}
     */
    public Render render(Request request) {
        return switch (request.method()) {
            case "GET" -> renderGET(request);
            case "HEAD" -> renderHEAD(request);
            case "POST" -> renderPOST(request);
            case "PUT" -> renderPUT(request);
            case "DELETE" -> renderDELETE(request);
            case "PATCH" -> renderPATCH(request);
            case "OPTIONS" -> renderOPTIONS(request);
            default -> methodNotAllowed(request);
        };
    }

    /**
     * Whether this resource reads the body of a request, asked when the request's head has been
     * read and before any of its body. When false and the client sent {@code Expect:
     * 100-continue}, the server sends no {@code 100 Continue}: it renders at once (the answer is
     * usually an error) and closes the connection after it, since the client may or may not send
     * the body it held back. Without the expectation a refused body is read and dropped, not kept.
     * Called on the reactor thread.
     *
     * @param request the request, without its body yet
     * @return by default true unless {@link #allowedMethods()} is non-empty and lacks the method
     */
    public boolean acceptsBody(Request request) {
        Set<String> allowed = allowedMethods();
        return allowed.isEmpty() || allowed.contains(request.method());
    }

    /**
     * Chooses how this resource gets a request's body, asked when the head of a request that has
     * a body has been read (after {@link #acceptsBody} said yes). By default (null) the server
     * collects the body, within {@link HTTPServerOptions#maxBodySize()}, and calls
     * {@link #render} once it is complete, with {@link Request#content()} holding it. A resource
     * that returns a {@link RequestBodyReceiver} streams instead: {@link #render} is called at once, with
     * an empty {@link Request#content()}, and the receiver gets the body as it arrives; the
     * resource may answer whenever it likes (usually when {@link RequestBodyReceiver#bodyEnded()} fires).
     * If it answers before the body ends, the rest of the body is read and dropped before the next
     * request on the connection. Called on the reactor thread.
     *
     * @param request the request, without its body yet
     * @return the receiver of the body, or null to have it collected whole
     */
    public @Nullable RequestBodyReceiver receiveBody(Request request) {
        return null;
    }

    /**
     * The methods this resource renders, for the {@code Allow} field of a 405.
     *
     * @return empty by default; override with the methods you render
     */
    public Set<String> allowedMethods() {
        return Set.of();
    }

    /**
     * Renders a GET.
     *
     * @param request the request
     * @return by default a 405
     */
    protected Render renderGET(Request request) {
        return methodNotAllowed(request);
    }

    /**
     * Renders a HEAD: by default as a GET, whose body the server drops.
     *
     * @param request the request
     * @return the GET rendering
     */
    protected Render renderHEAD(Request request) {
        return renderGET(request);
    }

    /**
     * Renders a POST.
     *
     * @param request the request
     * @return by default a 405
     */
    protected Render renderPOST(Request request) {
        return methodNotAllowed(request);
    }

    /**
     * Renders a PUT.
     *
     * @param request the request
     * @return by default a 405
     */
    protected Render renderPUT(Request request) {
        return methodNotAllowed(request);
    }

    /**
     * Renders a DELETE.
     *
     * @param request the request
     * @return by default a 405
     */
    protected Render renderDELETE(Request request) {
        return methodNotAllowed(request);
    }

    /**
     * Renders a PATCH.
     *
     * @param request the request
     * @return by default a 405
     */
    protected Render renderPATCH(Request request) {
        return methodNotAllowed(request);
    }

    /**
     * Renders an OPTIONS.
     *
     * @param request the request
     * @return by default a 405
     */
    protected Render renderOPTIONS(Request request) {
        return methodNotAllowed(request);
    }

    /**
     * The 405 answer: sets the status and the {@code Allow} field from {@link #allowedMethods()}.
     *
     * @param request the request
     * @return a small HTML error page
     */
    protected final Render methodNotAllowed(Request request) {
        request.setHeader("Allow", String.join(", ", new java.util.TreeSet<>(allowedMethods())));
        return new ErrorPage(405, "Method Not Allowed",
                "This resource does not support the method " + request.method() + ".").render(request);
    }
}
