/**
 * The AMP server and client: {@code sum}, {@code greeting} and the AMP how-to's {@code Divide},
 * declared once in {@link spindle.samples.amp.AmpCommands}.
 */
@NullMarked
package spindle.samples.amp;

import org.jspecify.annotations.NullMarked;
