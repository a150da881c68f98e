/**
 * Raw results of a run and the report generated from them: results.md (medians, ranges, ratios,
 * targets, machine facts) and ratios.png.
 */
@NullMarked
package bench.report;

import org.jspecify.annotations.NullMarked;
