/**
 * Spindle's protocol helpers, the pieces most protocols are built from: framing (lines,
 * length-prefixed strings, netstrings), a reflection-free string state machine and a file
 * sender in {@code net.protocols.basic}; wrapping factories that limit, throttle, time out and
 * log connections in {@code net.protocols.policies}; in-memory and loopback-socket
 * connections of two protocols, for tests, in {@code net.protocols.loopback}; the Asynchronous
 * Messaging Protocol, wire-compatible with Twisted's, in {@code net.protocols.amp}; a memcached
 * client in {@code net.protocols.memcache}; a SOCKSv4/4a server in {@code net.protocols.socks};
 * an IRC client in {@code net.protocols.irc}; and RFC 1413 ident in {@code net.protocols.ident}.
 *
 * <p>Every parser here survives hostile input: whatever bytes arrive, the protocol either
 * delivers frames or closes the connection through
 * {@link net.reactor.Transport#loseConnection(Throwable)} with a documented exception as the
 * reason. Nothing is thrown out of {@code dataReceived} and nothing is buffered without bound.
 */
module net.protocols {
    // Protocol, Transport, Factory and (through net.reactor) Deferred appear in the API.
    requires transitive net.reactor;

    // Optional: nullness annotations, compile time only.
    requires static org.jspecify;

    // API
    exports net.protocols.basic;
    exports net.protocols.policies;
    exports net.protocols.loopback;
    exports net.protocols.amp;
    exports net.protocols.memcache;
    exports net.protocols.socks;
    exports net.protocols.irc;
    exports net.protocols.ident;
}
