package net.protocols.web;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The streaming XML-RPC parser against the DOM parser it replaced ({@link DomXMLRPCReference},
 * the reference model): on generated documents — every type, in every wire form, with blanks,
 * comments, CDATA, references, line ends, declarations and byte-order marks — and on random
 * mutations of them, the fast path ({@link XMLRPCCodec#parseCall}), the StAX fallback alone and
 * the DOM reader agree: equal values (and value types), or all three refuse with the same fault
 * code. Random Java values read back as themselves after the encoder. Plus the hostile cases:
 * DOCTYPEs, entities, and nesting past both depth limits.
 */
class XMLRPCParserFuzzTest {
    private static final String[] TEXT_PIECES = {"a", "Z", "0", " ", "  ", "\t", "\n", "\r\n", "\r", "&amp;", "&lt;",
        "&gt;", "&quot;", "&apos;", "&#233;", "&#x1F600;", "&#13;", "é", "€", "😀", ">", "]", "]]", "'", "\"",
        "<![CDATA[x<y&z]]>", "<![CDATA[]]>", "<!--note-->", "<!---->", "text", "12"};
    private static final String[] MUTATIONS = {"<", ">", "&", "&amp;", "&#0;", "&#x41;", "&#65;", "&bogus;", "]]>",
        "<!--x-->", "<!-- -- -->", "<![CDATA[a]]>", "<?pi x?>", "<!DOCTYPE x>", " a='1'", "\r", "\r\n", "é",
        "\uFFFE", "\0", "\u0001", "</value>", "<value>", "<int>", "</int>", "<string>", "<nil/>", "x:",
        "<?xml version='1.0'?>", "\uFEFF", "<value/>", "<struct>", "<member>", "<name>", "<array><data>", "/", "=",
        " ", "\u00A0", "\u2003", "<i8>", "99999999999", "+", "-", "1e3", "NaN"};

    /** The outcome of one parse, comparable across parsers. */
    private static String outcome(Parser p, byte[] xml) {
        try {
            return "value " + normal(p.parse(xml));
        } catch (XMLRPCFault f) {
            // A refusal's wording may differ between parsers; a fault response's may not.
            String s = f.faultString();
            return "fault " + f.faultCode() + (s.startsWith("Can't deserialize input: ") ? "" : " " + s);
        }
    }

    interface Parser {
        @Nullable Object parse(byte[] xml) throws XMLRPCFault;
    }

    private static final List<Parser> CALL_PARSERS = List.of(x -> DomXMLRPCReference.parseCall(x, true),
            x -> XMLRPCCodec.parseCall(x, true), x -> XMLRPCCodec.parseCallWithStAX(x, true));
    private static final List<Parser> RESPONSE_PARSERS = List.of(x -> DomXMLRPCReference.parseResponse(x, true),
            x -> XMLRPCCodec.parseResponse(x, true), x -> XMLRPCCodec.parseResponseWithStAX(x, true).value());
    private static final List<Parser> NO_NIL_PARSERS = List.of(x -> DomXMLRPCReference.parseCall(x, false),
            x -> XMLRPCCodec.parseCall(x, false));

    /** Every value with its Java type, byte arrays by content. */
    private static String normal(@Nullable Object v) {
        return switch (v) {
            case null -> "null";
            case byte[] b -> "bytes " + HexFormat.of().formatHex(b);
            case Map<?, ?> m -> {
                List<String> entries = new ArrayList<>();
                m.forEach((k, x) -> entries.add(k + "=" + normal(x)));
                yield "struct" + entries;
            }
            case List<?> l -> "array" + l.stream().map(XMLRPCParserFuzzTest::normal).toList();
            case XMLRPCCodec.Call c -> "call " + c.methodName() + " " + normal(c.params());
            default -> v.getClass().getSimpleName() + " " + v;
        };
    }

    /** Asserts all parsers agree on {@code xml}; answers the agreed outcome. */
    private static String agreed(List<Parser> parsers, byte[] xml) {
        String reference = outcome(parsers.getFirst(), xml);
        for (Parser p : parsers.subList(1, parsers.size())) {
            assertThat(outcome(p, xml)).as("%s", new String(xml, UTF_8)).isEqualTo(reference);
        }
        return reference;
    }

    @Test
    void agreesWithTheDomReaderOnGeneratedDocuments() {
        Random random = new Random(18);
        int accepted = 0;
        for (int i = 0; i < 3000; i++) {
            Generator g = new Generator(random);
            boolean call = random.nextBoolean();
            byte[] doc = g.document(call);
            String o = agreed(call ? CALL_PARSERS : RESPONSE_PARSERS, doc);
            if (o.startsWith("value")) {
                accepted++;
            }
            agreed(NO_NIL_PARSERS, doc);
        }
        // The generator writes valid documents (bar the odd deep one and a few declared
        // encodings), so nearly all are read: a broken generator cannot pass silently.
        assertThat(accepted).isGreaterThan(2500);
    }

    @Test
    void agreesWithTheDomReaderOnMutatedDocuments() {
        Random random = new Random(1818);
        int refused = 0;
        for (int i = 0; i < 4000; i++) {
            Generator g = new Generator(random);
            boolean call = random.nextBoolean();
            String doc = new String(g.document(call), UTF_8);
            StringBuilder b = new StringBuilder(doc);
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                int at = random.nextInt(b.length() + 1);
                switch (random.nextInt(4)) {
                    case 0 -> b.insert(at, MUTATIONS[random.nextInt(MUTATIONS.length)]);
                    case 1 -> b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(8)));
                    case 2 -> {
                        int from = random.nextInt(b.length());
                        b.insert(at, b.substring(from, Math.min(b.length(), from + 1 + random.nextInt(20))));
                    }
                    default -> {
                        if (at < b.length()) {
                            b.setCharAt(at, (char) (' ' + random.nextInt(95)));
                        }
                    }
                }
            }
            if (agreed(call ? CALL_PARSERS : RESPONSE_PARSERS, b.toString().getBytes(UTF_8)).startsWith("fault")) {
                refused++;
            }
        }
        assertThat(refused).isGreaterThan(1000);
    }

    @Test
    void readsBackWhatTheEncoderWrites() throws Exception {
        Random random = new Random(4242);
        for (int i = 0; i < 2000; i++) {
            Object v = javaValue(random, 0);
            byte[] response = XMLRPCCodec.encodeResponse(v, true);
            assertThat(normal(XMLRPCCodec.parseResponse(response, true))).isEqualTo(normal(v));
            assertThat(agreed(RESPONSE_PARSERS, response)).isEqualTo("value " + normal(v));
            List<@Nullable Object> params = new ArrayList<>();
            params.add(v);
            params.add(i);
            byte[] call = XMLRPCCodec.encodeCall("m" + i, params, true);
            assertThat(agreed(CALL_PARSERS, call)).isEqualTo("value " + normal(new XMLRPCCodec.Call("m" + i, params)));
        }
        assertThat(agreed(RESPONSE_PARSERS, XMLRPCCodec.encodeFault(7, "no <way> & \r\n\0 😀")))
                .isEqualTo("fault 7 no <way> & \r\n? 😀");
    }

    /** A random value of every type the codec reads back as itself (Integer, not Short, ...). */
    private static @Nullable Object javaValue(Random random, int depth) {
        return switch (random.nextInt(depth < 3 ? 11 : 9)) {
            case 0 -> random.nextInt();
            case 1 -> random.nextBoolean();
            case 2 -> {
                StringBuilder b = new StringBuilder();
                for (int n = random.nextInt(12); n > 0; n--) {
                    b.append(List.of("a", " ", "\t", "\n", "\r", "\r\n", "<", ">", "&", "]]>", "é", "😀", "'", "\"")
                            .get(random.nextInt(14)));
                }
                yield b.toString();
            }
            case 3 -> random.nextInt(3) == 0 ? random.nextDouble() * 1e12 : (double) random.nextInt(1000) / 8;
            case 4 -> java.time.LocalDateTime.of(1900 + random.nextInt(200), 1 + random.nextInt(12),
                    1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60));
            case 5 -> {
                byte[] b = new byte[random.nextInt(40)];
                random.nextBytes(b);
                yield b;
            }
            case 6 -> null;
            case 7 -> "";
            case 8 -> -random.nextInt(10);
            case 9 -> {
                Map<String, @Nullable Object> m = new java.util.LinkedHashMap<>();
                for (int n = random.nextInt(4); n > 0; n--) {
                    m.put("k" + random.nextInt(6) + (random.nextBoolean() ? "&<é" : ""), javaValue(random, depth + 1));
                }
                yield m;
            }
            default -> {
                List<@Nullable Object> l = new ArrayList<>();
                for (int n = random.nextInt(4); n > 0; n--) {
                    l.add(javaValue(random, depth + 1));
                }
                yield l;
            }
        };
    }

    @FuzzTest(maxDuration = "5m")
    void agreesWithTheDomReaderOnAnyBytes(FuzzedDataProvider data) {
        boolean call = data.consumeBoolean();
        agreed(call ? CALL_PARSERS : RESPONSE_PARSERS, data.consumeRemainingAsBytes());
    }

    @Test
    void takesTheFastPathForWhatClientsSend() throws Exception {
        // Python's xmlrpc.client's layout, and this codec's own output: read without the fallback.
        byte[] python = ("<?xml version='1.0'?>\n<methodCall>\n<methodName>add</methodName>\n<params>\n<param>\n"
                + "<value><int>1</int></value>\n</param>\n</params>\n</methodCall>\n").getBytes(UTF_8);
        byte[] ours = XMLRPCCodec.encodeResponse(Map.of("k", List.of(1, "é<&>\r\n", 2.5, new byte[] {1, 2})), true);
        for (byte[] doc : List.of(python, ours)) {
            XMLRPCTokenizer t = XMLRPCTokenizer.of(doc);
            assertThat(t).isNotNull();
            assertThat(t.root()).isIn("methodCall", "methodResponse");
            int depth = 1;
            while (depth > 0) {
                int e = t.next();
                depth += e == XMLRPCCodec.XMLEvents.START ? 1 : e == XMLRPCCodec.XMLEvents.END ? -1 : 0;
            }
            t.end(); // no Unsupported anywhere
        }
    }

    @Test
    void refusesDoctypesEntitiesAndDepthAsTheDomReaderDid() {
        String body = "<methodCall><methodName>m</methodName><params><param><value>%s</value></param></params>"
                + "</methodCall>";
        List<String> hostile = List.of(
                "<!DOCTYPE methodCall>" + body.formatted("x"),
                "<!DOCTYPE methodCall [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + body.formatted("&x;"),
                "<!DOCTYPE methodCall [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>" + body.formatted("&b;"),
                "<?xml version='1.0'?>\n<!DOCTYPE methodCall PUBLIC \"-//x//y\" \"http://127.0.0.1:1/x.dtd\">"
                        + body.formatted("x"),
                body.formatted("&undeclared;"),
                body.formatted("<string>&#0;</string>"),
                body.formatted("<string>\0</string>"),
                body.formatted("<array><data>" + "<value><array><data>".repeat(40) + "</data></array></value>".repeat(40)
                        + "</data></array>"),
                "<methodCall><methodName>m</methodName>" + "<x>".repeat(150) + "</x>".repeat(150) + "</methodCall>");
        for (String h : hostile) {
            assertThat(agreed(CALL_PARSERS, h.getBytes(UTF_8))).as(h).startsWith("fault 8002");
        }
        for (String doctype : hostile.subList(0, 4)) {
            XMLRPCFault f = catchThrowableOfType(XMLRPCFault.class, () -> XMLRPCCodec.parseCall(doctype.getBytes(UTF_8), true));
            assertThat(f.faultString()).contains("DOCTYPE");
        }
        // Values 64 deep fit the codec's limit but not the JDK's 100 elements (about 32 values):
        // refused by the element depth limit, as before, before the value limit is reached.
        String deep = body.formatted("<array><data>" + "<value><array><data>".repeat(63) + "</data></array></value>".repeat(63)
                + "</data></array>");
        XMLRPCFault f = catchThrowableOfType(XMLRPCFault.class, () -> XMLRPCCodec.parseCall(deep.getBytes(UTF_8), true));
        assertThat(f.faultString()).contains("depth");
        // 30 values deep (91 elements): read, by all three.
        String fine = body.formatted("<array><data>" + "<value><array><data>".repeat(29) + "<value>x</value>"
                + "</data></array></value>".repeat(29) + "</data></array>");
        assertThat(agreed(CALL_PARSERS, fine.getBytes(UTF_8))).startsWith("value");
    }

    /** Writes random valid XML-RPC documents, varying every freedom the format allows. */
    private static final class Generator {
        private final Random random;

        Generator(Random random) {
            this.random = random;
        }

        byte[] document(boolean call) {
            StringBuilder b = new StringBuilder();
            boolean bom = random.nextInt(20) == 0;
            String encoding = "UTF-8";
            switch (random.nextInt(6)) {
                case 0 -> { }
                case 1 -> b.append("<?xml version=\"1.0\"?>");
                case 2 -> b.append("<?xml version='1.0' encoding='utf-8'?>");
                case 3 -> b.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\" ?>");
                case 4 -> {
                    encoding = "ISO-8859-1";
                    b.append("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>");
                }
                default -> b.append("<?xml version='1.0'?>\n");
            }
            misc(b);
            if (call) {
                b.append("<methodCall>").append(blank()).append("<methodName>")
                        .append(random.nextBoolean() ? "add" : " system.list_Methods-2 ").append("</methodName>")
                        .append(blank());
                if (random.nextInt(5) > 0) {
                    params(b, 1 + random.nextInt(3));
                }
                b.append("</methodCall>");
            } else if (random.nextInt(4) == 0) {
                b.append("<methodResponse>").append(blank()).append("<fault>").append(blank())
                        .append("<value><struct><member><name>faultCode</name><value><int>").append(random.nextInt(9000))
                        .append("</int></value></member>").append(blank())
                        .append("<member><name>faultString</name><value>").append(string())
                        .append("</value></member></struct></value>").append(blank()).append("</fault>").append(blank())
                        .append("</methodResponse>");
            } else {
                b.append("<methodResponse>").append(blank());
                params(b, 1);
                b.append("</methodResponse>");
            }
            misc(b);
            byte[] bytes = b.toString().getBytes(encoding.equals("UTF-8") ? UTF_8 : ISO_8859_1);
            if (bom && encoding.equals("UTF-8")) {
                byte[] withBom = new byte[bytes.length + 3];
                withBom[0] = (byte) 0xEF;
                withBom[1] = (byte) 0xBB;
                withBom[2] = (byte) 0xBF;
                System.arraycopy(bytes, 0, withBom, 3, bytes.length);
                return withBom;
            }
            return bytes;
        }

        private void params(StringBuilder b, int n) {
            b.append("<params>").append(blank());
            for (int i = 0; i < n; i++) {
                b.append("<param>").append(blank());
                value(b, 0);
                b.append(blank()).append("</param>").append(blank());
            }
            b.append("</params>").append(blank());
        }

        private void value(StringBuilder b, int depth) {
            if (random.nextInt(12) == 0) {
                b.append(random.nextBoolean() ? "<value/>" : "<value></value>");
                return;
            }
            b.append("<value>");
            int kind = random.nextInt(depth < 3 ? 14 : 12);
            switch (kind) {
                case 0 -> b.append(string()); // untyped: a string
                case 1 -> b.append(random.nextBoolean() ? "<int>" : "<i4>").append(blank()).append(integer())
                        .append(blank()).append(b.lastIndexOf("<int>") > b.lastIndexOf("<i4>") ? "</int>" : "</i4>");
                case 2 -> b.append("<i8>").append(random.nextLong() >> random.nextInt(64)).append("</i8>");
                case 3 -> b.append("<boolean>").append(random.nextInt(2)).append("</boolean>");
                case 4 -> b.append("<string>").append(string()).append("</string>");
                case 5 -> b.append(random.nextBoolean() ? "<string/>" : "<string></string>");
                case 6 -> b.append("<double>").append(List.of("1.5", "-0.25", "+3", "10.", ".5", "1e3", "-1.5E-3",
                        "0", String.valueOf(random.nextDouble() * 1e6)).get(random.nextInt(9))).append("</double>");
                case 7 -> b.append("<dateTime.iso8601>").append(random.nextBoolean() ? "20261206T23:01:02"
                        : "2026-12-06T23:01:02").append("</dateTime.iso8601>");
                case 8 -> {
                    byte[] bytes = new byte[random.nextInt(80)];
                    random.nextBytes(bytes);
                    String s = random.nextBoolean() ? Base64.getEncoder().encodeToString(bytes)
                            : Base64.getMimeEncoder().encodeToString(bytes);
                    b.append("<base64>").append(blank()).append(s).append(blank()).append("</base64>");
                }
                case 9 -> b.append(random.nextBoolean() ? "<nil/>" : "<nil></nil>");
                case 10, 12 -> {
                    b.append("<struct>").append(blank());
                    for (int i = random.nextInt(4); i > 0; i--) {
                        b.append("<member>").append(blank()).append("<name>").append(random.nextInt(5) == 0 ? string()
                                : "k" + random.nextInt(5)).append("</name>").append(blank());
                        value(b, depth + 1);
                        b.append(blank()).append("</member>").append(blank());
                    }
                    b.append("</struct>");
                }
                default -> {
                    b.append("<array>").append(blank()).append("<data>").append(blank());
                    for (int i = random.nextInt(4); i > 0; i--) {
                        value(b, depth + 1);
                        b.append(blank());
                    }
                    b.append("</data>").append(blank()).append("</array>");
                }
            }
            b.append("</value>");
        }

        private String integer() {
            return List.of("0", "-1", "+7", "2147483647", "-2147483648", String.valueOf(random.nextInt()))
                    .get(random.nextInt(6));
        }

        private String string() {
            StringBuilder b = new StringBuilder();
            for (int i = random.nextInt(8); i > 0; i--) {
                b.append(TEXT_PIECES[random.nextInt(TEXT_PIECES.length)]);
            }
            return b.toString();
        }

        /** Nothing, blanks, or a comment: what may sit between elements. */
        private String blank() {
            return switch (random.nextInt(6)) {
                case 0 -> "\n";
                case 1 -> "  \r\n\t";
                case 2 -> "<!-- c -->";
                default -> "";
            };
        }

        private void misc(StringBuilder b) {
            if (random.nextInt(4) == 0) {
                b.append(random.nextBoolean() ? "\n" : "<!-- before or after -->\n");
            }
        }
    }
}
