package net.protocols.amp;

import java.util.Objects;

/**
 * A typed key of a command's arguments or response: its wire name, its {@link AmpType} and
 * whether it may be left out. Values are read back with {@link AmpValues#get(Argument)}, so call
 * sites need no casts.
 *
 * {@snippet :
 * Argument<Long> a = Argument.of("a", AmpTypes.INTEGER);
 * Argument<String> nickname = Argument.optional("nickname", AmpTypes.UNICODE);
 * }
 *
 * @param name the key on the wire, 1 to 255 ISO-8859-1 characters, not starting with an
 *     underscore (those are AMP's own keys)
 * @param type how values are encoded
 * @param optional whether the argument may be missing (Twisted's {@code optional=True})
 * @param <T> the Java type of the values
 */
public record Argument<T>(String name, AmpType<T> type, boolean optional) {

    /**
     * Checks the name.
     *
     * @param name the wire key
     * @param type the encoding
     * @param optional whether it may be missing
     */
    public Argument {
        Objects.requireNonNull(type, "type");
        AmpBox.checkKeyCharacters(name);
        if (name.length() > AmpBox.MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("an AMP key is at most 255 bytes: " + name);
        }
    }

    /**
     * A required argument.
     *
     * @param name the wire key
     * @param type the encoding
     * @param <T> the Java type
     * @return the argument
     */
    public static <T> Argument<T> of(String name, AmpType<T> type) {
        return new Argument<>(name, type, false);
    }

    /**
     * An argument that may be missing.
     *
     * @param name the wire key
     * @param type the encoding
     * @param <T> the Java type
     * @return the argument
     */
    public static <T> Argument<T> optional(String name, AmpType<T> type) {
        return new Argument<>(name, type, true);
    }
}
