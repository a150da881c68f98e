/**
 * Time-driven tasks on a reactor (Twisted's {@code twisted.internet.task}):
 * {@link net.reactor.task.LoopingCall} runs a task at a fixed interval, skipping missed
 * intervals rather than bursting to catch up, and {@link net.reactor.task.Tasks#deferLater}
 * turns a delay into a cancellable Deferred.
 *
 * <p>Everything here takes a {@link net.reactor.ReactorTime}, never the system clock, so tests
 * drive it with {@link net.reactor.testing.Clock}:
 * {@snippet :
 * Clock clock = new Clock();
 * List<Integer> counts = new ArrayList<>();
 * LoopingCall.withCount(clock, counts::add).start(Duration.ofSeconds(1));
 * clock.advance(Duration.ofMillis(3500));   // counts == [1, 3]: three intervals were missed
 * }
 *
 * <p><b>Threading:</b> use these classes on the reactor thread that owns the
 * {@code ReactorTime}; the tasks run there.
 */
@NullMarked
package net.reactor.task;

import org.jspecify.annotations.NullMarked;
