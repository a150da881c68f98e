package spindle.samples.amp;

import net.protocols.amp.AmpTypes;
import net.protocols.amp.Argument;
import net.protocols.amp.Command;

/**
 * The commands the AMP samples speak, declared once for the server and the client: {@code sum},
 * {@code greeting}, and {@code Divide} from Twisted's AMP how-to.
 */
public final class AmpCommands {
    private AmpCommands() {}

    /** Twisted's {@code ZeroDivisionError}, the error {@link #DIVIDE} declares. */
    public static final class ZeroDivisionException extends ArithmeticException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message the description sent with it
         */
        public ZeroDivisionException(String message) {
            super(message);
        }
    }

    /** The first addend. */
    public static final Argument<Long> A = Argument.of("a", AmpTypes.INTEGER);
    /** The second addend. */
    public static final Argument<Long> B = Argument.of("b", AmpTypes.INTEGER);
    /** The sum, or the quotient. */
    public static final Argument<Long> RESULT = Argument.of("result", AmpTypes.INTEGER);
    /** {@code sum(a, b) -> result}. */
    public static final Command SUM = Command.named("sum").argument(A, B).response(RESULT).build();

    /** Who to greet. */
    public static final Argument<String> NAME = Argument.of("name", AmpTypes.UNICODE);
    /** The greeting. */
    public static final Argument<String> MESSAGE = Argument.of("message", AmpTypes.UNICODE);
    /** {@code greeting(name) -> message}. */
    public static final Command GREETING = Command.named("greeting").argument(NAME).response(MESSAGE).build();

    /** The dividend. */
    public static final Argument<Long> NUMERATOR = Argument.of("numerator", AmpTypes.INTEGER);
    /** The divisor. */
    public static final Argument<Long> DENOMINATOR = Argument.of("denominator", AmpTypes.INTEGER);
    /** The quotient, as a float. */
    public static final Argument<Double> QUOTIENT = Argument.of("result", AmpTypes.FLOAT);
    /** {@code Divide(numerator, denominator) -> result}, failing with {@code ZERO_DIVISION}. */
    public static final Command DIVIDE = Command.named("Divide").argument(NUMERATOR, DENOMINATOR).response(QUOTIENT)
            .error("ZERO_DIVISION", ZeroDivisionException.class, ZeroDivisionException::new)
            .build();
}
