package bench.echo;

import java.nio.file.Path;
import net.protocols.tls.CertifiedKey;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSServerOptions;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;

/**
 * Spindle's TLS echo server: the reactor's {@code listenSSL} (BouncyCastle's engine on the JDK's
 * ciphers, Spindle's defaults otherwise) with the echo protocol, keyed from the same PKCS#12
 * store as Netty's TLS peer. The client offers only TLS 1.3 with AES-128-GCM, so both servers
 * negotiate the same suite.
 */
public final class SpindleTlsEchoServer {

    private SpindleTlsEchoServer() {}

    /**
     * Listens with TLS on 127.0.0.1, announces the port on standard output and echoes until killed.
     *
     * @param args the PKCS#12 key store, its password, then optionally the port
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: SpindleTlsEchoServer KEYSTORE.p12 PASSWORD [port]");
        }
        TLSServerOptions tls = TLSServerOptions.of(CertifiedKey.fromPkcs12(Path.of(args[0]), args[1].toCharArray()));
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Reactor reactor = Reactor.create(ReactorOptions.defaults().withName("tls-echo").withInstallSignalHandlers(true));
        ListeningPort listening = TLS.listenSSL(reactor, port, Factory.forProtocol(Echo::new), tls, ServerMain.BACKLOG,
                "127.0.0.1");
        ServerMain.announce(((IPv4Address) listening.getHost()).port());
        reactor.run();
    }

    /** Twisted's Echo: every byte received is written back. */
    private static final class Echo extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            transport().write(data);
        }
    }
}
