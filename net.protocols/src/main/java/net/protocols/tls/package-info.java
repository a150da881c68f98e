/**
 * TLS as a protocol layer (Twisted's {@code twisted.protocols.tls}), on BouncyCastle's TLS
 * engine: {@link net.protocols.tls.TLS} ({@code listenSSL}, {@code connectSSL}, {@code startTLS}),
 * options ({@link net.protocols.tls.TLSServerOptions}, {@link net.protocols.tls.TLSClientOptions}),
 * keys and certificates ({@link net.protocols.tls.CertifiedKey},
 * {@link net.protocols.tls.ServerCertificates}, {@link net.protocols.tls.Trust},
 * {@link net.protocols.tls.SelfSignedCertificate}), the transport a protocol sees
 * ({@link net.protocols.tls.TLSTransport}), the reason a connection failed
 * ({@link net.protocols.tls.TLSException}), the wrapping factories and the {@code ssl:} endpoints.
 *
 * <p>Most code needs only {@link net.protocols.tls.TLS#listenSSL} and
 * {@link net.protocols.tls.TLS#connectSSL}:
 *
 * {@snippet :
 * // Server: a PEM key and certificate, as made by
 * //   openssl req -newkey rsa:2048 -nodes -keyout domain.key -x509 -out domain.crt
 * TLS.listenSSL(reactor, 8443, Factory.forProtocol(Echo::new),
 *         TLSServerOptions.fromPem(Path.of("domain.key"), Path.of("domain.crt")));
 *
 * // Client: the server's certificate is verified against the system's authorities and the host
 * // name, by default.
 * TLS.connectSSL(reactor, "example.com", 443, ClientFactory.forProtocol(Client::new),
 *         TLSClientOptions.defaults());
 * }
 *
 * <p>TLS is a {@link net.reactor.ProtocolLayer} between a transport and the protocol (as
 * Twisted's TLSMemoryBIOProtocol): {@link net.protocols.tls.TLSServerFactory} and
 * {@link net.protocols.tls.TLSClientFactory} put it under each new connection's protocol (also
 * over an in-memory transport in tests), and {@link net.protocols.tls.TLS#startTLS} inserts it in
 * the middle of a connection (STARTTLS) through the transport's layering hook,
 * {@link net.reactor.Transport#insertLayer}. The reactor itself knows nothing of TLS: a TCP-only
 * application loads no BouncyCastle class.
 *
 * <p>TLS 1.3 and 1.2 only, AES-GCM preferred, renegotiation refused, certificates and host names
 * verified by default. Handshake and close have timeouts, so a silent peer cannot hold a
 * connection forever.
 */
@NullMarked
package net.protocols.tls;

import org.jspecify.annotations.NullMarked;
