package net.protocols.amp;

/**
 * Answers a command whose answer changes the connection: a {@link StartTLS} command, answered
 * with the TLS settings of this side, or a protocol switch, answered with the protocol that takes
 * the connection over. Registered with {@link Responders#respondStartTLS} or
 * {@link Responders#respondSwitch}. Runs on the reactor thread.
 *
 * @param <T> what the answer carries: {@link net.protocols.tls.TLSOptions} or a
 *     {@link net.reactor.Protocol}
 */
@FunctionalInterface
public interface ConnectionResponder<T> {

    /**
     * Answers a call.
     *
     * @param arguments the call's arguments, typed by the command's declaration
     * @return the TLS settings or the protocol; never null
     * @throws Exception a declared error of the command, answered with its code (the connection
     *     is left as it was); any other exception is answered as {@code UNKNOWN} and closes the
     *     connection, as for {@link Responder}
     */
    T respond(AmpValues arguments) throws Exception;
}
