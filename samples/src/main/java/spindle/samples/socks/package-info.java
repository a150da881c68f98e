/**
 * A SOCKSv4/4a proxy, closed by default: it serves only the destinations given with
 * {@code --allow}.
 */
@NullMarked
package spindle.samples.socks;

import org.jspecify.annotations.NullMarked;
