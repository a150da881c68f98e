package spindle.it.web;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.protocols.web.HTTPServerOptions;
import net.protocols.web.Render;
import net.protocols.web.Request;
import net.protocols.web.Resource;
import net.protocols.web.Site;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.ReactorOptions;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A hostile-request conformance pass over real sockets: each attempt is answered with its status
 * <em>and</em> the server closes the connection where it must (the test reads to end of stream),
 * and after each one another client is still served. The site uses short timeouts (1 s for a
 * head, 2 s idle) and a 64 KiB body limit so slow attacks finish quickly.
 */
class HostileRequestsTest {
    private static RunningReactor running;
    private static int strictPort;
    private static int lenientPort;

    @BeforeAll
    static void start() throws Exception {
        running = RunningReactor.start(ReactorOptions.defaults().withName("web-hostile-it"));
        Resource root = new Resource();
        root.putChild("hello", new Resource() {
            @Override
            protected Render renderGET(Request request) {
                request.setHeader("Content-Type", "text/plain");
                return Render.text("hello\n");
            }

            @Override
            public Set<String> allowedMethods() {
                return Set.of("GET", "HEAD");
            }
        });
        root.putChild("echo", new Resource() {
            @Override
            protected Render renderPOST(Request request) {
                return Render.bytes(request.content());
            }

            @Override
            public Set<String> allowedMethods() {
                return Set.of("POST");
            }
        });
        HTTPServerOptions strict = HTTPServerOptions.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withMaxBodySize(64 * 1024);
        strictPort = listen(new Site(root, running.reactor(), strict));
        lenientPort = listen(new Site(root, running.reactor(), strict.withLenience(true, true)));
    }

    private static int listen(Site site) throws Exception {
        ListeningPort p = running.call(() -> running.reactor().listenTCP(0, site, 50, "127.0.0.1"));
        return ((IPv4Address) p.getHost()).port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (running != null) {
            running.close();
        }
    }

    /** Whatever else happened, a well-behaved client is answered right after. */
    @AfterEach
    void anotherClientIsStillServed() throws Exception {
        assertThat(exchange(strictPort, get("/hello", "Connection: close\r\n"))).startsWith("HTTP/1.1 200 OK\r\n")
                .endsWith("hello\n");
    }

    private static String get(String path, String fields) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n";
    }

    /** Sends the bytes, then reads until the server closes; fails if it has not closed within 15 s. */
    private static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(ISO_8859_1));
            out.flush();
            return readToClose(s.getInputStream());
        }
    }

    private static String readToClose(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                got.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close; it sent: " + got.toString(ISO_8859_1), e);
        }
        return got.toString(ISO_8859_1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            CL and TE (smuggling)          | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 5\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\nGET /hello HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 400
            two Content-Lengths            | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 3\\r\\nContent-Length: 3\\r\\n\\r\\nabc | 400
            Content-Length list            | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 3, 3\\r\\n\\r\\nabc | 400
            TE not ending in chunked       | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked, identity\\r\\n\\r\\n | 400
            bad chunk size                 | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\nabc\\r\\n0\\r\\n\\r\\n | 400
            negative chunk size            | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n-1\\r\\nabc\\r\\n | 400
            chunk data overrun             | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n2\\r\\nabc\\r\\n0\\r\\n\\r\\n | 400
            bare LF (strict)               | GET /hello HTTP/1.1\\nHost: x\\n\\n | 400
            obs-fold (strict)              | GET /hello HTTP/1.1\\r\\nHost: x\\r\\nX-A: a\\r\\n b\\r\\n\\r\\n | 400
            NUL in a header value          | GET /hello HTTP/1.1\\r\\nHost: x\\r\\nX-A: a\\u0000b\\r\\n\\r\\n | 400
            space before the colon         | GET /hello HTTP/1.1\\r\\nHost : x\\r\\n\\r\\n | 400
            no Host                        | GET /hello HTTP/1.1\\r\\n\\r\\n | 400
            two Hosts                      | GET /hello HTTP/1.1\\r\\nHost: x\\r\\nHost: y\\r\\n\\r\\n | 400
            HTTP/2.0 request line          | GET /hello HTTP/2.0\\r\\nHost: x\\r\\n\\r\\n | 505
            garbage request line           | \\u0016\\u0003\\u0001 hello\\r\\n\\r\\n | 400
            declared body over the limit   | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 70000\\r\\n\\r\\n | 413
            unknown expectation            | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 1\\r\\nExpect: magic\\r\\n\\r\\na | 417
            """)
    void refusesAndCloses(String name, String request, int status) throws Exception {
        String text = request.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0000", "\0")
                .replace("\\u0016", "\u0016").replace("\\u0003", "\u0003").replace("\\u0001", "\u0001");
        String answer = exchange(strictPort, text);
        assertThat(answer).as(name).startsWith("HTTP/1.1 " + status + " ").contains("Connection: close\r\n")
                .doesNotContain("hello\n");
    }

    @Test
    void refusesAnOversizeRequestLineHeaderLineAndHeaderCount() throws Exception {
        assertThat(exchange(strictPort, get("/" + "a".repeat(9000), ""))).startsWith("HTTP/1.1 414 ");
        assertThat(exchange(strictPort, get("/hello", "X-Big: " + "b".repeat(17_000) + "\r\n")))
                .startsWith("HTTP/1.1 431 ");
        assertThat(exchange(strictPort, get("/hello", "X-N: n\r\n".repeat(101)))).startsWith("HTTP/1.1 431 ");
    }

    @Test
    void refusesAChunkedBodyGrowingPastTheLimitAsItArrives() throws Exception {
        String chunk = Integer.toHexString(40_000) + "\r\n" + "c".repeat(40_000) + "\r\n";
        String answer = exchange(strictPort, "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk + chunk + "0\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 413 ");
    }

    /**
     * The client sends a refused body without looking, and reads only later: the lingering close
     * drains those bytes, so the client reads the 413. Closing at once with the body unread makes
     * the kernel send a reset, which discards the answer before the client reads it (this test
     * fails with {@code withLingeringClose(Duration.ZERO, 0)}: the second write meets the reset, "Broken pipe").
     */
    @Test
    void aClientStillSendingARefusedBodyReadsThe413() throws Exception {
        try (Socket s = new Socket("127.0.0.1", strictPort)) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            byte[] head = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 110000\r\n\r\n".getBytes(ISO_8859_1);
            byte[] all = java.util.Arrays.copyOf(head, head.length + 100_000);
            out.write(all);
            out.flush();
            Thread.sleep(300); // the server has answered and closed (or is lingering) by now
            out.write(new byte[10_000]); // more of the body, still not looking
            out.flush();
            Thread.sleep(200);
            String answer = readToClose(s.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413 ");
        }
    }

    @Test
    void closesASlowlorisTricklingItsHead() throws Exception {
        try (Socket s = new Socket("127.0.0.1", strictPort)) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            long start = System.nanoTime();
            CompletableFuture<Void> trickling = CompletableFuture.runAsync(() -> {
                try {
                    for (byte b : "GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(ISO_8859_1)) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(100);
                    }
                    while (true) {
                        out.write('z');
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException ignored) {
                    // closed by the server: expected
                }
            });
            // Meanwhile, another client is served.
            assertThat(exchange(strictPort, get("/hello", "Connection: close\r\n"))).startsWith("HTTP/1.1 200 ");
            String answer = readToClose(s.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 408 ");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(14));
            trickling.get(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void acceptsBareLFAndObsFoldWhenLenient() throws Exception {
        assertThat(exchange(lenientPort, "GET /hello HTTP/1.1\nHost: x\nConnection: close\n\n"))
                .startsWith("HTTP/1.1 200 ").endsWith("hello\n");
        assertThat(exchange(lenientPort, "GET /hello HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ");
    }

    @Test
    void answersPipelinedRequestsInOrderHeadWithoutBodyAndClosesOnConnectionClose() throws Exception {
        String answer = exchange(strictPort, get("/hello", "") + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n"
                + "echo" + "HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n" + get("/hello", "Connection: close\r\n")
                + get("/hello", "")); // after the close: never answered
        String[] responses = answer.split("(?=HTTP/1\\.1 )");
        assertThat(responses).hasSize(4);
        assertThat(responses[0]).startsWith("HTTP/1.1 200 ").endsWith("hello\n");
        assertThat(responses[1]).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\necho");
        assertThat(responses[2]).startsWith("HTTP/1.1 200 ").contains("Content-Length: 6\r\n").endsWith("\r\n\r\n");
        assertThat(responses[3]).startsWith("HTTP/1.1 200 ").contains("Connection: close\r\n").endsWith("hello\n");
    }

    @Test
    void closesAnIdleConnectionSilently() throws Exception {
        try (Socket s = new Socket("127.0.0.1", strictPort)) {
            s.setSoTimeout(15_000);
            assertThat(readToClose(s.getInputStream())).isEmpty();
        }
    }
}
