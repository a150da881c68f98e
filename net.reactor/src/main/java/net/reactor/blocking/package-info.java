/**
 * Blocking java.io streams over reactor transports, for legacy and sequential code running on
 * virtual threads while the reactor does the real I/O.
 *
 * <ul>
 * <li>{@link net.reactor.blocking.BlockingServer}: a {@link net.reactor.Factory} that runs a
 * {@link net.reactor.blocking.ConnectionHandler} on its own virtual thread for each accepted
 * connection.</li>
 * <li>{@link net.reactor.blocking.BlockingClient}: connects (over TCP or through any
 * endpoint-style connect function) and hands back a
 * {@link net.reactor.blocking.BlockingConnection}.</li>
 * <li>{@link net.reactor.blocking.BlockingConnection}: an {@link java.io.InputStream} and an
 * {@link java.io.OutputStream} with back-pressure both ways, addresses, half-close and
 * close.</li>
 * </ul>
 */
@NullMarked
package net.reactor.blocking;

import org.jspecify.annotations.NullMarked;
