package net.protocols.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.protocols.web.client.Agent;
import net.protocols.web.client.HTTPStatusException;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link XMLRPCProxy} against Spindle's {@link XMLRPC} resource over loopback. */
class XMLRPCProxyTest {
    private RunningReactor running;
    private Reactor reactor;
    private ListeningPort listening;
    private Agent agent;
    private String base;

    @BeforeEach
    void start() throws Exception {
        running = RunningReactor.start(ReactorOptions.defaults().withName("xmlrpc-proxy-test"));
        reactor = running.reactor();
        Resource root = new Resource();
        root.putChild("RPC2", new XMLRPC(true)
                .register("add", p -> (Integer) p.get(0) + (Integer) p.get(1))
                .register("echo", p -> p.get(0))
                .register("later", p -> Deferred.succeed("later " + p.get(0)))
                .register("refuse", p -> {
                    throw new XMLRPCFault(42, "no <way>");
                }));
        root.putChild("auth", new Resource() {
            @Override
            protected Render renderPOST(Request request) {
                return Render.text("<?xml version='1.0'?><methodResponse><params><param><value><string>"
                        + request.getHeader("Authorization") + "</string></value></param></params></methodResponse>");
            }

            @Override
            public java.util.Set<String> allowedMethods() {
                return java.util.Set.of("POST");
            }
        });
        listening = running.call(() -> reactor.listenTCP(0, new Site(root, reactor), "127.0.0.1"));
        base = "http://127.0.0.1:" + ((IPv4Address) listening.getHost()).port();
        agent = running.call(() -> new Agent(reactor));
    }

    @AfterEach
    void stop() throws Exception {
        running.await(() -> agent.pool().closeCachedConnections());
        running.await(listening::stopListening);
        running.close();
    }

    private Outcome<Object> call(XMLRPCProxy proxy, String method, Object... args) throws Exception {
        return running.outcome(() -> proxy.callRemote(method, args));
    }

    private static Object value(Outcome<Object> o) {
        if (o instanceof Outcome.Failed<Object> f) {
            throw new AssertionError("failed", f.failure().value());
        }
        return ((Outcome.Success<Object>) o).value();
    }

    private static Throwable error(Outcome<Object> o) {
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        return ((Outcome.Failed<Object>) o).failure().value();
    }

    @Test
    void addsAndRoundTripsEveryType() throws Exception {
        XMLRPCProxy proxy = new XMLRPCProxy(base + "/RPC2", agent).withAllowNone(true);
        assertThat(value(call(proxy, "add", 1, 2))).isEqualTo(3);
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("int", -7);
        struct.put("bool", true);
        struct.put("string", "é <&> \u00fc");
        struct.put("double", 2.5);
        struct.put("date", LocalDateTime.of(2026, 12, 6, 23, 0, 1));
        struct.put("list", List.of(1, "two", List.of(false)));
        struct.put("nil", null);
        Object back = value(call(proxy, "echo", struct));
        assertThat(back).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) back;
        assertThat(m).containsExactlyEntriesOf(struct);
        assertThat((byte[]) value(call(proxy, "echo", (Object) "bytes\0\1".getBytes(UTF_8))))
                .isEqualTo("bytes\0\1".getBytes(UTF_8));
        assertThat(value(call(proxy, "later", "x"))).isEqualTo("later x");
    }

    @Test
    void faultsAndHttpErrors() throws Exception {
        XMLRPCProxy proxy = new XMLRPCProxy(base + "/RPC2", agent);
        assertThat(error(call(proxy, "refuse"))).isInstanceOfSatisfying(XMLRPCFault.class, f -> {
            assertThat(f.faultCode()).isEqualTo(42);
            assertThat(f.faultString()).isEqualTo("no <way>");
        });
        assertThat(error(call(proxy, "nonesuch"))).isInstanceOfSatisfying(XMLRPCFault.class,
                f -> assertThat(f.faultCode()).isEqualTo(XMLRPC.NOT_FOUND));
        assertThat(error(call(new XMLRPCProxy(base + "/nowhere", agent), "add", 1, 2)))
                .isInstanceOfSatisfying(HTTPStatusException.class, e -> assertThat(e.code()).isEqualTo(404));
        // the 404's body was drained: the connection is reused for the next call
        assertThat(value(call(proxy, "add", 2, 2))).isEqualTo(4);
        assertThat(running.call(() -> agent.pool().idleConnections())).isEqualTo(1);
    }

    @Test
    void userInformationBecomesBasicAuthentication() throws Exception {
        XMLRPCProxy proxy = new XMLRPCProxy(base.replace("http://", "http://al%20ice:s3cret@") + "/auth", agent);
        assertThat(proxy.toString()).doesNotContain("s3cret");
        assertThat(value(call(proxy, "whatever"))).isEqualTo("Basic "
                + java.util.Base64.getEncoder().encodeToString("al ice:s3cret".getBytes(UTF_8)));
    }
}
