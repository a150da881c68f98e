/**
 * Reading a reactor's counters ({@code ReactorMetrics.counters()}) from another thread and
 * exporting them: here, a line on standard output every few seconds.
 */
@NullMarked
package spindle.samples.counters;

import org.jspecify.annotations.NullMarked;
