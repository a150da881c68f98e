/**
 * The load generator: one JVM, one thread, java.nio with many connections per selector and
 * buffers allocated once, so that it spends as little CPU per message as the servers it loads.
 */
@NullMarked
package bench.load;

import org.jspecify.annotations.NullMarked;
