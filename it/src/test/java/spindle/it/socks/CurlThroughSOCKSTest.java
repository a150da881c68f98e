package spindle.it.socks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import net.protocols.socks.AccessPolicy;
import net.protocols.socks.AllowList;
import net.protocols.socks.SOCKSv4Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.ReactorOptions;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import spindle.it.support.PeerCommand;
import spindle.it.support.RequiredPeer;

/**
 * curl (Debian's) as the SOCKS client (SOCKS4, 4a and 5), through Spindle's SOCKS server, to the JDK's HTTP server
 * on loopback.
 */
class CurlThroughSOCKSTest {
    private static final byte[] BODY = new byte[4 * 1024 * 1024 + 17];
    private HttpServer http;
    private final AtomicInteger requests = new AtomicInteger();
    private RunningReactor running;

    @BeforeEach
    void start() throws Exception {
        requireCurl();
        new SplittableRandom(4).nextBytes(BODY);
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = exchange.getRequestURI().getPath().equals("/big") ? BODY
                    : "hello through socks\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        running = RunningReactor.start(ReactorOptions.defaults().withName("socks-it"));
    }

    @AfterEach
    void stop() throws Exception {
        if (running != null) {
            running.close();
        }
        if (http != null) {
            http.stop(0);
        }
    }

    private int listen(AccessPolicy policy) throws Exception {
        ListeningPort port = running.call(() ->
                running.reactor().listenTCP(0, new SOCKSv4Factory(running.reactor(), policy), "127.0.0.1"));
        return ((IPv4Address) port.getHost()).port();
    }

    @Test
    void socks4() throws Exception {
        int socks = listen(AllowList.of(List.of("127.0.0.1")));
        PeerCommand r = curl("--socks4", "127.0.0.1:" + socks, url("127.0.0.1", "/"));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.text()).isEqualTo("hello through socks\n");
    }

    @Test
    void socks4aResolvesLocalhostOnTheServerAndChecksTheAddress() throws Exception {
        int socks = listen(AllowList.of(List.of("127.0.0.1")));
        PeerCommand r = curl("--socks4a", "127.0.0.1:" + socks, url("localhost", "/"));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.text()).isEqualTo("hello through socks\n");
    }

    @Test
    void socks5WithAnAddressAndWithAHostNameResolvedByTheServer() throws Exception {
        int socks = listen(AllowList.of(List.of("127.0.0.1")));
        for (String option : List.of("--socks5", "--socks5-hostname")) {
            PeerCommand r = curl(option, "127.0.0.1:" + socks, url("localhost", "/"));
            assertThat(r.exit()).as(option + ": " + r.stderr()).isZero();
            assertThat(r.text()).isEqualTo("hello through socks\n");
        }
        PeerCommand refused = curl("--socks5-hostname", "127.0.0.1:" + listen(AllowList.of(List.of())), url("localhost", "/"));
        assertThat(refused.exit()).isNotZero();
        assertThat(requests).hasValue(2);
    }

    @Test
    void aLargeBodyArrivesIntact() throws Exception {
        int socks = listen(AllowList.of(List.of("127.0.0.0/8:" + http.getAddress().getPort())));
        PeerCommand r = curl("--socks4a", "127.0.0.1:" + socks, url("localhost", "/big"));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout().length).isEqualTo(BODY.length);
        assertThat(sha256(r.stdout())).isEqualTo(sha256(BODY));
    }

    @Test
    void refusedRequestsNeverReachTheDestination() throws Exception {
        int closed = listen(AllowList.of(List.of()));
        int otherPort = listen(AllowList.of(List.of("127.0.0.1:1")));
        for (PeerCommand r : List.of(
                curl("--socks4", "127.0.0.1:" + closed, url("127.0.0.1", "/")),
                curl("--socks4a", "127.0.0.1:" + closed, url("localhost", "/")),
                curl("--socks4", "127.0.0.1:" + otherPort, url("127.0.0.1", "/")))) {
            assertThat(r.exit()).as(r.stderr()).isNotZero();
        }
        assertThat(requests).hasValue(0);
    }

    private String url(String host, String path) {
        return "http://" + host + ":" + http.getAddress().getPort() + path;
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static PeerCommand curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--noproxy", "", "--max-time", "60"));
        command.addAll(List.of(args));
        return PeerCommand.run(command);
    }

    private static void requireCurl() {
        String problem = null;
        try {
            PeerCommand r = curl("--version");
            if (r.exit() != 0 || !r.text().contains("http")) {
                problem = "curl --version failed";
            }
        } catch (Exception e) {
            problem = "curl is not installed (" + e.getMessage() + ")";
        }
        if (problem != null) {
            throw RequiredPeer.missing(problem, "apt-get install curl");
        }
    }
}
