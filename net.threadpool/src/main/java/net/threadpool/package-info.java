/**
 * Virtual threads beside the reactor: the blocking-style façade over Deferreds.
 *
 * <ul>
 * <li>{@link net.threadpool.Blocking}: {@code await} a Deferred from any non-reactor thread,
 * {@code spawn} blocking-style code from the reactor and get a Deferred back,
 * {@code deferToThreadPool}, and cancel actions.</li>
 * <li>{@link net.threadpool.TaskScope}, {@link net.threadpool.Subtask},
 * {@link net.threadpool.Joiner}: structured concurrency on final JDK APIs only.</li>
 * <li>{@link net.threadpool.VirtualThreadPool}: a bounded virtual-thread pool with FIFO waiting,
 * counters and a bounded, orderly shutdown.</li>
 * <li>{@link net.threadpool.LoopExecutor} and {@link net.threadpool.BlockingTasks}: the small
 * interface a reactor implements, and the per-reactor registry it owns and shuts down.</li>
 * </ul>
 */
@NullMarked
package net.threadpool;

import org.jspecify.annotations.NullMarked;
