package spindle.it.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import net.deferred.Outcome;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.TLSException;
import net.protocols.tls.Trust;
import net.protocols.web.client.Agent;
import net.protocols.web.client.AgentOptions;
import net.protocols.web.client.BodyProducer;
import net.protocols.web.client.Response;
import net.reactor.ReactorOptions;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spindle's {@link Agent} against Python's {@code http.server} (HTTP/1.1, threaded) over loopback,
 * and against the same server under Python's {@code ssl} (OpenSSL) with a self-signed
 * certificate: files intact, keep-alive reuse counted on the server's side, a chunked and a
 * close-delimited body, an upload, HEAD, 404, and TLS verification refusing the unknown
 * certificate by default and accepting it with a custom trust.
 */
class PythonHttpClientTest {
    @TempDir
    static Path dir;

    private static final byte[] BIG = new byte[3 * 1024 * 1024 + 7];
    private static RunningReactor running;
    private static PythonPeer http;
    private static PythonPeer https;
    private static SelfSignedCertificate certificate;

    @BeforeAll
    static void start() throws Exception {
        new SplittableRandom(17).nextBytes(BIG);
        Files.write(dir.resolve("big.bin"), BIG);
        Files.writeString(dir.resolve("hello.txt"), "hello from python\n");
        certificate = SelfSignedCertificate.generate("localhost", "127.0.0.1");
        Path key = dir.resolve("key.pem.txt");
        Path cert = dir.resolve("cert.pem.txt");
        certificate.write(key, cert);
        http = PythonPeer.start("http", dir.toString());
        https = PythonPeer.start("https", dir.toString(), cert.toString(), key.toString());
        running = RunningReactor.start(ReactorOptions.defaults().withName("python-http-it"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {running, http, https}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static byte[] get(Agent agent, String url) throws Exception {
        return running.await(() -> agent.request("GET", url).addCallbackDeferred(r -> {
            assertThat(r.code()).as(url).isEqualTo(200);
            return Agent.readBody(r, 16 << 20);
        }));
    }

    @Test
    void filesChunkedCloseDelimitedUploadHeadAnd404OverOneKeptAliveConnection() throws Exception {
        Agent agent = running.call(() -> new Agent(running.reactor()));
        String base = "http://127.0.0.1:" + http.port();
        long before = http.connections();
        assertThat(new String(get(agent, base + "/hello.txt"), UTF_8)).isEqualTo("hello from python\n");
        assertThat(get(agent, base + "/big.bin")).isEqualTo(BIG);
        assertThat(new String(get(agent, base + "/chunked"), UTF_8)).isEqualTo("alpha,beta,gamma");
        Response head = running.await(() -> agent.request("HEAD", base + "/big.bin"));
        assertThat(head.headers().get("Content-Length")).isEqualTo(String.valueOf(BIG.length));
        assertThat(running.await(() -> Agent.readBody(head, 0))).isEmpty();
        byte[] upload = new byte[1 << 20];
        new SplittableRandom(2).nextBytes(upload);
        byte[] echoed = running.await(() -> agent.request("POST", base + "/echo", null, BodyProducer.of(upload))
                .addCallbackDeferred(r -> Agent.readBody(r, 2 << 20)));
        assertThat(echoed).isEqualTo(upload);
        Response missing = running.await(() -> agent.request("GET", base + "/missing"));
        assertThat(missing.code()).isEqualTo(404);
        running.await(() -> Agent.readBody(missing, 1 << 16));
        assertThat(http.connections() - before).as("one connection for six requests (keep-alive)").isEqualTo(1);
        // Python closes after an error ("Connection: close"): the agent does not keep that one
        assertThat(missing.headers().get("Connection")).isEqualToIgnoringCase("close");
        assertThat(running.call(() -> agent.pool().idleConnections())).isZero();

        // HTTP/1.0 without a length: the body ends with the connection, which is not kept
        assertThat(new String(get(agent, base + "/close"), UTF_8)).isEqualTo("read until close");
        assertThat(running.call(() -> agent.pool().idleConnections())).isZero();
        assertThat(new String(get(agent, base + "/hello.txt"), UTF_8)).startsWith("hello");
        assertThat(http.connections() - before).isEqualTo(3);
        running.await(() -> agent.pool().closeCachedConnections());
    }

    @Test
    void httpsIsVerifiedByDefaultAndTrustedWithTheCustomAuthority() throws Exception {
        String url = "https://localhost:" + https.port() + "/big.bin";
        Agent strict = running.call(() -> new Agent(running.reactor()));
        Outcome<Response> refused = running.outcome(() -> strict.request("GET", url));
        assertThat(refused).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed<Response>) refused).failure().value()).isInstanceOf(TLSException.class);

        Agent trusting = running.call(() -> new Agent(running.reactor(), AgentOptions.defaults()
                .withTLS(TLSClientOptions.trusting(Trust.certificates(certificate.certificate())))));
        long before = https.connections();
        assertThat(get(trusting, url)).isEqualTo(BIG);
        assertThat(new String(get(trusting, "https://localhost:" + https.port() + "/hello.txt"), UTF_8))
                .isEqualTo("hello from python\n");
        assertThat(https.connections() - before).as("the TLS connection was kept alive").isEqualTo(1);
        assertThat(https.lines("ALPN ")).as("the agent offered ALPN http/1.1").isNotEmpty().allMatch("ALPN http/1.1"::equals);
        running.await(() -> trusting.pool().closeCachedConnections());
    }
}
