/**
 * An HTTP/1.1 client after Twisted's {@code twisted.web.client}: an
 * {@link net.protocols.web.client.Agent} sends a request and fires a
 * {@link net.protocols.web.client.Response} when its head arrives; the body is streamed to a
 * {@link net.protocols.web.client.BodyReceiver} or collected with
 * {@link net.protocols.web.client.Agent#readBody} under a size limit. Connections are kept alive in
 * an {@link net.protocols.web.client.HTTPConnectionPool}; {@code https} runs over
 * {@code net.protocols.tls} with verification on; a
 * {@link net.protocols.web.client.RedirectAgent} follows redirects. Request bodies come from a
 * {@link net.protocols.web.client.BodyProducer} (chunked when their length is unknown).
 *
 * <p>Response parsing is strict and bounded: a malformed or over-long status line or header, a
 * conflicting length or a bad chunk fails the request with a
 * {@link net.protocols.web.client.MalformedResponseException} and closes the connection. Every
 * call belongs on the reactor thread, and every Deferred fires there. The XML-RPC client built on
 * it is {@link net.protocols.web.XMLRPCProxy}.
 */
package net.protocols.web.client;
