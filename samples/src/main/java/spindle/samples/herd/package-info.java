/**
 * The main demo: a herd of five line-based proxy servers (Alford, Ball, Hamilton, Holiday,
 * Welsh) that learn client locations ({@code IAMAT}), flood them to each other over reconnecting
 * links ({@code AT}), and answer which places are near a client ({@code WHATSAT}) from a
 * database reached through a connection pool.
 */
@NullMarked
package spindle.samples.herd;

import org.jspecify.annotations.NullMarked;
