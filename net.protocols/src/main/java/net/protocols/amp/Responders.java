package net.protocols.amp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import net.deferred.Deferred;
import net.protocols.tls.TLSOptions;
import net.reactor.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * Which handler answers which command (Twisted's {@code CommandLocator}), built without
 * reflection. One registry may serve every connection of a factory; the handlers then share
 * whatever state they capture.
 *
 * {@snippet :
 * Argument<Long> a = Argument.of("a", AmpTypes.INTEGER);
 * Argument<Long> b = Argument.of("b", AmpTypes.INTEGER);
 * Argument<Long> total = Argument.of("total", AmpTypes.INTEGER);
 * Command sum = Command.named("Sum").argument(a, b).response(total).build();
 * Responders responders = new Responders()
 *         .respond(sum, args -> AmpValues.of(total, args.get(a) + args.get(b)));
 * }
 *
 * <p>Register handlers before connections use the registry, or on the reactor thread.
 */
public final class Responders {

    /** What a handler answers: the response values, and what the connection does after the answer. */
    record Reply(AmpValues values, @Nullable TLSOptions tls, @Nullable Protocol switchTo) {}

    /** A handler of any kind, as the dispatcher calls it. */
    @FunctionalInterface
    interface Handler {
        Deferred<Reply> answer(AmpValues arguments) throws Exception;
    }

    /**
     * A handler and the command it answers.
     *
     * @param startsTLS whether the answer starts TLS (checked before the handler runs)
     */
    record Registered(Command command, Handler handler, boolean startsTLS) {}

    private final Map<String, Registered> byName = new LinkedHashMap<>();

    /** Creates an empty registry: every command is answered with {@code UNHANDLED}. */
    public Responders() {}

    /**
     * Answers a command with a value computed at once.
     *
     * @param command the command
     * @param responder the handler
     * @return this registry
     * @throws IllegalArgumentException if a handler is registered for the command's name already
     */
    public Responders respond(Command command, Responder responder) {
        Objects.requireNonNull(responder, "responder");
        return respondDeferred(command, args -> Deferred.succeed(responder.respond(args)));
    }

    /**
     * Answers a command with a Deferred, for answers that need I/O or another thread.
     *
     * @param command the command
     * @param responder the handler
     * @return this registry
     * @throws IllegalArgumentException if a handler is registered for the command's name already
     */
    public Responders respondDeferred(Command command, DeferredResponder responder) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(responder, "responder");
        return register(new Registered(command,
                args -> Objects.requireNonNull(responder.respond(args), "the responder returned a null Deferred")
                        .addCallback(values -> new Reply(values, null, null)), false));
    }

    /**
     * Answers a command that starts TLS ({@link StartTLS#COMMAND}, or one of your own declared
     * like it): the answer goes out in clear text, then this side starts TLS with the options
     * the handler returned. See {@link StartTLS} for the order of events.
     *
     * {@snippet :
     * Responders responders = new Responders()
     *         .respondStartTLS(StartTLS.COMMAND, args -> TLSServerOptions.of(key));
     * }
     *
     * <p>If TLS is started already, or this side's own StartTLS call waits for its answer, the
     * call is answered with {@link StartTLSException} ({@value StartTLS#TLS_ERROR}) and the
     * handler is not called.
     *
     * @param command the command; it must ask for an answer and declare no response values
     * @param responder returns this side's TLS settings (their type sets its TLS role)
     * @return this registry
     * @throws IllegalArgumentException if a handler is registered for the command's name already,
     *     or the command does not fit
     */
    public Responders respondStartTLS(Command command, ConnectionResponder<? extends TLSOptions> responder) {
        checkConnectionCommand(command);
        Objects.requireNonNull(responder, "responder");
        return register(new Registered(command, args -> Deferred.succeed(new Reply(AmpValues.empty(),
                Objects.requireNonNull(responder.respond(args), "the StartTLS responder returned null"), null)), true));
    }

    /**
     * Answers a protocol switch (Twisted's {@code ProtocolSwitchCommand}): the answer is the last
     * box this side sends; the protocol the handler returned then owns the connection, gets
     * {@code connectionMade} with the connection's transport, every byte after the call's box,
     * and {@code connectionLost} at the end. A handler that throws answers with the error, and
     * the connection goes on speaking AMP.
     *
     * {@snippet :
     * Argument<String> name = Argument.of("name", AmpTypes.UNICODE);
     * Command switchTo = Command.named("Switch").argument(name).build();
     * Responders responders = new Responders()
     *         .respondSwitch(switchTo, args -> new Echo());
     * }
     *
     * @param command the command; it must ask for an answer and declare no response values
     * @param responder returns a new, unconnected protocol
     * @return this registry
     * @throws IllegalArgumentException if a handler is registered for the command's name already,
     *     or the command does not fit
     */
    public Responders respondSwitch(Command command, ConnectionResponder<? extends Protocol> responder) {
        checkConnectionCommand(command);
        Objects.requireNonNull(responder, "responder");
        return register(new Registered(command, args -> Deferred.succeed(new Reply(AmpValues.empty(), null,
                Objects.requireNonNull(responder.respond(args), "the switch responder returned null"))), false));
    }

    /**
     * Answers a protocol switch later, through a Deferred of the protocol; see
     * {@link #respondSwitch}. Until it fires the connection speaks AMP as before.
     *
     * @param command the command; it must ask for an answer and declare no response values
     * @param responder returns a Deferred of a new, unconnected protocol
     * @return this registry
     * @throws IllegalArgumentException if a handler is registered for the command's name already,
     *     or the command does not fit
     */
    public Responders respondSwitchDeferred(
            Command command, ConnectionResponder<? extends Deferred<? extends Protocol>> responder) {
        checkConnectionCommand(command);
        Objects.requireNonNull(responder, "responder");
        return register(new Registered(command, args -> {
            Deferred<? extends Protocol> protocol =
                    Objects.requireNonNull(responder.respond(args), "the switch responder returned a null Deferred");
            return protocol.addCallback(p -> new Reply(AmpValues.empty(), null,
                    Objects.requireNonNull(p, "the switch responder's Deferred fired null")));
        }, false));
    }

    private static void checkConnectionCommand(Command command) {
        Objects.requireNonNull(command, "command");
        if (!command.requiresAnswer()) {
            throw new IllegalArgumentException("'" + command.name() + "' asks no answer, so the peer would not know when the connection changes");
        }
        if (!command.response().isEmpty()) {
            throw new IllegalArgumentException("'" + command.name() + "' declares response values; an answer that changes the connection carries none (as in Twisted)");
        }
    }

    private Responders register(Registered registered) {
        if (byName.putIfAbsent(registered.command().name(), registered) != null) {
            throw new IllegalArgumentException("a responder for '" + registered.command().name() + "' is registered already");
        }
        return this;
    }

    /**
     * Finds the handler for a command name.
     *
     * @param name the {@code _command} received
     * @return the handler, or null
     */
    @Nullable Registered locate(String name) {
        return byName.get(name);
    }
}
