package net.dbapi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A failure repeated at hundreds of calls a second is logged once per interval, with a count (fake clock). */
class RateLimitedLogTest {
    record Line(String message, Throwable thrown) {}

    static final class Capture implements System.Logger {
        final List<Line> lines = new ArrayList<>();

        @Override
        public String getName() {
            return "capture";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(new Line(msg, thrown));
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(new Line(format, null));
        }
    }

    private final Capture capture = new Capture();
    private final AtomicLong now = new AtomicLong(1_000);
    private final RateLimitedLog log = new RateLimitedLog(capture, Duration.ofSeconds(10), now::get);

    @Test
    void theSameFailureIsLoggedOncePerIntervalWithACount() {
        SQLException down = new SQLException("Connection refused");
        for (int i = 0; i < 3_300; i++) { // 10 s at 330 calls a second
            log.log(Level.WARNING, "pool p: a call could not get a connection", down);
            now.addAndGet(Duration.ofMillis(3).toNanos());
        }
        assertThat(capture.lines).hasSize(1);
        assertThat(capture.lines.get(0).thrown()).as("the trace, the first time").isSameAs(down);

        now.addAndGet(Duration.ofSeconds(1).toNanos()); // the interval has passed
        log.log(Level.WARNING, "pool p: a call could not get a connection", new SQLException("Connection refused"));

        assertThat(capture.lines).hasSize(2);
        assertThat(capture.lines.get(1).message()).contains("Connection refused").contains("3300 times");
        assertThat(capture.lines.get(1).thrown()).as("no second trace").isNull();
    }

    @Test
    void distinctFailuresAreEachLogged() {
        log.log(Level.WARNING, "pool p", new SQLException("Connection refused"));
        log.log(Level.WARNING, "pool p", new SQLException("password authentication failed"));
        log.log(Level.WARNING, "pool p", new IllegalStateException("Connection refused"));
        log.log(Level.WARNING, "pool p", new SQLException("Connection refused"));

        assertThat(capture.lines).hasSize(3);
    }
}
