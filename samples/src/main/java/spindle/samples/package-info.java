/**
 * The samples' entry point: {@link spindle.samples.Main} runs a sample by name.
 */
@NullMarked
package spindle.samples;

import org.jspecify.annotations.NullMarked;
