/**
 * Deferred results for Spindle: Twisted's {@code Deferred} callback chain rebuilt for Java.
 *
 * <p>The module has no dependency but the JDK (JSpecify annotations are compile-time only).
 * It provides {@link net.deferred.Deferred}, {@link net.deferred.Failure},
 * {@link net.deferred.Outcome}, {@link net.deferred.DeferredList} (with gatherResults),
 * {@link net.deferred.DeferredLock}, {@link net.deferred.DeferredSemaphore},
 * {@link net.deferred.DeferredQueue}, and the small {@link net.deferred.Scheduler} interface
 * that timeouts use and that the reactor's clock implements.
 */
module net.deferred {
    // Optional: nullness annotations, needed only at compile time. "transitive" because they
    // appear in the exported API (javac's -Xlint:exports), so consumers' tools see them too.
    requires static transitive org.jspecify;

    // API
    exports net.deferred;
}
