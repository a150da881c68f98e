package net.reactor;

/**
 * A reactor's counters, readable from any thread: what it has accepted, read and written, how
 * much work is queued for it, and how long its loop turns take.
 *
 * <p>This is the whole metrics API; it forces no metrics library on users. Read
 * {@link #counters()} as often as you like (every few seconds is typical) and hand the figures to
 * whatever you export to — the samples show a periodic printer ({@code counters}) and a Micrometer bridge ({@code metrics}). The same events are
 * also recorded as JDK Flight Recorder events named {@code spindle.*} (see the module README).
 */
public interface ReactorMetrics {

    /**
     * A snapshot of this reactor's counters.
     *
     * <p>Safe from any thread, at any time (before, during and after the reactor runs). Each figure
     * is read on its own: while the reactor runs, two figures of one snapshot may be a turn apart
     * (a connection counted as accepted whose first bytes are not yet counted), never more.
     *
     * @return an immutable snapshot; never null
     */
    ReactorCounters counters();
}
