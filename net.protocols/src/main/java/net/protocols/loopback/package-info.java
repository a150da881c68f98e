/**
 * Two protocols connected to each other, for tests (Twisted's
 * {@code twisted.protocols.loopback}): {@link net.protocols.loopback.Loopback#loopbackAsync} joins
 * them in memory, driven by a clock, and
 * {@link net.protocols.loopback.Loopback#loopbackTCP} over a real TCP connection on 127.0.0.1.
 * Each returns a Deferred that fires once both connections are over.
 *
 * <p>{@code loopbackUNIX} is not provided: the reactor has no UNIX sockets yet.
 *
 * <p><b>Threading:</b> reactor thread (or the test's thread, with a fake clock) only.
 */
@NullMarked
package net.protocols.loopback;

import org.jspecify.annotations.NullMarked;
