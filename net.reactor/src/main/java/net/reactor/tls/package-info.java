/**
 * TLS for Spindle's transports, on BouncyCastle's TLS engine: options
 * ({@link net.reactor.tls.TLSServerOptions}, {@link net.reactor.tls.TLSClientOptions}), keys and
 * certificates ({@link net.reactor.tls.CertifiedKey}, {@link net.reactor.tls.ServerCertificates},
 * {@link net.reactor.tls.Trust}, {@link net.reactor.tls.SelfSignedCertificate}), the transport a
 * protocol sees ({@link net.reactor.tls.TLSTransport}) and the reason a connection failed
 * ({@link net.reactor.tls.TLSException}).
 *
 * <p>Most code needs only {@link net.reactor.ReactorSSL#listenSSL} and
 * {@link net.reactor.ReactorSSL#connectSSL}:
 *
 * {@snippet :
 * // Server: a PEM key and certificate, as made by
 * //   openssl req -newkey rsa:2048 -nodes -keyout domain.key -x509 -out domain.crt
 * reactor.listenSSL(8443, Factory.forProtocol(Echo::new),
 *         TLSServerOptions.fromPem(Path.of("domain.key"), Path.of("domain.crt")));
 *
 * // Client: the server's certificate is verified against the system's authorities and the host
 * // name, by default.
 * reactor.connectSSL("example.com", 443, ClientFactory.forProtocol(Client::new),
 *         TLSClientOptions.defaults());
 * }
 *
 * <p>TLS is a layer between a transport and the protocol (as Twisted's TLSMemoryBIOProtocol), so
 * it also runs over an in-memory transport in tests ({@link net.reactor.tls.TLSServerFactory},
 * {@link net.reactor.tls.TLSClientFactory}), and can start in the middle of a TCP connection
 * (STARTTLS) with {@link net.reactor.TCPTransport#startTLS}.
 *
 * <p>TLS 1.3 and 1.2 only, AES-GCM preferred, renegotiation refused, certificates and host names
 * verified by default. Handshake and close have timeouts, so a silent peer cannot hold a
 * connection forever.
 */
@NullMarked
package net.reactor.tls;

import org.jspecify.annotations.NullMarked;
