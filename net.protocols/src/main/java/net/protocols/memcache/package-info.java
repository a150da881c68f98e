/**
 * A memcached client speaking the text protocol, as Twisted's {@code twisted.protocols.memcache}:
 * {@link net.protocols.memcache.MemcacheProtocol} pipelines requests over one connection and
 * answers each with a Deferred, in the order they were sent.
 *
 * <p>Requests are checked before anything is sent (key length and characters, value size), a
 * response that does not follow the protocol closes the connection with a
 * {@link net.protocols.memcache.MemcacheProtocolException}, and a server that stops answering is
 * timed out on the reactor's clock: every pending call fails and the connection is closed.
 */
@NullMarked
package net.protocols.memcache;

import org.jspecify.annotations.NullMarked;
