/**
 * What only a reactor does with the blocking façade: create the per-loop
 * {@link net.threadpool.spi.TaskRegistry}, mark its own thread as a reactor thread, and shut the
 * registry down when it stops. Exported to {@code net.reactor} only
 * ({@code exports net.threadpool.spi to net.reactor}), so these operations are never part of the
 * API a user sees.
 */
@NullMarked
package net.threadpool.spi;

import org.jspecify.annotations.NullMarked;
