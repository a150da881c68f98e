package net.dbapi.internal;

import org.jspecify.annotations.Nullable;

/**
 * Something a worker hands to the reactor thread: a finished call, or the news that the pool has
 * closed. Completions travel through the pool's lock-free stack, linked through
 * {@link #nextDone}, so the hand-off allocates nothing.
 */
abstract class Completion {
    /** The next completion in the hand-off stack; written before the push that publishes it. */
    @Nullable Completion nextDone;

    /** Runs on the reactor thread: fires the Deferred(s) waiting for this. */
    abstract void deliver();
}
