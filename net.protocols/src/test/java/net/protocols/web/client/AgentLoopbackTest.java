package net.protocols.web.client;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.TLSException;
import net.protocols.tls.TLSServerOptions;
import net.protocols.tls.Trust;
import net.protocols.web.Headers;
import net.protocols.web.Render;
import net.protocols.web.Request;
import net.protocols.web.Resource;
import net.protocols.web.Site;
import net.reactor.ConnectionRefusedException;
import net.reactor.Consumer;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import net.reactor.testing.RunningReactor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent against Spindle's own {@link Site} over real loopback sockets: keep-alive reuse, the
 * pool's limit, chunked bodies both ways, the body limit, redirects, cancellation reaching the
 * server, HTTPS with and without trust, and a close-delimited body from a raw server.
 */
class AgentLoopbackTest {
    private RunningReactor running;
    private Reactor reactor;
    private final List<ListeningPort> ports = new ArrayList<>();
    private final AtomicInteger cancelledOnServer = new AtomicInteger();
    private final AtomicInteger laterRequests = new AtomicInteger();
    private int port;
    private Agent agent;

    @BeforeEach
    void start() throws Exception {
        running = RunningReactor.start(ReactorOptions.defaults().withName("agent-test"));
        reactor = running.reactor();
        port = listen(new Site(tree(), reactor));
        agent = running.call(() -> new Agent(reactor));
    }

    @AfterEach
    void stop() throws Exception {
        running.await(() -> agent.pool().closeCachedConnections());
        for (ListeningPort p : ports) {
            running.await(p::stopListening);
        }
        running.close();
    }

    private int listen(Factory factory) throws Exception {
        ListeningPort p = running.call(() -> reactor.listenTCP(0, factory, "127.0.0.1"));
        ports.add(p);
        return ((IPv4Address) p.getHost()).port();
    }

    private Resource tree() {
        Resource root = new Resource();
        root.putChild("peer", leaf(r -> Render.text(String.valueOf(((IPv4Address) r.getClientAddress()).port()))));
        root.putChild("whoami", leaf(r -> Render.text(r.scheme())));
        root.putChild("slow", leaf(r -> {
            Deferred<byte[]> d = new Deferred<>();
            reactor.callLater(Duration.ofMillis(50), () -> d.callback(
                    String.valueOf(((IPv4Address) r.getClientAddress()).port()).getBytes(UTF_8)));
            return Render.later(d);
        }));
        root.putChild("later", leaf(r -> {
            laterRequests.incrementAndGet();
            return Render.later(new Deferred<>(d -> cancelledOnServer.incrementAndGet()));
        }));
        root.putChild("stream", leaf(r -> {
            r.write("one,".getBytes(UTF_8));
            reactor.callLater(Duration.ofMillis(5), () -> {
                r.write("two,".getBytes(UTF_8));
                reactor.callLater(Duration.ofMillis(5), () -> {
                    r.write("three".getBytes(UTF_8));
                    r.finish();
                });
            });
            return Render.NOT_DONE_YET;
        }));
        byte[] big = new byte[1 << 20];
        new SplittableRandom(3).nextBytes(big);
        root.putChild("big", leaf(r -> Render.bytes(big)));
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
        root.putChild("method", new Resource() {
            @Override
            protected Render renderGET(Request request) {
                return Render.text(request.method());
            }

            @Override
            protected Render renderPOST(Request request) {
                request.setResponseCode(request.arg("code") == null ? 303 : Integer.parseInt(request.arg("code")));
                request.setHeader("Location", "/method");
                return Render.text("see other");
            }

            @Override
            public Set<String> allowedMethods() {
                return Set.of("GET", "HEAD", "POST");
            }
        });
        root.putChild("r1", redirect(302, "/r2"));
        root.putChild("r2", redirect(301, "http://127.0.0.1:" + "PORT" + "/peer"));
        root.putChild("loop", redirect(307, "/loop"));
        return root;
    }

    private Resource redirect(int code, String location) {
        return leaf(r -> {
            r.setResponseCode(code);
            r.setHeader("Location", location.replace("PORT", String.valueOf(port)));
            return Render.text("moved");
        });
    }

    private interface Body {
        Render render(Request request);
    }

    private static Resource leaf(Body body) {
        return new Resource() {
            @Override
            protected Render renderGET(Request request) {
                return body.render(request);
            }

            @Override
            public Set<String> allowedMethods() {
                return Set.of("GET", "HEAD");
            }
        };
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private String get(HTTPClient client, String url) throws Exception {
        return running.await(() -> client.request("GET", url)
                .addCallbackDeferred(r -> Agent.readBody(r, 1 << 24))
                .addCallback(b -> new String(b, UTF_8)));
    }

    @Test
    void keepAliveReusesOneConnection() throws Exception {
        String first = get(agent, url("/peer"));
        assertThat(get(agent, url("/peer"))).isEqualTo(first);
        assertThat(get(agent, url("/peer"))).isEqualTo(first);
        assertThat(running.call(() -> agent.pool().idleConnections())).isEqualTo(1);
    }

    @Test
    void concurrentRequestsUseSeparateConnectionsAndThePoolKeepsItsLimit() throws Exception {
        running.call(() -> agent.pool().setMaxPersistentPerHost(2));
        List<String> peers = running.await(() -> Deferred.gatherResults(List.of(
                agent.request("GET", url("/slow")).addCallbackDeferred(r -> Agent.readBody(r, 100)),
                agent.request("GET", url("/slow")).addCallbackDeferred(r -> Agent.readBody(r, 100)),
                agent.request("GET", url("/slow")).addCallbackDeferred(r -> Agent.readBody(r, 100)))))
                .stream().map(b -> new String(b, UTF_8)).toList();
        assertThat(Set.copyOf(peers)).hasSize(3);
        assertThat(running.call(() -> agent.pool().idleConnections())).isEqualTo(2);
        assertThat(peers).contains(get(agent, url("/peer")));
    }

    @Test
    void chunkedResponseIsReassembled() throws Exception {
        Response r = running.await(() -> agent.request("GET", url("/stream")));
        assertThat(r.length()).isEqualTo(BodyProducer.UNKNOWN_LENGTH);
        assertThat(r.headers().get("Transfer-Encoding")).isEqualToIgnoringCase("chunked");
        assertThat(new String(running.await(() -> Agent.readBody(r, 100)), UTF_8)).isEqualTo("one,two,three");
    }

    @Test
    void chunkedUploadFromAProducerOfUnknownLength() throws Exception {
        byte[] payload = new byte[300_000];
        new SplittableRandom(5).nextBytes(payload);
        BodyProducer producer = new BodyProducer() {
            @Override
            public long length() {
                return UNKNOWN_LENGTH;
            }

            @Override
            public Deferred<@Nullable Void> startProducing(Consumer consumer) {
                Deferred<@Nullable Void> done = new Deferred<>();
                int[] at = {0};
                Runnable[] step = {null};
                step[0] = () -> {
                    int n = Math.min(7_000, payload.length - at[0]);
                    consumer.write(java.util.Arrays.copyOfRange(payload, at[0], at[0] + n));
                    at[0] += n;
                    if (at[0] < payload.length) {
                        reactor.callLater(Duration.ZERO, step[0]);
                    } else {
                        done.callback(null);
                    }
                };
                step[0].run();
                return done;
            }
        };
        byte[] echoed = running.await(() -> agent.request("POST", url("/echo"), null, producer)
                .addCallbackDeferred(r -> Agent.readBody(r, 1 << 20)));
        assertThat(echoed).isEqualTo(payload);
        byte[] again = running.await(() -> agent.request("POST", url("/echo"), null, BodyProducer.of(payload))
                .addCallbackDeferred(r -> Agent.readBody(r, 1 << 20)));
        assertThat(again).isEqualTo(payload);
    }

    @Test
    void bodyLimitFailsAndTheNextRequestStillWorks() throws Exception {
        Outcome<byte[]> o = running.outcome(() -> agent.request("GET", url("/big"))
                .addCallbackDeferred(r -> Agent.readBody(r, 1000)));
        assertThat(((Outcome.Failed<byte[]>) o).failure().value()).isInstanceOf(BodyTooLargeException.class);
        byte[] big = running.await(() -> agent.request("GET", url("/big"))
                .addCallbackDeferred(r -> Agent.readBody(r, 1 << 20)));
        assertThat(big).hasSize(1 << 20);
    }

    @Test
    void cancellingAPendingRequestClosesTheConnectionTheServerSeesIt() throws Exception {
        CompletableFuture<Outcome<Response>> result = new CompletableFuture<>();
        Deferred<?>[] request = {null};
        running.call(() -> {
            Deferred<Response> d = agent.request("GET", url("/later"));
            request[0] = d;
            d.addBoth(o -> result.complete(o));
            return null;
        });
        awaitCondition(() -> laterRequests.get() == 1);
        running.call(() -> {
            request[0].cancel();
            return null;
        });
        Outcome<Response> o = result.get(30, TimeUnit.SECONDS);
        assertThat(((Outcome.Failed<Response>) o).failure().value()).isInstanceOf(net.deferred.CancelledException.class);
        awaitCondition(() -> cancelledOnServer.get() == 1); // the server's Render.later was cancelled: it saw the close
        assertThat(running.call(() -> agent.pool().idleConnections())).isZero();
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void redirectsAreFollowedWithTheirRules() throws Exception {
        RedirectAgent redirecting = new RedirectAgent(agent);
        Response r = running.await(() -> redirecting.request("GET", url("/r1")));
        assertThat(r.code()).isEqualTo(200);
        String peerOfR1Chain = new String(running.await(() -> Agent.readBody(r, 100)), UTF_8);
        assertThat(get(agent, url("/peer"))).as("the same connection served both hops and this").isEqualTo(peerOfR1Chain);
        assertThat(r.previousResponse().code()).isEqualTo(301);
        assertThat(r.previousResponse().previousResponse().code()).isEqualTo(302);

        // 303 after a POST: GET, without the body
        assertThat(new String(running.await(() -> redirecting.request("POST", url("/method"), null,
                BodyProducer.of(new byte[] {1, 2})).addCallbackDeferred(x -> Agent.readBody(x, 100))), UTF_8))
                .isEqualTo("GET");
        // 307 after a POST with a body: not followed, returned as it is
        Response temporary = running.await(() -> redirecting.request("POST", url("/method?code=307"), null,
                BodyProducer.of(new byte[] {1})));
        assertThat(temporary.code()).isEqualTo(307);
        running.await(() -> Agent.readBody(temporary, 100));

        Outcome<Response> loop = running.outcome(() -> new RedirectAgent(agent, 3).request("GET", url("/loop")));
        assertThat(((Outcome.Failed<Response>) loop).failure().value()).isInstanceOf(TooManyRedirectsException.class)
                .hasMessageContaining("more than 3");
        // each redirect's body was drained before following it: one connection served every hop
        assertThat(running.call(() -> agent.pool().idleConnections())).isEqualTo(1);
    }

    @Test
    void httpsVerifiesTheServerByDefaultAndTrustsACustomAuthority() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate("localhost", "127.0.0.1");
        ListeningPort tls = running.call(() -> TLS.listenSSL(reactor, 0, new Site(tree(), reactor),
                TLSServerOptions.of(certificate.key()).withApplicationProtocols("http/1.1"), "127.0.0.1"));
        ports.add(tls);
        int tlsPort = ((IPv4Address) tls.getHost()).port();
        String url = "https://localhost:" + tlsPort + "/whoami";

        Outcome<Response> untrusted = running.outcome(() -> agent.request("GET", url));
        assertThat(((Outcome.Failed<Response>) untrusted).failure().value()).isInstanceOf(TLSException.class);

        Agent trusting = running.call(() -> new Agent(reactor,
                AgentOptions.defaults().withTLS(TLSClientOptions.trusting(Trust.certificates(certificate.certificate())))));
        assertThat(get(trusting, url)).isEqualTo("https");
        assertThat(get(trusting, url)).isEqualTo("https");
        assertThat(running.call(() -> trusting.pool().idleConnections())).as("one kept-alive TLS connection").isEqualTo(1);
        assertThat(get(trusting, "https://127.0.0.1:" + tlsPort + "/whoami")).isEqualTo("https"); // an IP SAN

        SelfSignedCertificate other = SelfSignedCertificate.generate("other.example");
        ListeningPort wrongName = running.call(() -> TLS.listenSSL(reactor, 0, new Site(tree(), reactor),
                TLSServerOptions.of(other.key()), "127.0.0.1"));
        ports.add(wrongName);
        Agent trustsOther = running.call(() -> new Agent(reactor,
                AgentOptions.defaults().withTLS(TLSClientOptions.trusting(Trust.certificates(other.certificate())))));
        Outcome<Response> mismatch = running.outcome(() -> trustsOther.request("GET",
                "https://localhost:" + ((IPv4Address) wrongName.getHost()).port() + "/whoami"));
        assertThat(((Outcome.Failed<Response>) mismatch).failure().value()).isInstanceOf(TLSException.class);
        running.await(() -> trusting.pool().closeCachedConnections());
    }

    @Test
    void refusedConnection() throws Exception {
        int closed = listen(net.reactor.ServerFactory.forProtocol(() -> new Protocol() {}));
        running.await(ports.removeLast()::stopListening);
        Outcome<Response> o = running.outcome(() -> agent.request("GET", "http://127.0.0.1:" + closed + "/"));
        assertThat(((Outcome.Failed<Response>) o).failure().value()).isInstanceOf(ConnectionRefusedException.class);
    }

    @Test
    void bodyDelimitedByTheCloseFromARawServer() throws Exception {
        int raw = listen(net.reactor.ServerFactory.forProtocol(() -> new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                transport().write("HTTP/1.0 200 OK\r\nServer: raw\r\n\r\nuntil the end".getBytes(ISO_8859_1));
                transport().loseConnection();
            }
        }));
        assertThat(get(agent, "http://127.0.0.1:" + raw + "/")).isEqualTo("until the end");
        assertThat(running.call(() -> agent.pool().idleConnections())).isZero();
    }

    @Test
    void aMalformedResponseFromARawServerFailsClearly() throws Exception {
        int raw = listen(net.reactor.ServerFactory.forProtocol(() -> new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                transport().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n"
                        .getBytes(ISO_8859_1));
            }
        }));
        Outcome<Response> o = running.outcome(() -> agent.request("GET", "http://127.0.0.1:" + raw + "/"));
        assertThat(((Outcome.Failed<Response>) o).failure().value()).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("both Content-Length and Transfer-Encoding");
    }

    @Test
    void aRequestOffTheReactorThreadIsRefused() throws Exception {
        Headers h = new Headers();
        h.add("Cookie", "a=1");
        assertThatThrownBy(() -> agent.request("GET", url("/peer"), h, null)).isInstanceOf(WrongThreadException.class);
    }
}
