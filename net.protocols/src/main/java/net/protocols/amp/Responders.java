package net.protocols.amp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import net.deferred.Deferred;
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

    /** A handler and the command it answers. */
    record Registered(Command command, DeferredResponder responder) {}

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
        if (byName.putIfAbsent(command.name(), new Registered(command, responder)) != null) {
            throw new IllegalArgumentException("a responder for '" + command.name() + "' is registered already");
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
