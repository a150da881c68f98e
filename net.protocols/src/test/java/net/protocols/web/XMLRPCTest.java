package net.protocols.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.deferred.Deferred;
import net.reactor.testing.Clock;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The XML-RPC resource and codec: the adder, every type, faults, and hostile XML. */
class XMLRPCTest {
    private final List<Deferred<Object>> pending = new ArrayList<>();
    private final XMLRPC rpc = new XMLRPC(true)
            .register("add", p -> (Integer) p.get(0) + (Integer) p.get(1))
            .register("echo", p -> p.getFirst())
            .register("fails", p -> {
                throw new IllegalStateException("secret detail");
            })
            .register("faults", p -> {
                throw new XMLRPCFault(42, "the answer");
            })
            .register("later", p -> {
                Deferred<Object> d = new Deferred<>();
                pending.add(d);
                return d;
            })
            .register("unencodable", p -> new Object());

    /** POSTs a body to the resource, answering the raw HTTP response. */
    private String post(String body) {
        StringTransport t = new StringTransport();
        t.connect(new Site(rpc, new Clock()).buildProtocol(StringTransport.DEFAULT_PEER));
        byte[] b = body.getBytes(UTF_8);
        t.protocol().dataReceived(("POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: "
                + b.length + "\r\n\r\n").getBytes(UTF_8));
        t.protocol().dataReceived(b);
        return t.valueAsString(UTF_8);
    }

    private static String call(String method, String params) {
        return "<?xml version='1.0'?>\n<methodCall>\n<methodName>" + method + "</methodName>\n<params>\n" + params
                + "</params>\n</methodCall>\n";
    }

    private static Object result(String httpResponse) throws XMLRPCFault {
        assertThat(httpResponse).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: text/xml");
        String body = httpResponse.substring(httpResponse.indexOf("\r\n\r\n") + 4);
        return XMLRPCCodec.parseResponse(body.getBytes(UTF_8), true);
    }

    private static XMLRPCFault fault(String httpResponse) {
        return catchThrowableOfType(XMLRPCFault.class, () -> result(httpResponse));
    }

    @Test
    void addsAsPythonsClientAsks() throws Exception {
        // The bytes Python's xmlrpc.client sends for add(1, 2).
        String python = call("add", "<param>\n<value><int>1</int></value>\n</param>\n"
                + "<param>\n<value><int>2</int></value>\n</param>\n");
        assertThat(result(post(python))).isEqualTo(3);
        // ... and at any path below, the resource being a leaf.
        assertThat(post(python)).contains("<int>3</int>");
    }

    @Test
    void roundTripsEveryType() throws Exception {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("int", 7);
        struct.put("negative", -2147483648);
        struct.put("bool", true);
        struct.put("string", "a < b & c > d\r\n\ttab 'é€😀'");
        struct.put("empty", "");
        struct.put("double", 0.1);
        struct.put("big double", 1.5e300);
        struct.put("when", LocalDateTime.of(2026, 12, 6, 20, 0, 1));
        struct.put("nil", null);
        struct.put("array", Arrays.asList(1, "two", List.of(3.0), Map.of()));
        Object back = XMLRPCCodec.parseResponse(XMLRPCCodec.encodeResponse(struct, true), true);
        assertThat(back).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) back;
        assertThat(m).containsExactlyEntriesOf(struct);

        byte[] bytes = {0, 1, 2, (byte) 0xFF};
        assertThat((byte[]) XMLRPCCodec.parseResponse(XMLRPCCodec.encodeResponse(bytes, false), false)).isEqualTo(bytes);
        assertThat(result(post(call("echo", "<param><value><base64>AAEC/w==\n</base64></value></param>"))))
                .isEqualTo(bytes);
    }

    @Test
    void readsEveryWireFormOfTheTypes() throws Exception {
        assertThat(result(post(call("echo", "<param><value>untyped</value></param>")))).isEqualTo("untyped");
        assertThat(result(post(call("echo", "<param><value><i4>-5</i4></value></param>")))).isEqualTo(-5);
        assertThat(result(post(call("echo", "<param><value><boolean>0</boolean></value></param>")))).isEqualTo(false);
        assertThat(result(post(call("echo", "<param><value><double>-1.5E3</double></value></param>")))).isEqualTo(-1500.0);
        assertThat(result(post(call("echo",
                "<param><value><dateTime.iso8601>20261206T20:00:00</dateTime.iso8601></value></param>"))))
                .isEqualTo(LocalDateTime.of(2026, 12, 6, 20, 0));
        assertThat(result(post(call("echo", "<param><value><string><![CDATA[<x>]]></string></value></param>"))))
                .isEqualTo("<x>");
        assertThat(result(post(call("echo", "<param><value><nil/></value></param>")))).isNull();
    }

    @Test
    void answersFaultsNotHTTPErrors() {
        assertThat(fault(post(call("nope", ""))).faultCode()).isEqualTo(XMLRPC.NOT_FOUND);
        XMLRPCFault f = fault(post(call("fails", "")));
        assertThat(f.faultCode()).isEqualTo(XMLRPC.FAILURE);
        assertThat(f.faultString()).isEqualTo("error").doesNotContain("secret");
        assertThat(fault(post(call("faults", ""))).faultCode()).isEqualTo(42);
        assertThat(fault(post(call("add", "<param><value><string>1</string></value></param>"))).faultCode())
                .isEqualTo(XMLRPC.FAILURE);
        assertThat(fault(post(call("unencodable", ""))).faultCode()).isEqualTo(XMLRPC.FAILURE);
        for (String bad : List.of("not xml", "<methodCall/>", "<other/>",
                call("echo", "<param><value><int>99999999999</int></value></param>"),
                call("echo", "<param><value><int>1e3</int></value></param>"),
                call("echo", "<param><value><double>NaN</double></value></param>"),
                call("echo", "<param><value><boolean>2</boolean></value></param>"),
                call("echo", "<param><value><unknown/></value></param>"),
                call("echo", "<param><value><dateTime.iso8601>yesterday</dateTime.iso8601></value></param>"),
                call("echo", "<param><value><struct><member><name>a</name></member></struct></value></param>"))) {
            assertThat(fault(post(bad)).faultCode()).as(bad).isEqualTo(XMLRPC.FAILURE);
        }
    }

    @Test
    void refusesNilUnlessAllowed() {
        XMLRPC strict = new XMLRPC().register("echo", p -> p.getFirst());
        assertThatIllegalArgumentException().isThrownBy(() -> XMLRPCCodec.encodeResponse(null, false));
        StringTransport t = new StringTransport();
        t.connect(new Site(strict, new Clock()).buildProtocol(StringTransport.DEFAULT_PEER));
        byte[] b = call("echo", "<param><value><nil/></value></param>").getBytes(UTF_8);
        t.protocol().dataReceived(("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + b.length + "\r\n\r\n")
                .getBytes(UTF_8));
        t.protocol().dataReceived(b);
        assertThat(fault(t.valueAsString(UTF_8)).faultCode()).isEqualTo(XMLRPC.FAILURE);
    }

    @Test
    void answersADeferredResultWhenItFires() throws Exception {
        StringTransport t = new StringTransport();
        t.connect(new Site(rpc, new Clock()).buildProtocol(StringTransport.DEFAULT_PEER));
        byte[] b = call("later", "").getBytes(UTF_8);
        t.protocol().dataReceived(("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + b.length + "\r\n\r\n")
                .getBytes(UTF_8));
        t.protocol().dataReceived(b);
        assertThat(t.valueAsString(UTF_8)).isEmpty();
        pending.getFirst().callback(List.of("done"));
        assertThat(result(t.valueAsString(UTF_8))).isEqualTo(List.of("done"));
    }

    @Test
    void refusesExternalEntities(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE methodCall [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + call("echo", "<param><value><string>&xxe;</string></value></param>").substring(22);
        String answer = post(xxe);
        assertThat(answer).doesNotContain("TOP-SECRET");
        XMLRPCFault f = fault(answer);
        assertThat(f.faultCode()).isEqualTo(XMLRPC.FAILURE);
        assertThat(f.faultString()).contains("DOCTYPE");
    }

    @Test
    void refusesEntityExpansion() {
        StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            laughs.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        laughs.append("]>\n<methodCall><methodName>echo</methodName><params><param><value><string>&lol9;"
                + "</string></value></param></params></methodCall>");
        String answer = post(laughs.toString());
        assertThat(answer.length()).isLessThan(2000);
        assertThat(fault(answer).faultString()).contains("DOCTYPE");
    }

    @Test
    void refusesDeepNesting() {
        String deep = "<value><array><data>".repeat(200) + "</data></array></value>".repeat(200);
        // The JDK's parser stops at 100 elements deep (jdk.xml.maxElementDepth under secure
        // processing); the codec's own limit of 64 values is the second line.
        assertThat(fault(post(call("echo", "<param>" + deep + "</param>"))).faultString()).contains("depth");
        assertThatIllegalArgumentException().isThrownBy(() -> {
            Object v = 1;
            for (int i = 0; i < 100; i++) {
                v = List.of(v);
            }
            XMLRPCCodec.encodeResponse(v, false);
        }).withMessageContaining("nested");
    }

    @Test
    void answersOnlyPosts() {
        StringTransport t = new StringTransport();
        t.connect(new Site(rpc, new Clock()).buildProtocol(StringTransport.DEFAULT_PEER));
        t.protocol().dataReceived("GET /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(UTF_8));
        assertThat(t.valueAsString(UTF_8)).startsWith("HTTP/1.1 405 ").contains("Allow: POST\r\n");
    }

    @Test
    void encodesCallsAndRefusesWhatXMLCannotCarry() throws Exception {
        XMLRPCCodec.Call c = XMLRPCCodec.parseCall(XMLRPCCodec.encodeCall("math.add", List.of(1, 2), false), false);
        assertThat(c).isEqualTo(new XMLRPCCodec.Call("math.add", List.of(1, 2)));
        assertThatIllegalArgumentException().isThrownBy(() -> XMLRPCCodec.encodeResponse("nul\0", false));
        assertThatIllegalArgumentException().isThrownBy(() -> XMLRPCCodec.encodeResponse(1L << 40, false));
        assertThatIllegalArgumentException().isThrownBy(() -> XMLRPCCodec.encodeResponse(Double.NaN, false));
        assertThatIllegalArgumentException().isThrownBy(() -> XMLRPCCodec.encodeResponse(Map.of(1, 2), false));
        assertThat(new String(XMLRPCCodec.encodeFault(1, "bad\0char"), UTF_8)).contains("bad?char");
    }
}
