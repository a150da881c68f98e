package net.protocols.amp;

import net.deferred.Deferred;

/**
 * Answers one command later, through a Deferred (a Twisted responder returning a Deferred).
 * Runs on the reactor thread; the Deferred must fire there too.
 */
@FunctionalInterface
public interface DeferredResponder {

    /**
     * Answers a call.
     *
     * @param arguments the call's arguments, typed by the command's declaration
     * @return a Deferred of the response values; its failure is answered as {@link Responder}
     *     describes for exceptions
     * @throws Exception treated as a failure of the Deferred
     */
    Deferred<AmpValues> respond(AmpValues arguments) throws Exception;
}
