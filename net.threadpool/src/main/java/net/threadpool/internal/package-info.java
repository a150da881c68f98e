/**
 * Implementation of the blocking façade, one concept a class: {@code LoopTasks} puts one loop's
 * façade together from {@code Awaits} (the one implementation of waiting), {@code SpawnedTask}
 * and {@code TaskThreads} (spawning, and the threads a loop must see end), and
 * {@code PooledCall} (deferToThreadPool); {@code Context} holds the scoped values that carry a
 * thread's loop and task, {@code ThreadRules} the wrong-thread refusals, {@code Task} and
 * {@code Wait} the state of one cancellable task and one await, {@code IdleCondition} the one
 * {@code awaitIdle}. Not exported.
 */
@NullMarked
package net.threadpool.internal;

import org.jspecify.annotations.NullMarked;
