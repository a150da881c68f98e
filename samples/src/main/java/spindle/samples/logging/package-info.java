/**
 * The logging server from Twisted's servers how-to: a factory that opens its file in
 * {@code startFactory} and closes it in {@code stopFactory}.
 */
@NullMarked
package spindle.samples.logging;

import org.jspecify.annotations.NullMarked;
