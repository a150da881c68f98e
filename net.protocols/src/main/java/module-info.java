/**
 * Spindle's protocol helpers, the pieces most protocols are built from: framing (lines,
 * length-prefixed strings, netstrings), a reflection-free string state machine and a file
 * sender in {@code net.protocols.basic}; wrapping factories that limit, throttle, time out and
 * log connections in {@code net.protocols.policies}; TLS as a protocol layer, with its options,
 * key material, wrapping factories, {@code listenSSL}/{@code connectSSL}/{@code startTLS} and
 * {@code ssl:} endpoints, in {@code net.protocols.tls} (Twisted's {@code twisted.protocols.tls});
 * in-memory and loopback-socket connections of two protocols, for tests, in
 * {@code net.protocols.loopback}; the Asynchronous Messaging Protocol, wire-compatible with
 * Twisted's, in {@code net.protocols.amp}; a memcached client in {@code net.protocols.memcache};
 * a SOCKSv4/4a server in {@code net.protocols.socks}; an IRC client in {@code net.protocols.irc};
 * RFC 1413 ident in {@code net.protocols.ident}; and an HTTP/1.1 server with Twisted's resource
 * model and XML-RPC in {@code net.protocols.web}, with its client (Twisted's {@code Agent}) in
 * {@code net.protocols.web.client}.
 *
 * <p>Every parser here survives hostile input: whatever bytes arrive, the protocol either
 * delivers frames or closes the connection through
 * {@link net.reactor.Transport#loseConnection(Throwable)} with a documented exception as the
 * reason. Nothing is thrown out of {@code dataReceived} and nothing is buffered without bound.
 */
module net.protocols {
    // Protocol, Transport, Factory and (through net.reactor) Deferred appear in the API.
    requires transitive net.reactor;

    // TLS (net.protocols.tls): BouncyCastle's JSSE engine, its provider for the algorithms the
    // JDK lacks, and PEM/PKCS#12/certificate building. No BouncyCastle type appears in the API,
    // which speaks the JDK's JSSE and JCA types (SSLSession, X509Certificate, PrivateKey);
    // java.logging quiets BC's java.util.logging logger. Nothing loads a BouncyCastle class
    // until TLS is used.
    requires org.bouncycastle.tls;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.util;
    requires java.logging;
    // XML-RPC (net.protocols.web) falls back to the JDK's StAX parser (javax.xml.stream).
    requires java.xml;
    // JDK Flight Recorder: the spindle.TLSHandshake event, in an unexported package.
    requires jdk.jfr;

    // Optional: nullness annotations, compile time only.
    requires static org.jspecify;

    // API
    exports net.protocols.basic;
    exports net.protocols.policies;
    exports net.protocols.tls;
    exports net.protocols.loopback;
    exports net.protocols.amp;
    exports net.protocols.memcache;
    exports net.protocols.socks;
    exports net.protocols.irc;
    exports net.protocols.ident;
    exports net.protocols.ftp;
    exports net.protocols.web;
    exports net.protocols.web.client;

    // ssl: endpoint descriptions, through net.reactor's endpoint SPI.
    provides net.reactor.endpoints.ServerEndpointParser with net.protocols.internal.tls.SSLServerParser;
    provides net.reactor.endpoints.ClientEndpointParser with net.protocols.internal.tls.SSLClientParser;
}
