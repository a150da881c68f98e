/**
 * Spindle's reactor: the role interfaces ({@link net.reactor.ReactorCore},
 * {@link net.reactor.ReactorTime}, {@link net.reactor.ReactorThreads},
 * {@link net.reactor.ReactorTCP}) combined in {@link net.reactor.Reactor}, and the types a
 * protocol author meets: {@link net.reactor.Protocol}, {@link net.reactor.Factory},
 * {@link net.reactor.Transport}, producers and consumers, addresses and the reasons a connection
 * ends.
 *
 * <p>One platform thread, the reactor thread, owns every socket and timer and delivers every
 * event; transports and protocols are confined to it and carry no locks.
 */
@NullMarked
package net.reactor;

import org.jspecify.annotations.NullMarked;
