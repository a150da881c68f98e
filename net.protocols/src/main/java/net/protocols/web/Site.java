package net.protocols.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import net.reactor.Address;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.ReactorTime;
import net.reactor.ServerFactory;

/**
 * An HTTP/1.1 server: the factory to listen with, as Twisted's {@code twisted.web.server.Site}.
 * Each connection gets its own HTTP protocol; each request is routed through the resource tree
 * from {@link #root()} and rendered there.
 *
 * {@snippet :
 * Resource root = new Resource();
 * root.putChild("hello", new Resource() {
 *     @Override
 *     protected Render renderGET(Request request) {
 *         request.setHeader("Content-Type", "text/plain; charset=utf-8");
 *         return Render.text("hello, world\n");
 *     }
 *
 *     @Override
 *     public java.util.Set<String> allowedMethods() {
 *         return java.util.Set.of("GET", "HEAD");
 *     }
 * });
 * reactor.listenTCP(8080, new Site(root, reactor));
 * }
 *
 * <p>The server's limits and timeouts are in {@link HTTPServerOptions}; timeouts are scheduled on
 * the {@link ReactorTime} given (the reactor itself, or a test clock). Every finished request is
 * logged in the combined log format through the {@code System.Logger} named
 * {@code net.protocols.web.access} at {@code INFO}; override {@link #log} to log elsewhere.
 */
public class Site extends ServerFactory {
    private static final System.Logger ACCESS = System.getLogger("net.protocols.web.access");
    private static final DateTimeFormatter CLF_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private final Resource root;
    private final ReactorTime clock;
    private final HTTPServerOptions options;

    /**
     * Creates a site with {@link HTTPServerOptions#defaults()}.
     *
     * @param root the resource at {@code /}
     * @param clock schedules the timeouts (normally the reactor)
     */
    public Site(Resource root, ReactorTime clock) {
        this(root, clock, HTTPServerOptions.defaults());
    }

    /**
     * Creates a site.
     *
     * @param root the resource at {@code /}
     * @param clock schedules the timeouts (normally the reactor)
     * @param options limits, timeouts and strictness
     */
    public Site(Resource root, ReactorTime clock, HTTPServerOptions options) {
        this.root = Objects.requireNonNull(root, "root");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * The root of the resource tree.
     *
     * @return the root resource
     */
    public Resource root() {
        return root;
    }

    /**
     * The server's options.
     *
     * @return the options given at construction
     */
    public HTTPServerOptions options() {
        return options;
    }

    /**
     * The clock timeouts are scheduled on.
     *
     * @return the clock given at construction
     */
    public ReactorTime clock() {
        return clock;
    }

    /**
     * Builds the HTTP protocol of one connection. Called on the reactor thread.
     *
     * @param address the client's address
     * @return a new server-side HTTP protocol
     */
    @Override
    public net.reactor.Protocol buildProtocol(Address address) {
        return new HTTPChannel(this);
    }

    /**
     * Finds the resource that renders a request: walks {@link Request#postpath()} from the root,
     * moving each segment to {@link Request#prepath()}, until the segments run out or a resource
     * is a leaf (Twisted's {@code getChildForRequest}).
     *
     * @param request the request
     * @return the resource to render it
     */
    public Resource getResourceFor(Request request) {
        Resource resource = root;
        while (!request.postpath().isEmpty() && !resource.isLeaf()) {
            String segment = request.postpath().removeFirst();
            request.prepath().add(segment);
            resource = resource.getChildWithDefault(segment, request);
        }
        return resource;
    }

    /**
     * Logs a finished request in the combined log format:
     * {@code host - - [time] "request line" status bytes "referer" "user-agent"}. Called on the
     * reactor thread when each response is finished.
     *
     * @param request the finished request
     */
    protected void log(Request request) {
        if (!ACCESS.isLoggable(System.Logger.Level.INFO)) {
            return;
        }
        ACCESS.log(System.Logger.Level.INFO, combinedLogLine(request, Instant.now()));
    }

    /**
     * Formats one combined-log line; quotes, backslashes and control characters in the quoted
     * fields are escaped, so a client cannot forge log lines.
     *
     * @param request the request
     * @param when the time to show
     * @return the line, without a line end
     */
    public static String combinedLogLine(Request request, Instant when) {
        Address peer = request.getClientAddress();
        String host = switch (peer) {
            case IPv4Address a -> a.host();
            case IPv6Address a -> a.host();
            default -> "-";
        };
        long bytes = request.method().equals("HEAD") ? 0 : request.bodyBytesWritten();
        return host + " - - [" + CLF_TIME.format(when) + "] \""
                + quote(request.method() + " " + request.uri() + " " + request.version()) + "\" "
                + request.responseCode() + " " + (bytes == 0 ? "-" : Long.toString(bytes)) + " \""
                + quote(orDash(request.getHeader("Referer"))) + "\" \"" + quote(orDash(request.getHeader("User-Agent")))
                + "\"";
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7F) {
                b.append(String.format("\\x%02x", (int) c & 0xFF));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Routes and renders one request; called by the channel once the body is read. */
    void handle(Request request) {
        render(request, getResourceFor(request));
    }

    /** Renders one request with the resource already found for it. */
    void render(Request request, Resource resource) {
        Render result;
        try {
            result = Objects.requireNonNull(resource.render(request), "render returned null");
        } catch (RuntimeException | StackOverflowError e) {
            request.processingFailed(e);
            return;
        }
        try {
            switch (result) {
                case Render.Body b -> request.writeWhole(b.bytes());
                case Render.Later l -> request.awaitBody(l.body());
                case Render.Streaming s -> { } // the resource writes and finishes itself
            }
        } catch (RuntimeException e) {
            request.processingFailed(e);
        }
    }
}
