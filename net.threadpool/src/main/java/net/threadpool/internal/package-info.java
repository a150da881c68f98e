/**
 * Implementation of the blocking façade: the scoped values that carry a thread's reactor and
 * task, the cancellable task state, and the state of one await. Not exported.
 */
@NullMarked
package net.threadpool.internal;

import org.jspecify.annotations.NullMarked;
