package net.threadpool.internal;

import net.threadpool.LoopExecutor;
import org.jspecify.annotations.Nullable;

/**
 * The façade's rules about which thread may do what, and the one wording of each refusal
 * ({@link WrongThreadException}, as everywhere in Spindle).
 */
public final class ThreadRules {
    private ThreadRules() {}

    /**
     * Whether the calling thread runs {@code loop}, or any reactor's event loop (a thread marked
     * by {@code TaskRegistry.runAsReactorThread}).
     *
     * @param loop the loop in question, or null when there is none
     * @return true on a reactor thread
     */
    public static boolean onReactorThread(@Nullable LoopExecutor loop) {
        return (loop != null && loop.isReactorThread()) || Context.LOOP_THREAD.isBound();
    }

    /**
     * Refuses to block a reactor thread: waiting there would stop the loop that must fire what
     * the thread waits for.
     *
     * @param loop the loop whose Deferred would be waited for, or null when there is none
     * @param what the method called, for the message
     * @throws WrongThreadException on a reactor thread
     */
    public static void checkMayWait(@Nullable LoopExecutor loop, String what) {
        if (onReactorThread(loop)) {
            throw new WrongThreadException(what + " was called on the reactor thread "
                    + Thread.currentThread().getName() + ", where waiting would stop the event loop (and deadlock);"
                    + " add callbacks to the Deferred instead, or run the blocking-style code with"
                    + " Blocking.spawn(reactor, ...)");
        }
    }

    /**
     * Refuses a call that returns a Deferred (which belongs to the loop thread) from blocking code
     * bound to a loop.
     *
     * @param loop the loop that would own the Deferred
     * @param what the method called, for the message
     * @throws WrongThreadException in blocking code off the loop thread
     */
    public static void checkDeferredThread(LoopExecutor loop, String what) {
        if (!loop.isReactorThread() && (Context.TASK.isBound() || Context.LOOP.isBound())) {
            throw new WrongThreadException(what + " returns a Deferred, which belongs to the reactor thread, but was"
                    + " called from blocking code on thread " + Thread.currentThread().getName()
                    + "; use TaskScope.fork for concurrent blocking work, or start it from the reactor thread with"
                    + " Blocking.await(() -> Blocking." + what + "(...))");
        }
    }

    /**
     * Refuses to open a task scope on a reactor thread, whose loop must never wait for subtasks.
     *
     * @throws WrongThreadException on a reactor thread
     */
    public static void checkMayOpenScope() {
        if (onReactorThread(null)) {
            throw new WrongThreadException("a task scope was opened on the reactor thread "
                    + Thread.currentThread().getName() + ", whose loop must never wait for subtasks;"
                    + " open it in blocking code started with Blocking.spawn(reactor, ...)");
        }
    }
}
