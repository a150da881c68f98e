/**
 * Spindle's reactor: one platform thread runs a {@link java.nio.channels.Selector} loop, owns
 * every socket and timer, and delivers every protocol event; Deferreds carry results.
 *
 * <p>API packages: {@code net.reactor} (role interfaces, protocols, factories, transports,
 * addresses, errors), {@code net.reactor.task} (LoopingCall, deferLater),
 * {@code net.reactor.endpoints} (server and client endpoints, string descriptions, ClientService),
 * {@code net.reactor.testing} (the fake Clock, StringTransport, MemoryPipe and MemoryReactor
 * for testing protocols without sockets) and {@code net.reactor.blocking} (blocking InputStream/OutputStream
 * connections over transports, served and used from virtual threads).
 *
 * <p>TLS is not here: it is a protocol layer ({@code net.protocols.tls}) that goes in between a
 * connection and its protocol through the neutral hook every transport has,
 * {@link net.reactor.Transport#insertLayer} and {@link net.reactor.ProtocolLayer}. So this module
 * needs the JDK and JCTools only, and a TCP-only application loads no BouncyCastle.
 */
module net.reactor {
    // Deferred appears throughout the API.
    requires transitive net.deferred;
    // The reactor is a LoopExecutor of the blocking façade (Blocking, TaskScope) and owns its pool.
    requires transitive net.threadpool;
    // callFromThread's lock-free MPSC queue (atomic variants only: no sun.misc.Unsafe).
    requires org.jctools.core;

    // Optional: nullness annotations, compile time only.
    requires static org.jspecify;

    // sun.misc.Signal: SIGINT/SIGTERM stop the reactor while the JVM is still fully alive, so its
    // shutdown is logged (ReactorOptions.installSignalHandlers). Part of every JDK; a plain
    // requires so that modular applications resolve it too (it is used reflectively).
    requires jdk.unsupported;

    // jdk.net.ExtendedSocketOptions.SO_PEERCRED: a UNIX socket's peer credentials
    // (UNIXTransport.getPeerCredentials), the one reliable way for a local server to know who
    // connected. A small module of every JDK image; not transitive, since no API type comes from it.
    requires jdk.net;

    // JDK Flight Recorder events (spindle.ReactorTurn, spindle.Stall, spindle.Connection*, ...):
    // part of every full JDK image, no third-party code; the event classes are in an unexported
    // package and cost a static field read while no recording is on.
    requires jdk.jfr;

    // API
    exports net.reactor;
    exports net.reactor.endpoints;
    exports net.reactor.task;
    exports net.reactor.testing;
    exports net.reactor.blocking;
    exports net.reactor.process;

    // SPI: endpoint string parsers for other transports (ssl: comes from net.protocols, unix:, ...).
    uses net.reactor.endpoints.ServerEndpointParser;
    uses net.reactor.endpoints.ClientEndpointParser;
}
