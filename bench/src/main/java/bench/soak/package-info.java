/**
 * The soak run ({@code bench/run --soak}): a Spindle server JVM (TCP echo, a line protocol backed
 * by a connection pool and virtual-thread tasks, TLS echo) driven for minutes by a load JVM whose
 * connections open and close continuously, every byte checked, while the server's resident
 * memory, heap after GC, direct buffers, threads, descriptors and reactor turn times are sampled
 * and tested for an upward trend ({@link bench.soak.TrendRule}). See {@code docs/reliability.md}.
 */
@NullMarked
package bench.soak;

import org.jspecify.annotations.NullMarked;
