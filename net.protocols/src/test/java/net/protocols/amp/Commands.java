package net.protocols.amp;

import java.util.List;

/** Commands shared by the tests. */
final class Commands {
    private Commands() {}

    static final class ZeroDivision extends RuntimeException {
        ZeroDivision(String message) {
            super(message);
        }
    }

    static final class Boom extends RuntimeException {
        Boom(String message) {
            super(message);
        }
    }

    static final Argument<Long> A = Argument.of("a", AmpTypes.INTEGER);
    static final Argument<Long> B = Argument.of("b", AmpTypes.INTEGER);
    static final Argument<Long> TOTAL = Argument.of("total", AmpTypes.INTEGER);
    static final Command SUM = Command.named("Sum").argument(A, B).response(TOTAL).build();

    static final Argument<Long> NUMERATOR = Argument.of("numerator", AmpTypes.INTEGER);
    static final Argument<Long> DENOMINATOR = Argument.of("denominator", AmpTypes.INTEGER);
    static final Argument<Double> RESULT = Argument.of("result", AmpTypes.FLOAT);
    static final Command DIVIDE = Command.named("Divide").argument(NUMERATOR, DENOMINATOR).response(RESULT)
            .error("ZERO_DIVISION", ZeroDivision.class, ZeroDivision::new).build();
    static final Command FATAL_DIVIDE = Command.named("FatalDivide").argument(NUMERATOR, DENOMINATOR).response(RESULT)
            .fatalError("ZERO_DIVISION", ZeroDivision.class, ZeroDivision::new).build();

    static final Argument<byte[]> DATA = Argument.of("data", AmpTypes.STRING);
    static final Command ECHO = Command.named("Echo").argument(DATA).response(DATA).build();
    static final Command NOTE = Command.named("Note").argument(DATA).noAnswer().build();
    static final Command FAIL = Command.named("Fail").build();
    static final Command MISSING = Command.named("Missing").build();
    static final Command LATER = Command.named("Later").response(TOTAL).build();

    static final Argument<List<Long>> NUMBERS = Argument.of("numbers", AmpTypes.listOf(AmpTypes.INTEGER));
    static final Command ADD_ALL = Command.named("AddAll").argument(NUMBERS).response(TOTAL).build();
}
