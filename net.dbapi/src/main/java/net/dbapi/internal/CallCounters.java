package net.dbapi.internal;

import java.util.concurrent.atomic.LongAdder;
import net.dbapi.QueryTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The pool's call totals for {@link net.dbapi.PoolStats}. Written from the reactor thread
 * (refusals, acquire timeouts) and from every worker thread (call results), so each is a
 * {@link LongAdder}: no lock and no contended cache line on the call path.
 */
final class CallCounters {
    final LongAdder succeeded = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder queryTimeouts = new LongAdder();
    final LongAdder acquireTimeouts = new LongAdder();
    final LongAdder refused = new LongAdder();

    /** Worker thread: a call ran on a connection and ended. */
    void callEnded(@Nullable Throwable error, boolean overran) {
        if (error == null) {
            succeeded.increment();
            return;
        }
        failed.increment();
        if (overran || error instanceof QueryTimeoutException) {
            queryTimeouts.increment();
        }
    }
}
