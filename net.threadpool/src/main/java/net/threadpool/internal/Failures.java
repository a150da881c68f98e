package net.threadpool.internal;

import net.threadpool.CheckedFailureException;

/** The façade's one rule for handing a failure to a waiting thread. */
public final class Failures {
    /** A failure rethrown many times (a shared instance) does not collect markers without bound. */
    private static final int MAX_MARKERS = 4;

    private Failures() {}

    /**
     * Returns the exception to throw for {@code error} in the waiting thread: the original
     * instance when it is unchecked (an {@link Error} is thrown from here), with a
     * {@link WaitedHere} marker added as suppressed; a checked one wrapped in
     * {@link CheckedFailureException}, whose own stack trace is the waiting thread's.
     *
     * @param error the failure
     * @param what what was waited for, for the marker
     * @return the exception to throw
     */
    public static RuntimeException rethrow(Throwable error, String what) {
        if (error instanceof RuntimeException || error instanceof Error) {
            mark(error, what);
        }
        return CheckedFailureException.wrapIfChecked(error);
    }

    private static void mark(Throwable t, String what) {
        if (t.getSuppressed().length < MAX_MARKERS) {
            t.addSuppressed(new WaitedHere(what));
        }
    }
}
