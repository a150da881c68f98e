/**
 * HTTP/1.1 server and XML-RPC, after Twisted's {@code twisted.web}: a {@link net.protocols.web.Site}
 * (the factory to listen with) routes each request through a tree of
 * {@link net.protocols.web.Resource}s; the resource that ends the walk renders a
 * {@link net.protocols.web.Render} — the body now, a body later (a Deferred), or
 * {@link net.protocols.web.Render#NOT_DONE_YET} when it writes and finishes the
 * {@link net.protocols.web.Request} itself. {@link net.protocols.web.XMLRPC} is a resource that
 * answers XML-RPC calls from an explicit registry of handlers.
 *
 * <p>The server speaks HTTP/1.1 (RFC 9110/9112) with persistent connections, pipelining answered
 * in order, Content-Length and chunked bodies both ways, {@code Expect: 100-continue} and HEAD.
 * It is strict by default: anything it cannot frame unambiguously (both Content-Length and
 * Transfer-Encoding, duplicate lengths, a bad chunk size, a bare LF, obs-fold) is answered 400 and
 * the connection closed; limits and timeouts are in {@link net.protocols.web.HTTPServerOptions}.
 * Everything runs on the reactor thread. The HTTP client is in {@code net.protocols.web.client};
 * {@link net.protocols.web.XMLRPCProxy} is the XML-RPC client.
 */
package net.protocols.web;
