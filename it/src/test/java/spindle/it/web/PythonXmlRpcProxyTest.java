package spindle.it.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.deferred.Outcome;
import net.protocols.web.XMLRPCFault;
import net.protocols.web.XMLRPCProxy;
import net.protocols.web.client.Agent;
import net.protocols.web.client.HTTPStatusException;
import net.reactor.ReactorOptions;
import net.reactor.testing.RunningReactor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spindle's {@link XMLRPCProxy} against Python's {@code xmlrpc.server.SimpleXMLRPCServer}
 * ({@code allow_none}, {@code use_builtin_types}): every XML-RPC type goes there and back and
 * arrives in Python as the right type, a Python {@code Fault} arrives as an {@link XMLRPCFault},
 * an unknown method as Python's fault, and a wrong path as an HTTP 404.
 */
class PythonXmlRpcProxyTest {
    private static RunningReactor running;
    private static PythonPeer peer;
    private static Agent agent;
    private static XMLRPCProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        peer = PythonPeer.start("xmlrpc");
        running = RunningReactor.start(ReactorOptions.defaults().withName("python-xmlrpc-it"));
        agent = running.call(() -> new Agent(running.reactor()));
        proxy = new XMLRPCProxy("http://127.0.0.1:" + peer.port() + "/RPC2", agent).withAllowNone(true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (running != null) {
            running.await(() -> agent.pool().closeCachedConnections());
            running.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    private static @Nullable Object call(String method, @Nullable Object... args) throws Exception {
        return running.await(() -> proxy.callRemote(method, args));
    }

    @Test
    void addsAndEchoesEveryType() throws Exception {
        assertThat(call("add", 1, 2)).isEqualTo(3);
        assertThat(call("add", 0.5, 2.25)).isEqualTo(2.75);
        assertThat(call("add", "spin", "dle")).isEqualTo("spindle");
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("int", Integer.MIN_VALUE);
        struct.put("true", true);
        struct.put("text", "<&> ü € \t");
        struct.put("double", -1.5e300);
        struct.put("when", LocalDateTime.of(2026, 12, 6, 23, 59, 58));
        struct.put("bytes", "x\0y".getBytes(UTF_8));
        struct.put("list", List.of(1, List.of("nested"), Map.of("k", false)));
        struct.put("nil", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) call("echo", struct);
        assertThat(back.keySet()).containsExactlyInAnyOrderElementsOf(struct.keySet());
        for (Map.Entry<String, Object> e : struct.entrySet()) {
            if (e.getValue() instanceof byte[] b) {
                assertThat((byte[]) back.get(e.getKey())).isEqualTo(b);
            } else {
                assertThat(back.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
        assertThat(call("typeof", 7)).isEqualTo("int");
        assertThat(call("typeof", true)).isEqualTo("bool");
        assertThat(call("typeof", "s")).isEqualTo("str");
        assertThat(call("typeof", 1.0)).isEqualTo("float");
        assertThat(call("typeof", LocalDateTime.of(2000, 1, 1, 0, 0))).isEqualTo("datetime");
        assertThat(call("typeof", (Object) new byte[] {1})).isEqualTo("bytes");
        assertThat(call("typeof", Map.of("a", 1))).isEqualTo("dict");
        assertThat(call("typeof", List.of(1))).isEqualTo("list");
        assertThat(call("typeof", (Object) null)).isEqualTo("NoneType");
    }

    @Test
    void faultsAndHttpErrors() throws Exception {
        Outcome<Object> fault = running.outcome(() -> proxy.callRemote("fault", 7, "seven"));
        assertThat(((Outcome.Failed<Object>) fault).failure().value()).isInstanceOfSatisfying(XMLRPCFault.class, f -> {
            assertThat(f.faultCode()).isEqualTo(7);
            assertThat(f.faultString()).isEqualTo("seven");
        });
        Outcome<Object> unknown = running.outcome(() -> proxy.callRemote("nonesuch"));
        assertThat(((Outcome.Failed<Object>) unknown).failure().value()).isInstanceOf(XMLRPCFault.class)
                .hasMessageContaining("nonesuch");
        XMLRPCProxy wrongPath = new XMLRPCProxy("http://127.0.0.1:" + peer.port() + "/elsewhere", agent);
        Outcome<Object> notFound = running.outcome(() -> wrongPath.callRemote("add", 1, 2));
        assertThat(((Outcome.Failed<Object>) notFound).failure().value())
                .isInstanceOfSatisfying(HTTPStatusException.class, e -> assertThat(e.code()).isEqualTo(404));
    }
}
