/**
 * Virtual threads beside Spindle's reactor: bounded virtual-thread pools, {@code await} of a
 * Deferred from any non-reactor thread, {@code spawn} of blocking-style code returning a
 * Deferred, and structured task scopes, with cancellation flowing both ways.
 *
 * <p>Everything here uses final JDK 25 APIs only (virtual threads, {@link ScopedValue}); JDK
 * 25's {@code StructuredTaskScope} is a preview API, so {@link net.threadpool.TaskScope} is
 * Spindle's own and no user needs {@code --enable-preview}.
 *
 * <p>{@code net.threadpool.testing} holds test support: {@link net.threadpool.testing.LiveThreads}.
 *
 * <p>This module knows only {@code net.deferred} and the small
 * {@link net.threadpool.LoopExecutor} interface that a reactor implements; it must never
 * require {@code net.reactor} (the reactor requires it, and JPMS forbids cycles).
 *
 * <p>{@code net.threadpool.spi} holds what only a reactor does with the façade (create its task
 * registry, mark its thread, shut the registry down) and is exported to {@code net.reactor}
 * alone. That module is compiled after this one, so javac cannot see it here and would warn
 * ("module not found") about the qualified export: hence the suppression, and nothing else.
 */
@SuppressWarnings("module")
module net.threadpool {
    requires transitive net.deferred;

    // Optional: nullness annotations are compile-time only.
    requires static org.jspecify;
    // Optional: only net.threadpool.testing.LiveThreads reads a thread dump through it, and says
    // so clearly when it is not resolved (tests add it with --add-modules jdk.management).
    requires static jdk.management;
    // JDK Flight Recorder: the spindle.Task event (a spawned task's lifetime), in an unexported
    // package; part of every full JDK image.
    requires jdk.jfr;

    // API
    exports net.threadpool;
    // What only a reactor does with the façade: create its task registry, mark its thread, shut
    // the registry down. Not for users, so not exported to them.
    exports net.threadpool.spi to net.reactor;
    // Test support: no thread left behind, virtual threads included.
    exports net.threadpool.testing;
}
