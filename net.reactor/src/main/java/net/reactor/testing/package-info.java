/**
 * Test doubles for testing protocols and services without sockets or real time (Twisted's
 * {@code twisted.internet.testing}).
 *
 * <ul>
 *   <li>{@link net.reactor.testing.Clock}: a fake {@link net.reactor.ReactorTime} that moves only
 *       when the test calls {@code advance}.</li>
 *   <li>{@link net.reactor.testing.StringTransport}: an in-memory transport that records what a
 *       protocol writes, whether it closed the connection and how it used flow control;
 *       {@link net.reactor.testing.StringTransportWithDisconnection} also tells the protocol at
 *       once when it closes.</li>
 *   <li>{@link net.reactor.testing.MemoryReactor}: a whole {@link net.reactor.Reactor} that
 *       records {@code listenTCP}/{@code connectTCP} calls (the test completes or fails each
 *       connection through {@link net.reactor.testing.MemoryConnector} and
 *       {@link net.reactor.testing.MemoryListeningPort}), with a Clock inside; its start-up and
 *       shut-down triggers fire as the real reactor's do.</li>
 *   <li>{@link net.reactor.testing.MemoryPipe}: two protocols connected through two in-memory
 *       TCP-like transports, pumped by hand (or automatically) with flow control, half-close and
 *       the real transport's closing rules; {@link net.reactor.testing.DeliveryPolicy} decides
 *       how writes are split into reads.</li>
 *   <li>{@link net.reactor.testing.RunningReactor}: not a double but the real reactor on a
 *       thread of its own for one test, with bounded waits for what runs on it.</li>
 * </ul>
 *
 * {@snippet :
 * Clock clock = new Clock();
 * StringTransport transport = new StringTransport();
 * IdleTimeoutProtocol protocol = new IdleTimeoutProtocol(clock, Duration.ofSeconds(30));
 * transport.connect(protocol);
 * clock.advance(Duration.ofSeconds(30));
 * assertThat(transport.isDisconnecting()).isTrue();
 * }
 *
 * <p>The doubles are deterministic and single-threaded: use them from the test's thread. They
 * ship in main code so that applications can test their own protocols with them.
 */
@NullMarked
package net.reactor.testing;

import org.jspecify.annotations.NullMarked;
