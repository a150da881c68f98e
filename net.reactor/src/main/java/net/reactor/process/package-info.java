/**
 * Child processes and the program's own standard I/O, as Twisted's {@code spawnProcess},
 * {@code twisted.internet.utils} and {@code twisted.internet.stdio}: {@link ProcessProtocol}
 * receives a child's output and exit, {@link ProcessTransport} writes to its stdin and signals it,
 * {@link ProcessOutput} collects a child's output into a Deferred, and {@link StandardIO} connects
 * a {@link net.reactor.Protocol} to this program's stdin and stdout. Processes are started with
 * {@link net.reactor.ReactorProcess#spawnProcess}.
 *
 * <p>Java cannot select on pipes: every pipe is pumped by a daemon platform thread of its own (a
 * virtual thread would pin its carrier in a pipe read, see the README), and what it
 * reads reaches the reactor thread through {@code callFromThread}, in order, with flow control.
 * Every event is delivered on the reactor thread.
 */
@NullMarked
package net.reactor.process;

import org.jspecify.annotations.NullMarked;
