package net.protocols.amp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The declaration of one AMP command (Twisted's {@code Command} subclass), without reflection:
 * its name, typed arguments and response, the errors it may answer with, and whether it expects
 * an answer. Declare each command once, as a constant shared by callers and responders.
 *
 * {@snippet :
 * Argument<Long> numerator = Argument.of("numerator", AmpTypes.INTEGER);
 * Argument<Long> denominator = Argument.of("denominator", AmpTypes.INTEGER);
 * Argument<Double> result = Argument.of("result", AmpTypes.FLOAT);
 * Command divide = Command.named("Divide")
 *         .argument(numerator).argument(denominator)
 *         .response(result)
 *         .error("ZERO_DIVISION", ArithmeticException.class, ArithmeticException::new)
 *         .build();
 * }
 *
 * @param name the command name on the wire ({@code _command})
 * @param arguments the arguments a call carries
 * @param response the values an answer carries
 * @param errors errors answered without closing the connection
 * @param fatalErrors errors answered and then the connection closed
 * @param requiresAnswer whether the caller asks for an answer ({@code _ask}); Twisted's default
 *     is true
 */
public record Command(String name, List<Argument<?>> arguments, List<Argument<?>> response,
        List<CommandError<?>> errors, List<CommandError<?>> fatalErrors, boolean requiresAnswer) {

    /**
     * Checks and copies the fields.
     *
     * @param name the command name
     * @param arguments the arguments
     * @param response the response values
     * @param errors the declared errors
     * @param fatalErrors the fatal errors
     * @param requiresAnswer whether an answer is asked for
     */
    public Command {
        AmpBox.checkKeyCharacters(name);
        arguments = List.copyOf(arguments);
        response = List.copyOf(response);
        errors = List.copyOf(errors);
        fatalErrors = List.copyOf(fatalErrors);
        checkNames(arguments);
        checkNames(response);
    }

    private static void checkNames(List<Argument<?>> arguments) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Argument<?> a : arguments) {
            if (a.name().startsWith("_")) {
                throw new IllegalArgumentException("keys starting with '_' are AMP's own: " + a.name());
            }
            if (!seen.add(a.name())) {
                throw new IllegalArgumentException("argument '" + a.name() + "' declared twice");
            }
        }
    }

    /**
     * Starts declaring a command.
     *
     * @param name the command name on the wire
     * @return a builder
     */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /**
     * The declared or fatal error for an exception the responder threw.
     *
     * @param error the exception
     * @return the matching declaration, or null if the command declares none
     */
    @Nullable CommandError<?> errorFor(Throwable error) {
        for (CommandError<?> e : errors) {
            if (e.type().isInstance(error)) {
                return e;
            }
        }
        for (CommandError<?> e : fatalErrors) {
            if (e.type().isInstance(error)) {
                return e;
            }
        }
        return null;
    }

    /**
     * Whether a declaration is one of the fatal errors.
     *
     * @param error a declaration of this command
     * @return true if the connection closes after it
     */
    boolean isFatal(CommandError<?> error) {
        return fatalErrors.contains(error);
    }

    /**
     * The declared or fatal error with a code.
     *
     * @param code the code from the peer
     * @return the declaration, or null
     */
    @Nullable CommandError<?> errorForCode(String code) {
        for (CommandError<?> e : errors) {
            if (e.code().equals(code)) {
                return e;
            }
        }
        for (CommandError<?> e : fatalErrors) {
            if (e.code().equals(code)) {
                return e;
            }
        }
        return null;
    }

    /** Collects a command's declaration. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<Argument<?>> arguments = new ArrayList<>();
        private final List<Argument<?>> response = new ArrayList<>();
        private final List<CommandError<?>> errors = new ArrayList<>();
        private final List<CommandError<?>> fatalErrors = new ArrayList<>();
        private boolean requiresAnswer = true;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * Adds arguments.
         *
         * @param arguments the arguments, in any order
         * @return this builder
         */
        public Builder argument(Argument<?>... arguments) {
            this.arguments.addAll(List.of(arguments));
            return this;
        }

        /**
         * Adds response values.
         *
         * @param response the values an answer carries
         * @return this builder
         */
        public Builder response(Argument<?>... response) {
            this.response.addAll(List.of(response));
            return this;
        }

        /**
         * Declares an error answered without closing the connection.
         *
         * @param code its code on the wire
         * @param type the exception type (subtypes match too)
         * @param factory rebuilds it from the description, usually the constructor taking a message
         * @param <E> the exception type
         * @return this builder
         */
        public <E extends Throwable> Builder error(String code, Class<E> type, Function<String, ? extends E> factory) {
            errors.add(new CommandError<>(code, type, factory));
            return this;
        }

        /**
         * Declares an error answered and then followed by closing the connection.
         *
         * @param code its code on the wire
         * @param type the exception type (subtypes match too)
         * @param factory rebuilds it from the description
         * @param <E> the exception type
         * @return this builder
         */
        public <E extends Throwable> Builder fatalError(String code, Class<E> type, Function<String, ? extends E> factory) {
            fatalErrors.add(new CommandError<>(code, type, factory));
            return this;
        }

        /**
         * Makes the command one that asks for no answer: no {@code _ask} is sent, and the
         * caller learns nothing of the outcome.
         *
         * @return this builder
         */
        public Builder noAnswer() {
            requiresAnswer = false;
            return this;
        }

        /**
         * Finishes the declaration.
         *
         * @return the command
         */
        public Command build() {
            return new Command(name, arguments, response, errors, fatalErrors, requiresAnswer);
        }
    }
}
