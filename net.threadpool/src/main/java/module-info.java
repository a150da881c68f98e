/**
 * Virtual-thread pools for Spindle: a bounded pool that runs blocking work on virtual threads
 * with FIFO waiting, named threads, counters and an orderly, bounded shutdown. The reactor uses
 * it for {@code callInThread}, {@code deferToThread} and {@code blockingCallFromThread}.
 *
 * <p>This module knows only {@code net.deferred}; it must never require {@code net.reactor} (the
 * reactor requires it, and JPMS forbids cycles).
 */
module net.threadpool {
    requires transitive net.deferred;

    // Optional: nullness annotations are compile-time only.
    requires static org.jspecify;

    // API
    exports net.threadpool;
}
