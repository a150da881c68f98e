/**
 * Framing helpers that protocols subclass: {@link net.protocols.basic.LineReceiver} (lines and
 * raw mode), {@link net.protocols.basic.LineOnlyReceiver}, the length-prefixed
 * {@link net.protocols.basic.Int8StringReceiver}, {@link net.protocols.basic.Int16StringReceiver}
 * and {@link net.protocols.basic.Int32StringReceiver}, {@link net.protocols.basic.NetstringReceiver},
 * plus {@link net.protocols.basic.StringStateMachine} (Twisted's StatefulStringProtocol without
 * reflection) and {@link net.protocols.basic.FileSender}.
 *
 * <p>They follow Twisted's {@code twisted.protocols.basic} edge for edge, including where
 * {@code LineReceiver} and {@code LineOnlyReceiver} differ; each class says where Spindle departs
 * from Twisted and why.
 *
 * <p><b>Rejecting a peer.</b> A receiver that meets input it cannot frame closes the connection
 * with {@link net.reactor.Transport#loseConnection(Throwable)}, giving a
 * {@link net.protocols.basic.FramingException} subclass as the reason, so the protocol's
 * {@code connectionLost} says exactly why: {@link net.protocols.basic.LineTooLongException},
 * {@link net.protocols.basic.FrameTooLongException} or
 * {@link net.protocols.basic.NetstringParseException}.
 *
 * <p><b>Threading.</b> Like every protocol, these run on the reactor thread only.
 */
@NullMarked
package net.protocols.basic;

import org.jspecify.annotations.NullMarked;
