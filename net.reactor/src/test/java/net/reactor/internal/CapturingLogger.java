package net.reactor.internal;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CountDownLatch;

/** A System.Logger that records what it is given, for tests that check what the reactor logs. */
final class CapturingLogger implements System.Logger {
    /** One captured log call. */
    record Logged(Level level, String message, Throwable thrown) {}

    final List<Logged> records = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch first = new CountDownLatch(1);
    private volatile CountDownLatch countdown = new CountDownLatch(0);

    /** A latch that opens after {@code n} more records. */
    CountDownLatch expect(int n) {
        CountDownLatch l = new CountDownLatch(n);
        countdown = l;
        return l;
    }

    List<Logged> at(Level level) {
        synchronized (records) {
            return records.stream().filter(r -> r.level() == level).toList();
        }
    }

    @Override
    public String getName() {
        return "capturing";
    }

    @Override
    public boolean isLoggable(Level level) {
        return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        records.add(new Logged(level, msg, thrown));
        first.countDown();
        countdown.countDown();
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        records.add(new Logged(level, params == null ? format : MessageFormat.format(format, params), null));
        first.countDown();
        countdown.countDown();
    }
}
