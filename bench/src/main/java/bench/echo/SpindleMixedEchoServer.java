package bench.echo;

import java.nio.file.Path;
import java.util.List;
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
 * One reactor serving a plain echo port and a TLS echo port, for the TLS handshake latency run
 * ({@code bench/run --tls-latency}): new TLS clients handshake on the same loop that answers the
 * established plain connections. With {@code --inline-handshakes} the TLS layer runs its
 * handshakes on the reactor thread (the old behaviour); by default it hands the expensive steps
 * to its workers.
 *
 * <p>Prints {@code TLS-LISTENING port} and then {@code LISTENING port} (the plain port, which the
 * driver's server process waits for).
 */
public final class SpindleMixedEchoServer {

    private SpindleMixedEchoServer() {}

    /**
     * Listens on two ports of 127.0.0.1 and echoes until killed.
     *
     * @param args the PKCS#12 key store, its password, then optionally {@code --inline-handshakes}
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: SpindleMixedEchoServer KEYSTORE.p12 PASSWORD [--inline-handshakes]");
        }
        boolean inline = List.of(args).subList(2, args.length).contains("--inline-handshakes");
        TLSServerOptions tls = TLSServerOptions.of(CertifiedKey.fromPkcs12(Path.of(args[0]), args[1].toCharArray()))
                .withInlineHandshakes(inline);
        Reactor reactor = Reactor.create(ReactorOptions.defaults().withName("mixed-echo").withInstallSignalHandlers(true));
        ListeningPort secure = TLS.listenSSL(reactor, 0, Factory.forProtocol(Echo::new), tls, ServerMain.BACKLOG,
                "127.0.0.1");
        ListeningPort plain = reactor.listenTCP(0, Factory.forProtocol(Echo::new), ServerMain.BACKLOG, "127.0.0.1");
        System.out.println("TLS-LISTENING " + ((IPv4Address) secure.getHost()).port()
                + (inline ? " inline-handshakes" : " off-loop-handshakes"));
        ServerMain.announce(((IPv4Address) plain.getHost()).port());
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
