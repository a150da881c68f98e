/**
 * Spindle's samples: the programs from Twisted's documentation (echo, QOTD, chat, a logging
 * server, an echo client), a legacy java.io handler served through the virtual-thread façade, an
 * asynchronous database sample, and the main demo, a herd of five proxy servers that flood
 * client locations to each other and answer "what is near" from an embedded database.
 *
 * <p>Each sample is a page or two of Java. Run one with {@code samples/run NAME [options]}, which
 * builds what is missing and starts {@code java --module-path samples/target/modules --module
 * spindle.samples/spindle.samples.Main NAME [options]}. This module exports nothing: it is a set
 * of programs, not a library, and it sees Spindle only through what Spindle's modules export.
 */
// requires-automatic: the Micrometer jars are automatic modules (see the requires below); a
// program may depend on them, a library should not, which is what the lint warns about.
@SuppressWarnings("requires-automatic")
module spindle.samples {
    requires net.reactor;
    // The blocking façade: Blocking.spawn/await and TaskScope (the db and legacy samples).
    requires net.threadpool;
    requires net.protocols;
    requires net.dbapi;
    // The herd seeds its places table with plain JDBC before the reactor (and the pool) start.
    requires java.sql;

    // The metrics sample's Micrometer bridge (automatic modules: the jars have no module-info
    // and no Automatic-Module-Name, so the names come from the file names). The Prometheus client
    // library under the registry is resolved with them, as every automatic module on the path is.
    requires micrometer.core;
    requires micrometer.registry.prometheus;

    // Where every System.Logger in a sample writes: one line per message on standard error, also
    // while the JVM shuts down (java.util.logging drops messages logged then).
    provides java.lang.System.LoggerFinder with spindle.samples.support.ConsoleLoggerFinder;

    // Optional: nullness annotations, compile time only.
    requires static org.jspecify;
}
