/**
 * The driver behind {@code bench/run}: starts each echo server in its own pinned JVM, checks it,
 * loads it with the load generator, runs the JMH suite and generates the report.
 */
package bench.driver;
