/**
 * Spindle's integration tests, packaged as an outside application would be: this module
 * {@code requires} Spindle's modules and sees only what they export, so a missing export fails
 * a test here instead of a user's build. The tests themselves live in {@code src/test/java} and
 * are patched into this module by Surefire.
 */
module spindle.it {
    requires net.threadpool;
    requires net.reactor;
    requires net.protocols;
    // The SOCKS tests' HTTP destination (com.sun.net.httpserver).
    requires jdk.httpserver;
    // The metrics sample's test scrapes /metrics with the JDK's HTTP client.
    requires java.net.http;
    // Database access (the JDBC drivers are test-scope and found through java.sql.DriverManager).
    requires net.dbapi;
    // The observability tests record and read Spindle's spindle.* Flight Recorder events.
    requires jdk.jfr;
    requires static org.jspecify;
}
