package net.protocols.amp;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Moves values between typed {@link AmpValues} and raw boxes, by a list of arguments. */
final class Schema {
    private Schema() {}

    static AmpBox toBox(List<Argument<?>> arguments, AmpValues values) {
        AmpBox box = new AmpBox();
        Set<String> known = new HashSet<>();
        for (Argument<?> argument : arguments) {
            known.add(argument.name());
            if (!values.contains(argument) && !argument.optional()) {
                throw new InvalidSignatureException("forgot to supply '" + argument.name() + "'");
            }
        }
        values.checkOnly(known);
        values.writeTo(box);
        return box;
    }

    static AmpValues fromBox(List<Argument<?>> arguments, AmpBox box) {
        AmpValues.Builder builder = AmpValues.builder();
        for (Argument<?> argument : arguments) {
            read(builder, argument, box);
        }
        return builder.build();
    }

    private static <T> void read(AmpValues.Builder builder, Argument<T> argument, AmpBox box) {
        byte[] bytes = box.get(argument.name());
        if (bytes == null) {
            if (!argument.optional()) {
                throw new InvalidSignatureException("the box has no value for required '" + argument.name() + "'");
            }
            return;
        }
        T value;
        try {
            value = argument.type().fromBytes(bytes);
        } catch (RuntimeException e) {
            throw new InvalidSignatureException("bad value for '" + argument.name() + "': " + e.getMessage(), e);
        }
        builder.put(argument, value);
    }
}
