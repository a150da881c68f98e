/**
 * The Quote of the Day server (RFC 865) from Twisted's servers how-to.
 */
@NullMarked
package spindle.samples.qotd;

import org.jspecify.annotations.NullMarked;
