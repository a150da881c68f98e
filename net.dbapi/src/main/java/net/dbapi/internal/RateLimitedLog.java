package net.dbapi.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Logs each distinct failure at most once per interval, with a count of how often it happened
 * meanwhile. A database that is down fails every call the same way: at hundreds of calls a
 * second, a line with a stack trace per call buried everything else (issue 20 §3 measured 112,719
 * lines in 10 s). A failure is "the same" when its class and message are; the stack trace is
 * logged the first time a failure is seen only. Thread-safe (workers call it concurrently).
 */
final class RateLimitedLog {
    /** Beyond this many distinct failures the table starts afresh, so hostile messages cannot grow it. */
    private static final int MAX_KEYS = 256;

    private final System.Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Window> windows = new HashMap<>();

    private static final class Window {
        long startedAt;
        long suppressed;
    }

    RateLimitedLog(System.Logger log, Duration interval, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Logs {@code what} and {@code failure} at {@code level}, unless the same failure was logged
     * less than an interval ago (then it is only counted, and the count goes with the next line).
     *
     * @return whether a line was written
     */
    boolean log(Level level, String what, Throwable failure) {
        if (!log.isLoggable(level)) {
            return false;
        }
        String key = failure.getClass().getName() + ": " + failure.getMessage();
        long now = nanoClock.getAsLong();
        long suppressed;
        boolean firstTime;
        synchronized (this) {
            Window w = windows.get(key);
            firstTime = w == null;
            if (firstTime) {
                if (windows.size() >= MAX_KEYS) {
                    windows.clear();
                }
                w = new Window();
                windows.put(key, w);
            } else if (now - w.startedAt < intervalNanos) {
                w.suppressed++;
                return false;
            }
            suppressed = w.suppressed;
            w.startedAt = now;
            w.suppressed = 0;
        }
        String line = what + ": " + failure.getMessage();
        if (firstTime) {
            log.log(level, line + " (the same failure is logged at most once every "
                    + Duration.ofNanos(intervalNanos).toSeconds() + " s, with a count)", failure);
        } else {
            log.log(level, line + " (" + (suppressed + 1) + " times since it was last logged, "
                    + Duration.ofNanos(intervalNanos).toSeconds() + " s or more ago)");
        }
        return true;
    }
}
