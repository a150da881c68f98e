package net.protocols.memcache;

import java.util.Arrays;

/**
 * One value read from memcached.
 *
 * @param flags the client flags stored with the value (an unsigned 32-bit number, as a bit
 *     pattern in an {@code int})
 * @param value the value's bytes; the caller owns them
 * @param casUnique the value's CAS identifier for {@link MemcacheProtocol#checkAndSet}, when read
 *     with {@code gets}; 0 when read with {@code get}
 */
public record Item(int flags, byte[] value, long casUnique) {

    /** Value semantics for the bytes too, so that items compare as data. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Item that
                && flags == that.flags
                && casUnique == that.casUnique
                && Arrays.equals(value, that.value);
    }

    /** Consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return (Integer.hashCode(flags) * 31 + Long.hashCode(casUnique)) * 31 + Arrays.hashCode(value);
    }

    /** Shows the flags, the length and the CAS identifier, not the bytes. */
    @Override
    public String toString() {
        return "Item[flags=" + Integer.toUnsignedString(flags) + ", " + value.length + " bytes, cas=" + casUnique + "]";
    }
}
