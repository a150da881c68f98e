package net.protocols.amp;

/**
 * How values of one Java type travel as AMP bytes (Twisted's {@code Argument} classes). The
 * standard types are constants and factories of {@link AmpTypes}; implement this interface to
 * add your own, for example a type that sends an enum by name.
 *
 * {@snippet :
 * AmpType<java.time.Duration> seconds = AmpType.of(
 *         d -> Long.toString(d.toSeconds()).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
 *         b -> java.time.Duration.ofSeconds(Long.parseLong(new String(b, java.nio.charset.StandardCharsets.US_ASCII))));
 * }
 *
 * @param <T> the Java type of the values
 */
public interface AmpType<T> {

    /**
     * Encodes a value.
     *
     * @param value the value, never null
     * @return its bytes (a value over 65,535 bytes fails when the box is sent)
     * @throws IllegalArgumentException if the value cannot be encoded
     */
    byte[] toBytes(T value);

    /**
     * Decodes a value.
     *
     * @param bytes the bytes from the wire
     * @return the value, never null
     * @throws IllegalArgumentException if the bytes are not a valid encoding
     */
    T fromBytes(byte[] bytes);

    /**
     * A type made of two functions.
     *
     * @param encoder encodes a value
     * @param decoder decodes bytes, throwing {@link IllegalArgumentException} (or any runtime
     *     exception) for bytes it does not accept
     * @param <T> the Java type
     * @return the type
     */
    static <T> AmpType<T> of(java.util.function.Function<? super T, byte[]> encoder,
            java.util.function.Function<byte[], ? extends T> decoder) {
        java.util.Objects.requireNonNull(encoder, "encoder");
        java.util.Objects.requireNonNull(decoder, "decoder");
        return new AmpType<>() {
            @Override
            public byte[] toBytes(T value) {
                return encoder.apply(value);
            }

            @Override
            public T fromBytes(byte[] bytes) {
                return decoder.apply(bytes);
            }
        };
    }
}
