package spindle.it.ident;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.protocols.ident.IdentClient;
import net.protocols.ident.IdentError;
import net.protocols.ident.IdentErrorException;
import net.protocols.ident.IdentServer;
import net.protocols.ident.IdentUserId;
import net.protocols.ident.ProcNetTCPLookup;
import net.reactor.ClientFactory;
import net.reactor.ListeningPort;
import net.reactor.ReactorOptions;
import net.reactor.ServerFactory;
import net.reactor.IPv4Address;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import spindle.it.support.RequiredPeer;

/**
 * Spindle's ident client against a real oidentd (Debian's {@code oidentd}, started by .ci/run on
 * 127.0.0.1:113, or {@code SPINDLE_IDENT_PORT}), and against Spindle's own server over loopback.
 */
class IdentInteropTest {
    private static final int OIDENTD_PORT = RequiredPeer.port("SPINDLE_IDENT_PORT", 113);

    private RunningReactor running;

    @BeforeEach
    void start() {
        running = RunningReactor.start(ReactorOptions.defaults().withName("ident-it"));
    }

    @AfterEach
    void stop() throws Exception {
        running.close();
    }

    /** Connects a fresh IdentClient to 127.0.0.1:{@code port} and asks one question. */
    private Outcome<IdentUserId> ask(int port, int serverPort, int clientPort) throws Exception {
        CompletableFuture<Outcome<IdentUserId>> result = new CompletableFuture<>();
        running.run(() -> {
            IdentClient client = new IdentClient() {
                @Override
                public void connectionMade() {
                    super.connectionMade();
                    Deferred<IdentUserId> answer = lookup(serverPort, clientPort);
                    answer.addBoth(outcome -> {
                        result.complete(outcome);
                        transport().loseConnection();
                        return null;
                    });
                }
            };
            running.reactor().connectTCP("127.0.0.1", port, ClientFactory.forProtocol(() -> client));
        });
        return result.get(30, TimeUnit.SECONDS);
    }

    @Test
    void oidentdNamesTheOwnerOfOurConnection() throws Exception {
        RequiredPeer.requireListening("oidentd", OIDENTD_PORT, "apt-get install -y oidentd; oidentd -a 127.0.0.1 -p 113");
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            try (Socket ours = new Socket("127.0.0.1", listener.getLocalPort()); Socket accepted = listener.accept()) {
                // The connection, seen from oidentd's host (this one): our port, the listener's port.
                Outcome<IdentUserId> found = ask(OIDENTD_PORT, ours.getLocalPort(), listener.getLocalPort());
                assertThat(found).isInstanceOfSatisfying(Outcome.Success.class, s -> {
                    IdentUserId user = (IdentUserId) s.value();
                    assertThat(user.userId()).isEqualTo(System.getProperty("user.name"));
                    assertThat(user.operatingSystem()).isNotBlank();
                });
            }
        }
    }

    @Test
    void oidentdRefusesAConnectionThatDoesNotExist() throws Exception {
        RequiredPeer.requireListening("oidentd", OIDENTD_PORT, "apt-get install -y oidentd; oidentd -a 127.0.0.1 -p 113");
        int unused;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            unused = s.getLocalPort();
        }
        Outcome<IdentUserId> found = ask(OIDENTD_PORT, unused, 1);
        assertThat(found).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.failure().value())
                .isInstanceOfSatisfying(IdentErrorException.class, e -> assertThat(e.error()).isIn(IdentError.NO_USER, IdentError.INVALID_PORT)));
    }

    @Test
    void spindleClientAndServerOverLoopback() throws Exception {
        ListeningPort port = running.call(() -> running.reactor().listenTCP(0, ServerFactory.forProtocol(
                () -> new IdentServer(running.reactor(), (query, host, peer) -> query.serverPort() == 4242
                        ? new IdentUserId("UNIX", "alice@" + ((IPv4Address) peer).host())
                        : failHidden())), "127.0.0.1"));
        int p = ((IPv4Address) running.call(port::getHost)).port();
        assertThat(ask(p, 4242, 80)).isEqualTo(new Outcome.Success<>(new IdentUserId("UNIX", "alice@127.0.0.1")));
        assertThat(ask(p, 4243, 80)).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.failure().value())
                .isInstanceOfSatisfying(IdentErrorException.class, e -> assertThat(e.error()).isEqualTo(IdentError.HIDDEN_USER)));
        running.await(port::stopListening);
    }

    @Test
    void spindleServerWithProcNetTCPLookupNamesTheOwner() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/net/tcp")),
                "needs Linux's /proc/net/tcp");
        ListeningPort port = running.call(() -> running.reactor().listenTCP(0, ServerFactory.forProtocol(
                () -> new IdentServer(running.reactor(), new ProcNetTCPLookup())), "127.0.0.1"));
        int p = ((IPv4Address) running.call(port::getHost)).port();
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            try (Socket ours = new Socket("127.0.0.1", listener.getLocalPort()); Socket accepted = listener.accept()) {
                assertThat(ask(p, ours.getLocalPort(), listener.getLocalPort()))
                        .isEqualTo(new Outcome.Success<>(new IdentUserId("UNIX", System.getProperty("user.name"))));
            }
        }
        running.await(port::stopListening);
    }

    private static IdentUserId failHidden() {
        throw new IdentErrorException(IdentError.HIDDEN_USER);
    }
}
