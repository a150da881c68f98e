package spindle.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import net.dbapi.ConnectionPool;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.DatagramProtocol;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.PeerCredentials;
import net.reactor.Reactor;
import net.reactor.UDPTransport;
import net.reactor.UNIXTransport;
import net.reactor.process.ProcessOutput;
import net.protocols.basic.LineReceiver;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.TLSServerOptions;
import net.protocols.tls.Trust;

/**
 * A small application as a new user writes it: a line server on loopback, over TLS with a
 * self-signed certificate, answers each name with a greeting read from H2 through the connection
 * pool; a client that trusts exactly that certificate asks once and the reactor stops. So the
 * check covers what an outside module needs from each library module, BouncyCastle's jars included.
 * Then the reactor's reach beyond TCP, from the same outside module: a UNIX socket (whose server
 * reads the client's credentials, so {@code jdk.net} must resolve), a UDP echo and a child
 * process through {@code getProcessOutput}.
 * Prints {@code consumer: OK <answer>} and exits 0 when everything worked, exits 1 otherwise.
 */
public final class Main {
    private Main() {}

    /** The server's protocol: one greeting per line received. */
    static final class GreetingServer extends LineReceiver {
        private final ConnectionPool db;

        GreetingServer(ConnectionPool db) { this.db = db; }

        @Override
        protected void lineReceived(byte[] line) {
            String name = new String(line, UTF_8);
            db.runQuery("SELECT text FROM greetings WHERE id = ?", 1)
                    .addCallback(rows -> {
                        sendLine((rows.get(0).getString("text") + ", " + name).getBytes(UTF_8));
                        return null;
                    })
                    .addErrback(failure -> {
                        transport().loseConnection(failure.value());
                        return null;
                    });
        }
    }

    /** The client's protocol: asks once, keeps the answer, hangs up. */
    static final class GreetingClient extends LineReceiver {
        private final AtomicReference<String> answer;

        GreetingClient(AtomicReference<String> answer) { this.answer = answer; }

        @Override
        public void connectionMade() { sendLine("consumer".getBytes(UTF_8)); }

        @Override
        protected void lineReceived(byte[] line) {
            answer.set(new String(line, UTF_8));
            transport().loseConnection();
        }
    }

    /**
     * Runs the check.
     *
     * @param args ignored
     * @throws Exception if the reactor cannot be set up
     */
    public static void main(String[] args) throws Exception {
        Reactor reactor = Reactor.create();
        ConnectionPool db = ConnectionPool.create(reactor, "jdbc:h2:mem:consumer;DB_CLOSE_DELAY=-1");
        AtomicReference<String> answer = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();

        SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost", "127.0.0.1");
        ListeningPort port = TLS.listenSSL(reactor, 0, Factory.forProtocol(() -> new GreetingServer(db)),
                TLSServerOptions.of(cert.key()), "127.0.0.1");
        int portNumber = ((IPv4Address) port.getHost()).port();

        reactor.callWhenRunning(() -> db
                .runOperation("CREATE TABLE greetings(id INT PRIMARY KEY, text VARCHAR(40))")
                .addCallbackDeferred(n -> db.runOperation("INSERT INTO greetings VALUES (?, ?)", 1, "hello"))
                .addCallback(n -> {
                    TLS.connectSSL(reactor, "127.0.0.1", portNumber, new ClientFactory() {
                        @Override
                        public net.reactor.Protocol buildProtocol(net.reactor.Address address) {
                            return new GreetingClient(answer);
                        }

                        @Override
                        public void clientConnectionLost(net.reactor.Connector connector, Throwable reason) {
                            db.close().addBoth(done -> { reactor.stop(); return null; });
                        }

                        @Override
                        public void clientConnectionFailed(net.reactor.Connector connector, Throwable reason) {
                            error.set(reason);
                            reactor.stop();
                        }
                    }, TLSClientOptions.trusting(Trust.certificates(cert.certificate())));
                    return null;
                })
                .addErrback(failure -> {
                    error.set(failure.value());
                    reactor.stop();
                    return null;
                }));
        reactor.callLater(java.time.Duration.ofSeconds(30), () -> {
            error.set(new IllegalStateException("no answer within 30 s"));
            reactor.stop();
        });
        reactor.run();

        if (error.get() != null || !"hello, consumer".equals(answer.get())) {
            System.out.println("consumer: FAILED answer=" + answer.get() + " error=" + error.get());
            System.exit(1);
        }
        List<String> reach = reach();
        if (!List.of("unix from " + System.getProperty("user.name"), "udp", "process").equals(reach)) {
            System.out.println("consumer: FAILED reach=" + reach);
            System.exit(1);
        }
        System.out.println("consumer: OK " + answer.get() + "; " + String.join(", ", reach));
    }

    /** Answers each line with the line and the connecting user's name (UNIX sockets only). */
    static final class WhoServer extends LineReceiver {
        @Override
        protected void lineReceived(byte[] line) {
            PeerCredentials who = ((UNIXTransport) transport()).getPeerCredentials();
            sendLine((new String(line, UTF_8) + " from " + (who == null ? "?" : who.user())).getBytes(UTF_8));
        }
    }

    /** Sends one line, records the answer, then runs {@code next}. */
    static final class AskOnce extends LineReceiver {
        private final List<String> seen;
        private final Runnable next;

        AskOnce(List<String> seen, Runnable next) { this.seen = seen; this.next = next; }

        @Override
        public void connectionMade() { sendLine("unix".getBytes(UTF_8)); }

        @Override
        protected void lineReceived(byte[] line) {
            seen.add(new String(line, UTF_8));
            transport().loseConnection();
            next.run();
        }
    }

    /** UNIX socket, UDP and a child process, one after the other, on a second reactor. */
    static List<String> reach() throws Exception {
        Reactor reactor = Reactor.create();
        List<String> seen = new CopyOnWriteArrayList<>();
        Path socket = Files.createTempDirectory("spindle-consumer").resolve("who.sock");
        reactor.listenUNIX(socket, Factory.forProtocol(WhoServer::new));
        UDPTransport echo = reactor.listenUDP(0, new DatagramProtocol() {
            @Override
            public void datagramReceived(byte[] data, Address from) { transport().write(data, from); }
        }, "127.0.0.1");
        Runnable process = () -> ProcessOutput.getProcessOutput(reactor, "/bin/echo", List.of("echo", "process"))
                .addCallback(out -> { seen.add(new String(out, UTF_8).strip()); return null; })
                .addBoth(x -> { reactor.stop(); return null; });
        Runnable udp = () -> reactor.listenUDP(0, new DatagramProtocol() {
            @Override
            public void startProtocol() { transport().write("udp".getBytes(UTF_8), echo.getHost()); }

            @Override
            public void datagramReceived(byte[] data, Address from) {
                seen.add(new String(data, UTF_8));
                transport().stopListening();
                process.run();
            }
        }, "127.0.0.1");
        reactor.callWhenRunning(() -> reactor.connectUNIX(socket, new ClientFactory() {
            @Override
            public net.reactor.Protocol buildProtocol(Address address) { return new AskOnce(seen, udp); }
        }));
        reactor.callLater(java.time.Duration.ofSeconds(30), reactor::stop);
        reactor.run();
        return seen;
    }
}
