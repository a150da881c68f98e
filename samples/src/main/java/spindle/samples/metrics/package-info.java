/**
 * Spindle's counters in Micrometer: {@link spindle.samples.metrics.SpindleMetrics}, the bridge
 * (reactor counters and pool stats as gauges and function counters), and the sample that serves
 * them as Prometheus text over Spindle's own HTTP server.
 */
@NullMarked
package spindle.samples.metrics;

import org.jspecify.annotations.NullMarked;
