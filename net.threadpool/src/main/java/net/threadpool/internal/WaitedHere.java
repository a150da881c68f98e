package net.threadpool.internal;

/**
 * Added as a suppressed exception to a failure that the façade rethrows in a waiting thread, so
 * the stack trace shows where the thread waited as well as where the failure happened (the
 * original stack trace is left untouched).
 */
public final class WaitedHere extends RuntimeException {
    /**
     * Records the current stack.
     *
     * @param what what was waited for, e.g. "Blocking.await"
     */
    public WaitedHere(String what) {
        super(what + " rethrew this failure in thread \"" + Thread.currentThread().getName() + "\"");
    }
}
