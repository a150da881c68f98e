package net.protocols.amp;

import java.util.Objects;
import java.util.function.Function;

/**
 * An error a command declares (an entry of Twisted's {@code errors} or {@code fatalErrors}): a
 * Java exception type and the code it travels as. The responding side sends an exception of
 * {@code type} (or a subtype) as {@code code} with the exception's message as description; the
 * calling side rebuilds it with {@code factory} from the description.
 *
 * @param code the error code on the wire, such as {@code ZERO_DIVISION}
 * @param type the exception type
 * @param factory builds the exception from the peer's description
 * @param <E> the exception type
 */
public record CommandError<E extends Throwable>(String code, Class<E> type, Function<String, ? extends E> factory) {

    /**
     * Checks the fields.
     *
     * @param code the error code
     * @param type the exception type
     * @param factory rebuilds the exception
     */
    public CommandError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(factory, "factory");
        if (code.isEmpty() || code.equals(BoxDispatcher.UNKNOWN) || code.equals(BoxDispatcher.UNHANDLED)) {
            throw new IllegalArgumentException("an error code must be non-empty and not UNKNOWN or UNHANDLED: '" + code + "'");
        }
    }
}
