package net.reactor;

import java.time.Duration;
import net.deferred.ScheduledCall;

/**
 * A call scheduled by {@link ReactorTime#callLater}: it can be cancelled or moved until it runs.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
public interface DelayedCall extends ScheduledCall {

    /**
     * When the call is due.
     *
     * @return the due time, in the units of {@link ReactorTime#nanoTime()}
     */
    long getTime();

    /**
     * Cancels the call so it never runs.
     *
     * @throws IllegalStateException if it already ran or was already cancelled (Twisted's
     *     AlreadyCalled and AlreadyCancelled)
     */
    @Override
    void cancel();

    /**
     * Moves the call so that it is due {@code delay} from now.
     *
     * @param delay the new delay, counted from now
     * @throws IllegalStateException if it already ran or was cancelled
     */
    void reset(Duration delay);

    /**
     * Postpones the call by {@code by} (negative values bring it forward).
     *
     * @param by how much to add to the due time
     * @throws IllegalStateException if it already ran or was cancelled
     */
    void delay(Duration by);

    /**
     * Whether the call is still pending.
     *
     * @return true if it has neither run nor been cancelled
     */
    @Override
    boolean active();

    /**
     * Whether the call has run.
     *
     * @return true once it ran (even if it threw)
     */
    boolean called();

    /**
     * Whether the call was cancelled.
     *
     * @return true once cancelled
     */
    boolean cancelled();
}
