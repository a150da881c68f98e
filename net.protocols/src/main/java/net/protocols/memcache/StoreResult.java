package net.protocols.memcache;

/** How memcached answered a storage command ({@code set}, {@code add}, {@code cas}, ...). */
public enum StoreResult {
    /** {@code STORED}: the value was stored. */
    STORED,
    /** {@code NOT_STORED}: the command's condition failed (add of an existing key, replace, append or prepend of a missing one). */
    NOT_STORED,
    /** {@code EXISTS}: a {@code cas} found the item changed since it was read. */
    EXISTS,
    /** {@code NOT_FOUND}: a {@code cas} found no item. */
    NOT_FOUND;

    /**
     * Whether the value was stored.
     *
     * @return true for {@link #STORED}
     */
    public boolean stored() {
        return this == STORED;
    }
}
