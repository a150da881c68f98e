/**
 * What every sample shares: command-line options, a reactor set up for a program (signal
 * handlers on, so Ctrl-C and SIGTERM run shutdown triggers), and the one "listening on" line.
 */
@NullMarked
package spindle.samples.support;

import org.jspecify.annotations.NullMarked;
