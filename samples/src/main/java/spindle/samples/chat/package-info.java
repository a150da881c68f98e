/**
 * The chat server from Twisted's servers how-to: a {@code LineReceiver} with per-connection state
 * and a factory that holds the shared user table.
 */
@NullMarked
package spindle.samples.chat;

import org.jspecify.annotations.NullMarked;
