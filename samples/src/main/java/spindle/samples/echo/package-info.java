/**
 * The echo server and the echo client: Twisted's first examples.
 */
@NullMarked
package spindle.samples.echo;

import org.jspecify.annotations.NullMarked;
