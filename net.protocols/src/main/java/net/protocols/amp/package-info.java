/**
 * The Asynchronous Messaging Protocol, wire-compatible with Twisted's
 * {@code twisted.protocols.amp}.
 *
 * <p>Layers, bottom up: {@link net.protocols.amp.AmpBox} is a box of raw keys and values;
 * {@link net.protocols.amp.BinaryBoxProtocol} frames boxes on a connection and hands them to a
 * {@link net.protocols.amp.BoxReceiver}, which may send boxes back through a
 * {@link net.protocols.amp.BoxSender}; {@link net.protocols.amp.BoxDispatcher} is the receiver
 * that speaks commands; {@link net.protocols.amp.AMP} puts the two together.
 *
 * <p>Commands are declared without reflection: a {@link net.protocols.amp.Command} lists typed
 * {@link net.protocols.amp.Argument}s (types in {@link net.protocols.amp.AmpTypes}, or your own
 * {@link net.protocols.amp.AmpType}), a response, and its errors; a
 * {@link net.protocols.amp.Responders} registry maps commands to handlers; values travel in
 * {@link net.protocols.amp.AmpValues}, read with {@code get(argument)}.
 *
 * <p>Two commands change the connection itself, between two boxes: {@link net.protocols.amp.StartTLS}
 * starts TLS in place, and a protocol switch ({@link net.protocols.amp.AMP#callRemoteSwitch},
 * {@link net.protocols.amp.Responders#respondSwitch}) hands the connection to another protocol.
 *
 * <p><b>Threading.</b> Like every protocol, reactor thread only.
 */
@NullMarked
package net.protocols.amp;

import org.jspecify.annotations.NullMarked;
