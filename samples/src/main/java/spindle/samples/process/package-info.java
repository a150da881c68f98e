/**
 * Runs a command as a child process through {@code spawnProcess} and relays its standard streams.
 */
@NullMarked
package spindle.samples.process;

import org.jspecify.annotations.NullMarked;
