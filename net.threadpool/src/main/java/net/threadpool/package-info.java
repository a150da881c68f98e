/**
 * Virtual threads beside the reactor: the blocking-style façade over Deferreds.
 *
 * <ul>
 * <li>{@link net.threadpool.Blocking}: {@code await} a Deferred from any non-reactor thread,
 * {@code spawn} blocking-style code from the reactor and get a Deferred back,
 * {@code deferToThreadPool}, and cancel actions; {@link net.threadpool.Blocking#on} names the
 * reactor for a thread that has none bound and returns its {@link net.threadpool.BlockingTasks}
 * (the same operations, binding a thread, counters).</li>
 * <li>{@link net.threadpool.TaskScope}, {@link net.threadpool.Subtask},
 * {@link net.threadpool.Joiner}: structured concurrency on final JDK APIs only.</li>
 * <li>{@link net.threadpool.VirtualThreadPool}: a bounded virtual-thread pool with FIFO waiting,
 * counters and a bounded, orderly shutdown.</li>
 * <li>{@link net.threadpool.LoopExecutor}: the small interface a reactor implements, and the
 * type of the reactor argument above.</li>
 * <li>{@link net.threadpool.CheckedFailureException}: how a checked failure reaches blocking
 * code.</li>
 * </ul>
 *
 * <p>What only a reactor does (create its task registry, mark its thread, shut the registry
 * down) is in {@code net.threadpool.spi}, exported to {@code net.reactor} alone.
 */
@NullMarked
package net.threadpool;

import org.jspecify.annotations.NullMarked;
