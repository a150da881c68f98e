/**
 * Deferred results for Spindle: Twisted's {@code Deferred} callback chain rebuilt for Java.
 *
 * <p>At run time the module needs only the JDK. Its API carries JSpecify nullness annotations,
 * which consumers' compilers and tools read: the JSpecify jar comes with it as an ordinary Maven
 * dependency, and nothing needs it at run time.
 * It provides {@link net.deferred.Deferred}, {@link net.deferred.Failure},
 * {@link net.deferred.Outcome}, {@link net.deferred.DeferredList} (with gatherResults),
 * {@link net.deferred.DeferredLock}, {@link net.deferred.DeferredSemaphore},
 * {@link net.deferred.DeferredQueue}, and the small {@link net.deferred.Scheduler} interface
 * that timeouts use and that the reactor's clock implements.
 */
module net.deferred {
    // Nullness annotations: "static" because nothing needs them at run time; "transitive"
    // because they appear in the exported API, so every consumer's javac must read them too.
    // The POM therefore gives JSpecify compile scope: Maven hands it on to consumers (with
    // "provided", an outside module failed to compile with "module not found: org.jspecify").
    requires static transitive org.jspecify;

    // API
    exports net.deferred;
}
