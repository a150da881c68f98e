/**
 * Policies that wrap a factory and its protocols to limit, throttle, time out or log connections
 * without changing the protocol itself (Twisted's {@code twisted.protocols.policies}):
 * {@link net.protocols.policies.WrappingFactory} and {@link net.protocols.policies.ProtocolWrapper}
 * as the base, {@link net.protocols.policies.ThrottlingFactory},
 * {@link net.protocols.policies.TimeoutFactory}, {@link net.protocols.policies.LimitConnectionsByPeer},
 * {@link net.protocols.policies.LimitTotalConnectionsFactory} and
 * {@link net.protocols.policies.TrafficLoggingFactory}, plus
 * {@link net.protocols.policies.ProtocolTimeout}, Twisted's {@code TimeoutMixin} as an object a
 * protocol owns.
 *
 * <p>Wrappers pass producer registration, pausing and half-close through, so back-pressure works
 * the same with or without them. Everything that waits takes a {@link net.reactor.ReactorTime},
 * so tests drive it with {@code net.reactor.testing.Clock}.
 *
 * <p><b>Threading:</b> reactor thread only.
 *
 * {@snippet :
 * // At most 100 connections, 1 MB/s in, and idle connections closed after 5 minutes.
 * Factory app = Factory.forProtocol(Echo::new);
 * reactor.listenTCP(8000, new ThrottlingFactory(
 *         new TimeoutFactory(app, reactor, Duration.ofMinutes(5)),
 *         reactor, 100, 1_000_000, ThrottlingFactory.UNLIMITED));
 * }
 */
@NullMarked
package net.protocols.policies;

import org.jspecify.annotations.NullMarked;
