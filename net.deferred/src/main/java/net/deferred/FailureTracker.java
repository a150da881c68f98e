package net.deferred;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.ref.Cleaner;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Tracks the failure a Deferred currently holds, and reports it if the Deferred is collected
 * while still holding it (Twisted's {@code DebugInfo}).
 *
 * <p>The Cleaner action is this holder, which never refers back to its Deferred, so a reference
 * cycle through the Deferred cannot stop the report. It also keeps the debug stacks.
 */
final class FailureTracker implements Runnable {
    private static final Cleaner CLEANER = Cleaner.create(task -> {
        Thread thread = new Thread(task, "net.deferred unhandled-error reporter");
        thread.setDaemon(true);
        return thread;
    });

    static volatile System.Logger logger = System.getLogger("net.deferred.Deferred");
    static volatile @Nullable Consumer<? super UnhandledError> handler;

    private final @Nullable Throwable creation;
    private volatile @Nullable Throwable firstFiring;
    // Written on the Deferred's thread, read on the Cleaner's thread.
    private volatile @Nullable Failure failure;

    private FailureTracker(@Nullable Throwable creation) {
        this.creation = creation;
    }

    /** Creates a tracker for {@code deferred} and registers it with the Cleaner. */
    static FailureTracker register(Object deferred, @Nullable Throwable creation) {
        FailureTracker tracker = new FailureTracker(creation);
        CLEANER.register(deferred, tracker);
        return tracker;
    }

    void setFailure(@Nullable Failure failure) {
        this.failure = failure;
    }

    void recordFiring(Throwable stack) {
        if (firstFiring == null) {
            firstFiring = stack;
        }
    }

    @Nullable Throwable creation() {
        return creation;
    }

    @Nullable Throwable firstFiring() {
        return firstFiring;
    }

    /** Called by the Cleaner once the Deferred is unreachable. */
    @Override
    public void run() {
        Failure unhandled = failure;
        if (unhandled == null) {
            return;
        }
        failure = null;
        UnhandledError report = new UnhandledError(unhandled, stackText(creation), stackText(firstFiring));
        Consumer<? super UnhandledError> target = handler;
        try {
            if (target != null) {
                target.accept(report);
            } else {
                logger.log(System.Logger.Level.ERROR, report.header(), unhandled.value());
            }
        } catch (RuntimeException | Error e) {
            // The reporter thread must survive a broken handler.
            logger.log(System.Logger.Level.ERROR, "unhandled-error handler failed", e);
        }
    }

    static @Nullable String stackText(@Nullable Throwable stack) {
        if (stack == null) {
            return null;
        }
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            for (StackTraceElement element : stack.getStackTrace()) {
                writer.println("\tat " + element);
            }
        }
        return out.toString();
    }
}
