package net.threadpool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what a java.util.logging logger (System.Logger's default back end) is given, from
 * creation until {@link #close()}, for tests that check what the pools log.
 */
final class CapturedLog implements AutoCloseable {
    /** What was logged, in order; safe to read from any thread. */
    final List<LogRecord> records = new CopyOnWriteArrayList<>();
    /** Held so the logger, and the handler added to it, are not collected while capturing. */
    private final Logger logger;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    CapturedLog(String loggerName) {
        logger = Logger.getLogger(loggerName);
        logger.addHandler(handler);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
