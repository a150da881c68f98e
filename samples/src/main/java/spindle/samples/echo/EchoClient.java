package spindle.samples.echo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.Trust;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.ConnectionDoneException;
import net.reactor.Connector;
import net.reactor.Protocol;
import net.reactor.Reactor;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;
import spindle.samples.support.UsageException;

/**
 * The echo client ({@code samples/run echo-client}): connects to an echo server, sends one
 * message, prints {@code Server said: ...} once the whole message has come back, and stops.
 * Twisted's example prints whatever its first {@code dataReceived} brings; TCP may split the
 * echo, so this one waits until every byte has returned.
 */
public final class EchoClient {
    private static final String USAGE = """
            usage: samples/run echo-client [--host HOST] [--port P] [--message TEXT] [--tls [--trust FILE]]
              --host HOST     the echo server's host (default 127.0.0.1)
              --port P        its port (default 8000)
              --message TEXT  what to send (default "hello, world!")
              --tls           speak TLS, verifying the server's certificate and host name
              --trust FILE    trust the certificates in this PEM file (e.g. the echo server's
                              self-signed one) instead of the system's authorities""";

    private EchoClient() {}

    /** Sends the message and collects the echo. */
    private static final class Client extends Protocol {
        private final byte[] message;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();

        Client(byte[] message) {
            this.message = message;
        }

        @Override
        public void connectionMade() {
            transport().write(message);
        }

        @Override
        public void dataReceived(byte[] data) {
            received.writeBytes(data);
            if (received.size() >= message.length) {
                System.out.println("Server said: " + received.toString(StandardCharsets.UTF_8));
                transport().loseConnection();
            }
        }

        boolean complete() {
            return received.size() >= message.length;
        }
    }

    /** Reports how the connection went and stops the reactor, as Twisted's EchoFactory does. */
    private static final class EchoFactory extends ClientFactory {
        private final Reactor reactor;
        private final byte[] message;
        private Client client = new Client(new byte[0]);
        private int status = 1;

        EchoFactory(Reactor reactor, byte[] message) {
            this.reactor = reactor;
            this.message = message;
        }

        @Override
        public Protocol buildProtocol(Address address) {
            client = new Client(message);
            return client;
        }

        @Override
        public void clientConnectionFailed(Connector connector, Throwable reason) {
            System.err.println("Connection failed - goodbye! (" + reason.getMessage() + ")");
            reactor.stop();
        }

        @Override
        public void clientConnectionLost(Connector connector, Throwable reason) {
            if (client.complete() && reason instanceof ConnectionDoneException) {
                status = 0;
                System.out.println("Connection lost - goodbye!");
            } else {
                System.err.println("Connection lost before the whole echo came back - goodbye! (" + reason + ")");
            }
            reactor.stop();
        }
    }

    /**
     * Runs the client.
     *
     * @param args the command-line options (see {@code --help})
     * @return 0 if the whole message came back, 1 otherwise
     * @throws UsageException if the options are not understood
     */
    public static int run(String[] args) {
        Options options = new Options(args);
        if (options.help()) {
            System.out.println(USAGE);
            return 0;
        }
        String host = options.value("--host", Programs.DEFAULT_INTERFACE);
        int port = options.port("--port", 8000);
        byte[] message = options.value("--message", "hello, world!").getBytes(StandardCharsets.UTF_8);
        boolean tls = options.flag("--tls");
        String trust = options.valueOrNull("--trust");
        options.finish();
        if (trust != null && !tls) {
            throw new UsageException("--trust needs --tls");
        }
        if (message.length == 0) {
            throw new UsageException("--message must not be empty");
        }

        Reactor reactor = Programs.reactor("echo-client");
        EchoFactory factory = new EchoFactory(reactor, message);
        if (tls) {
            TLSClientOptions tlsOptions = trust == null ? TLSClientOptions.defaults()
                    : TLSClientOptions.trusting(Trust.fromPem(Path.of(trust)));
            TLS.connectSSL(reactor, host, port, factory, tlsOptions);
        } else {
            reactor.connectTCP(host, port, factory);
        }
        reactor.run();
        return factory.status;
    }
}
