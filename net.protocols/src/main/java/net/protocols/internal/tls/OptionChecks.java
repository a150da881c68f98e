package net.protocols.internal.tls;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Argument checks shared by the TLS option records. */
public final class OptionChecks {
    private OptionChecks() {}

    /**
     * Copies a list of names, rejecting blank ones.
     *
     * @param what the option's name, for the message
     * @param names the list
     * @param mayBeEmpty whether an empty list is allowed
     * @return an immutable copy
     * @throws IllegalArgumentException if a name is blank, or the list is empty when it must not be
     */
    public static List<String> names(String what, List<String> names, boolean mayBeEmpty) {
        Objects.requireNonNull(names, what);
        List<String> copy = List.copyOf(names);
        if (!mayBeEmpty && copy.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        for (String name : copy) {
            if (name.isBlank()) {
                throw new IllegalArgumentException(what + " contains a blank name");
            }
        }
        return copy;
    }

    /**
     * Checks that a duration is positive.
     *
     * @param what the option's name, for the message
     * @param duration the duration
     * @throws IllegalArgumentException if it is zero or negative
     */
    public static void positive(String what, Duration duration) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + duration);
        }
    }
}
