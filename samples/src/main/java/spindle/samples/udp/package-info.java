/**
 * The UDP pair: an echo server that returns every datagram to its sender, and a client that sends
 * one datagram and waits, retrying, for its echo.
 */
@NullMarked
package spindle.samples.udp;

import org.jspecify.annotations.NullMarked;
