/**
 * Test support for code that runs on virtual threads: {@link net.threadpool.testing.LiveThreads}
 * checks that a pool, a task scope or a reactor left no thread behind, virtual threads included.
 * It ships in main code so that applications can check their own pools the same way.
 *
 * <p>It reads a thread dump through {@code com.sun.management.HotSpotDiagnosticMXBean}, so the
 * {@code jdk.management} module must be resolved at run time: on the module path, run with
 * {@code --add-modules jdk.management}; on the class path it is there by default.
 */
@NullMarked
package net.threadpool.testing;

import org.jspecify.annotations.NullMarked;
