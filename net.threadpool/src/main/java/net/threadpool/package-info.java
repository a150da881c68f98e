/**
 * Bounded virtual-thread pools: {@link net.threadpool.VirtualThreadPool} runs blocking work on
 * virtual threads, at most a configurable number at a time, the rest waiting in FIFO order.
 */
@NullMarked
package net.threadpool;

import org.jspecify.annotations.NullMarked;
