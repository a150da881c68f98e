/**
 * Spindle's reactor: one platform thread runs a {@link java.nio.channels.Selector} loop, owns
 * every socket and timer, and delivers every protocol event; Deferreds carry results.
 *
 * <p>API packages: {@code net.reactor} (role interfaces, protocols, factories, transports,
 * addresses, errors), {@code net.reactor.task} (LoopingCall, deferLater),
 * {@code net.reactor.endpoints} (server and client endpoints, string descriptions, ClientService),
 * {@code net.reactor.tls} (TLS options, keys, certificates and the TLS transport, on
 * BouncyCastle's engine), {@code net.reactor.testing} (the fake Clock, StringTransport,
 * MemoryPipe and MemoryReactor for testing protocols without sockets) and
 * {@code net.reactor.blocking} (blocking
 * InputStream/OutputStream connections over transports, served and used from virtual threads).
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

    // TLS (net.reactor.tls): BouncyCastle's JSSE engine, its provider for the algorithms the
    // JDK lacks, and PEM/PKCS#12/certificate building. The JDK's JSSE and JCA types (SSLSession,
    // X509Certificate, PrivateKey) appear in the TLS API; java.logging quiets BC's JUL logger.
    requires org.bouncycastle.tls;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.util;
    requires java.logging;
    // sun.misc.Signal: SIGINT/SIGTERM stop the reactor while the JVM is still fully alive, so its
    // shutdown is logged (ReactorOptions.installSignalHandlers). Part of every JDK; a plain
    // requires so that modular applications resolve it too (it is used reflectively).
    requires jdk.unsupported;

    // API
    exports net.reactor;
    exports net.reactor.endpoints;
    exports net.reactor.task;
    exports net.reactor.testing;
    exports net.reactor.tls;
    exports net.reactor.blocking;

    // SPI: endpoint string parsers for other transports (ssl:, unix:, ...).
    uses net.reactor.endpoints.ServerEndpointParser;
    uses net.reactor.endpoints.ClientEndpointParser;
    // ssl: descriptions (net.reactor.tls endpoints).
    provides net.reactor.endpoints.ServerEndpointParser with net.reactor.internal.tls.SSLServerParser;
    provides net.reactor.endpoints.ClientEndpointParser with net.reactor.internal.tls.SSLClientParser;
}
