/**
 * The main demo: a herd of five line-based proxy servers (Alford, Ball, Hamilton, Holiday,
 * Welsh) that learn client locations ({@code IAMAT}), flood them to each other over reconnecting
 * links ({@code AT}), and answer which places are near a client ({@code WHATSAT}) from a
 * database reached through a connection pool.
 *
 * <p>Trust model: each server has a client port (IAMAT, WHATSAT) and a peer port, its client port
 * + 100, for its neighbours' links (PEER, AT only). Whatever reaches a peer port is trusted, so a
 * deployment keeps those ports reachable by the herd's servers only. Clients are not
 * authenticated; what they send is bounded instead: names of at most 255 UTF-8 bytes without
 * control characters, strict UTF-8, an IAMAT time at most 5 minutes ahead of the server's clock
 * and 1 day behind it, so every AT line fits every link. See the samples' README.
 */
@NullMarked
package spindle.samples.herd;

import org.jspecify.annotations.NullMarked;
