package net.protocols.amp;

/**
 * Answers one command at once (a Twisted {@code @Command.responder} method returning a dict).
 * Runs on the reactor thread.
 */
@FunctionalInterface
public interface Responder {

    /**
     * Answers a call.
     *
     * @param arguments the call's arguments, typed by the command's declaration
     * @return the response values
     * @throws Exception a declared error of the command, answered with its code; any other
     *     exception is answered as {@code UNKNOWN} and closes the connection, as in Twisted
     */
    AmpValues respond(AmpValues arguments) throws Exception;
}
