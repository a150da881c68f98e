package bench.echo;

/**
 * Spindle's TLS echo server: the reactor's {@code listenSSL} (BouncyCastle's engine on the JDK's
 * ciphers) with the echo protocol, keyed from the same PKCS#12 store as Netty's TLS peer.
 *
 * <p>Not yet: TLS (h/tls, net.reactor.tls and {@code ReactorSSL.listenSSL}) has not landed on
 * this branch. Until it does, the server says so and the driver reports the TLS rows as
 * "not yet"; the workloads, the Netty peer and the load generator's TLS client are ready.
 */
public final class SpindleTlsEchoServer {

    private SpindleTlsEchoServer() {}

    /**
     * Would listen with TLS on 127.0.0.1 and echo; for now announces that TLS is missing.
     *
     * @param args the PKCS#12 key store, its password, then optionally the port
     */
    public static void main(String[] args) {
        System.out.println("NOT_YET TLS has not landed on this branch (h/tls: net.reactor.tls, listenSSL)");
    }
}
