package net.protocols.web;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.deferred.Deferred;
import net.reactor.Protocol;
import net.reactor.testing.Clock;
import net.reactor.testing.StringTransport;

/** One server connection on a StringTransport with a fake clock, and a small resource tree. */
final class Server {
    final Clock clock = new Clock();
    final StringTransport transport = new StringTransport();
    final Site site;
    final Protocol protocol;
    /** Bodies of /later requests, fired by the test. */
    final List<Deferred<byte[]>> later = new ArrayList<>();
    /** Requests of /stream, finished by the test. */
    final List<Request> streams = new ArrayList<>();
    /** How many /later bodies were cancelled. */
    int cancelled;

    Server() {
        this(HTTPServerOptions.defaults());
    }

    Server(HTTPServerOptions options) {
        site = new Site(tree(this), clock, options);
        protocol = site.buildProtocol(StringTransport.DEFAULT_PEER);
        transport.connect(protocol);
    }

    static Resource tree(Server s) {
        Resource root = new Resource();
        root.putChild("", text("index\n"));
        root.putChild("hello", text("hello, world\n"));
        root.putChild("echo", new Resource() {
            @Override
            protected Render renderPOST(Request request) {
                request.setHeader("Content-Type", "application/octet-stream");
                return Render.bytes(request.content());
            }

            @Override
            protected Render renderPUT(Request request) {
                return renderPOST(request);
            }

            @Override
            public Set<String> allowedMethods() {
                return Set.of("POST", "PUT");
            }
        });
        root.putChild("later", new Resource() {
            @Override
            protected Render renderGET(Request request) {
                Deferred<byte[]> d = new Deferred<>(x -> s.cancelled++);
                s.later.add(d);
                return Render.later(d);
            }
        });
        root.putChild("stream", new Resource() {
            @Override
            protected Render renderGET(Request request) {
                s.streams.add(request);
                return Render.NOT_DONE_YET;
            }
        });
        root.putChild("boom", new Resource() {
            @Override
            protected Render renderGET(Request request) {
                throw new IllegalStateException("boom");
            }
        });
        root.putChild("args", new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            protected Render renderGET(Request request) {
                return Render.text(request.args() + " " + request.cookies() + " " + request.prepath() + " "
                        + request.postpath());
            }

            @Override
            protected Render renderPOST(Request request) {
                return renderGET(request);
            }
        });
        return root;
    }

    static Resource text(String body) {
        return new Resource() {
            @Override
            protected Render renderGET(Request request) {
                request.setHeader("Content-Type", "text/plain; charset=utf-8");
                return Render.text(body);
            }

            @Override
            public Set<String> allowedMethods() {
                return Set.of("GET", "HEAD");
            }
        };
    }

    /** Sends text (Latin-1), all at once. */
    Server send(String text) {
        protocol.dataReceived(text.getBytes(ISO_8859_1));
        return this;
    }

    /** Sends text one byte at a time. */
    Server trickle(String text) {
        for (byte b : text.getBytes(ISO_8859_1)) {
            protocol.dataReceived(new byte[] {b});
        }
        return this;
    }

    /** What the server wrote since the last call, with the Date field blanked. */
    String output() {
        String s = transport.valueAsString(UTF_8);
        transport.clear();
        return s.replaceAll("Date: [^\r]*\r\n", "");
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    /** Closing, or lingering before the close (the writing half shut, the rest being drained). */
    boolean closing() {
        return transport.isDisconnecting() || transport.isWriteDisconnected();
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: example.com\r\n\r\n";
    }

    static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + body.getBytes(UTF_8).length + "\r\nServer: Spindle\r\n\r\n" + body;
    }
}
