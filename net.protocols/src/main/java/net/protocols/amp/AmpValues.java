package net.protocols.amp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The typed values of a command's arguments or of its response, keyed by {@link Argument}.
 * Immutable; build one with {@link #of}, {@link #builder()} or {@link #empty()}.
 *
 * {@snippet :
 * Argument<Long> a = Argument.of("a", AmpTypes.INTEGER);
 * Argument<Long> b = Argument.of("b", AmpTypes.INTEGER);
 * AmpValues args = AmpValues.of(a, 5L, b, 3L);
 * long sum = args.get(a) + args.get(b);
 * }
 */
public final class AmpValues {
    private static final AmpValues EMPTY = new AmpValues(Map.of());

    private final Map<String, Entry<?>> values;

    private record Entry<T>(Argument<T> argument, T value) {}

    private AmpValues(Map<String, Entry<?>> values) {
        this.values = values;
    }

    /**
     * No values.
     *
     * @return the empty container
     */
    public static AmpValues empty() {
        return EMPTY;
    }

    /**
     * One value.
     *
     * @param argument its key
     * @param value the value
     * @param <A> its type
     * @return the container
     */
    public static <A> AmpValues of(Argument<A> argument, A value) {
        return builder().put(argument, value).build();
    }

    /**
     * Two values.
     *
     * @param a the first key
     * @param aValue its value
     * @param b the second key
     * @param bValue its value
     * @param <A> the first type
     * @param <B> the second type
     * @return the container
     */
    public static <A, B> AmpValues of(Argument<A> a, A aValue, Argument<B> b, B bValue) {
        return builder().put(a, aValue).put(b, bValue).build();
    }

    /**
     * Three values.
     *
     * @param a the first key
     * @param aValue its value
     * @param b the second key
     * @param bValue its value
     * @param c the third key
     * @param cValue its value
     * @param <A> the first type
     * @param <B> the second type
     * @param <C> the third type
     * @return the container
     */
    public static <A, B, C> AmpValues of(Argument<A> a, A aValue, Argument<B> b, B bValue, Argument<C> c, C cValue) {
        return builder().put(a, aValue).put(b, bValue).put(c, cValue).build();
    }

    /**
     * Starts a container of any number of values.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The value of an argument.
     *
     * @param argument the key
     * @param <T> its type
     * @return the value
     * @throws java.util.NoSuchElementException if there is none (an optional argument left out)
     */
    public <T> T get(Argument<T> argument) {
        T value = getOrNull(argument);
        if (value == null) {
            throw new java.util.NoSuchElementException("no value for AMP argument '" + argument.name() + "'");
        }
        return value;
    }

    /**
     * The value of an argument, if present.
     *
     * @param argument the key
     * @param <T> its type
     * @return the value, or empty
     */
    public <T> Optional<T> find(Argument<T> argument) {
        return Optional.ofNullable(getOrNull(argument));
    }

    /**
     * Whether an argument has a value.
     *
     * @param argument the key
     * @return true if present
     */
    public boolean contains(Argument<?> argument) {
        return getOrNull(argument) != null;
    }

    private <T> @Nullable T getOrNull(Argument<T> argument) {
        Entry<?> e = values.get(argument.name());
        if (e == null) {
            return null;
        }
        if (!e.argument().equals(argument)) {
            throw new IllegalArgumentException("AMP key '" + argument.name() + "' holds " + e.argument()
                    + ", not " + argument);
        }
        @SuppressWarnings("unchecked") // the entry's argument equals the one asked for, so its type is T
        T value = (T) e.value();
        return value;
    }

    /**
     * How many values there are.
     *
     * @return the count
     */
    public int size() {
        return values.size();
    }

    /** Fails if a value's key is not among {@code known}. */
    void checkOnly(java.util.Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new InvalidSignatureException("'" + name + "' is not an argument of this command");
            }
        }
    }

    /**
     * Writes the values into a box.
     *
     * @param box the box to fill
     */
    void writeTo(AmpBox box) {
        for (Entry<?> e : values.values()) {
            write(box, e);
        }
    }

    private static <T> void write(AmpBox box, Entry<T> e) {
        box.put(e.argument().name(), e.argument().type().toBytes(e.value()));
    }

    /**
     * Compares the values.
     *
     * @param o another object
     * @return true for equal keys and values (arrays compared by content)
     */
    @Override
    public boolean equals(@Nullable Object o) {
        if (!(o instanceof AmpValues other) || !other.values.keySet().equals(values.keySet())) {
            return false;
        }
        for (Map.Entry<String, Entry<?>> e : values.entrySet()) {
            Entry<?> theirs = other.values.get(e.getKey());
            if (!e.getValue().argument().equals(theirs.argument())
                    || !java.util.Objects.deepEquals(e.getValue().value(), theirs.value())) {
                return false;
            }
        }
        return true;
    }

    /**
     * A hash of the keys.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return values.keySet().hashCode();
    }

    /**
     * The values for humans.
     *
     * @return a description
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AmpValues{");
        String sep = "";
        for (Entry<?> e : values.values()) {
            Object v = e.value();
            sb.append(sep).append(e.argument().name()).append('=')
                    .append(v instanceof byte[] bytes ? bytes.length + " bytes" : String.valueOf(v));
            sep = ", ";
        }
        return sb.append('}').toString();
    }

    /** Collects values for {@link AmpValues}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Entry<?>> values = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Sets a value; a null value is left out, as Twisted leaves out an optional None.
         *
         * @param argument the key
         * @param value the value, or null to leave it out
         * @param <T> its type
         * @return this builder
         */
        public <T> Builder put(Argument<T> argument, @Nullable T value) {
            Objects.requireNonNull(argument, "argument");
            if (value == null) {
                values.remove(argument.name());
            } else {
                values.put(argument.name(), new Entry<>(argument, value));
            }
            return this;
        }

        /**
         * Builds the container.
         *
         * @return the values
         */
        public AmpValues build() {
            return new AmpValues(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }
    }
}
