package net.protocols.web;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * XML-RPC's wire format (https://xmlrpc.com/spec.md): method calls and responses to and from
 * Java values. Parsing streams: {@link XMLRPCTokenizer} reads the plain UTF-8 documents clients
 * send, and anything else (or anything it doubts) is read by the JDK's StAX parser with DTD
 * support off and any DOCTYPE refused outright, so no external entity (XXE) is fetched and no
 * entity expansion (billion laughs) happens. Values nest at most {@value #MAX_DEPTH} deep (the
 * nesting depth limit); the reader checks it as it descends, so a deeper document is refused
 * before more of it is read.
 *
 * <p>Java types: {@code Integer} (int, i4; {@code i8} is read as a {@code Long}), {@code Boolean},
 * {@code String}, {@code Double}, {@code LocalDateTime} (dateTime.iso8601), {@code byte[]}
 * (base64), {@code Map<String, Object>} (struct, in order), {@code List<Object>} (array) and null
 * (nil, when allowed). Encoding also takes {@code Long} within the int range, {@code Short},
 * {@code Byte}, {@code Float} and {@code Object[]}.
 */
final class XMLRPCCodec {
    static final int MAX_DEPTH = 64;
    /** Room for a small call or response without the builder growing. */
    private static final int INITIAL_CAPACITY = 256;
    private static final Pattern DOUBLE = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMdd'T'HH:mm:ss");
    private static final DateTimeFormatter DASHED = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    /** A parsed call. */
    record Call(String methodName, List<@Nullable Object> params) {}

    private XMLRPCCodec() {}

    // ---- parsing ---------------------------------------------------------------------------------
    //
    // One recursive-descent reader of XML-RPC's grammar pulls events (start tag, end tag, text) from
    // an XMLEvents source. Two sources exist: XMLRPCTokenizer, a small strict scanner for the plain
    // UTF-8 documents every client sends, and the JDK's StAX parser for everything else. The
    // tokenizer never decides a document is wrong: whenever it meets something it does not handle,
    // or the grammar reader faults, the document is read again with StAX, so errors, and every
    // document the tokenizer does not fully understand, get the JDK parser's verdict.

    static Call parseCall(byte[] xml, boolean allowNone) throws XMLRPCFault {
        XMLRPCTokenizer fast = XMLRPCTokenizer.of(xml);
        if (fast != null) {
            try {
                return readCall(fast, allowNone);
            } catch (XMLRPCTokenizer.Unsupported | XMLRPCFault e) {
                // read again below: the JDK's parser decides
            }
        }
        return parseCallWithStAX(xml, allowNone);
    }

    /** The response's value; a fault response is thrown as an {@link XMLRPCFault}. */
    static @Nullable Object parseResponse(byte[] xml, boolean allowNone) throws XMLRPCFault {
        XMLRPCTokenizer fast = XMLRPCTokenizer.of(xml);
        Response r = null;
        if (fast != null) {
            try {
                r = readResponse(fast, allowNone);
            } catch (XMLRPCTokenizer.Unsupported | XMLRPCFault e) {
                // read again below: the JDK's parser decides
            }
        }
        return (r != null ? r : parseResponseWithStAX(xml, allowNone)).value();
    }

    /** {@link #parseCall} through the JDK's StAX parser alone (the fallback; tests compare both). */
    static Call parseCallWithStAX(byte[] xml, boolean allowNone) throws XMLRPCFault {
        try (StAXEvents events = new StAXEvents(xml)) {
            try {
                return readCall(events, allowNone);
            } catch (XMLRPCFault f) {
                throw events.malformedOr(f);
            }
        }
    }

    /** {@link #parseResponse} through the JDK's StAX parser alone; answers the value or fault. */
    static Response parseResponseWithStAX(byte[] xml, boolean allowNone) throws XMLRPCFault {
        try (StAXEvents events = new StAXEvents(xml)) {
            try {
                return readResponse(events, allowNone);
            } catch (XMLRPCFault f) {
                throw events.malformedOr(f);
            }
        }
    }

    /** A parsed methodResponse: a value, or a fault, thrown by {@link #value()}. */
    record Response(@Nullable Object result, @Nullable XMLRPCFault fault) {
        @Nullable Object value() throws XMLRPCFault {
            if (fault != null) {
                throw fault;
            }
            return result;
        }
    }

    private static Call readCall(XMLEvents in, boolean allowNone) throws XMLRPCFault {
        if (!"methodCall".equals(in.root())) {
            throw bad("the document is not a methodCall");
        }
        String name = child(in, "methodCall", false);
        if (!"methodName".equals(name)) {
            throw bad("no methodName");
        }
        String methodName = text(in, name).strip();
        if (methodName.isEmpty()) {
            throw bad("empty methodName");
        }
        List<@Nullable Object> params = new ArrayList<>();
        String second = child(in, "methodCall", true);
        if (second != null) {
            params = params(in, second, allowNone);
            if (child(in, "methodCall", true) != null) {
                throw bad("unexpected elements in methodCall");
            }
        }
        in.end();
        return new Call(methodName, params);
    }

    private static Response readResponse(XMLEvents in, boolean allowNone) throws XMLRPCFault {
        if (!"methodResponse".equals(in.root())) {
            throw bad("the document is not a methodResponse");
        }
        String part = child(in, "methodResponse", false);
        if (part == null) {
            throw bad("a methodResponse holds params or a fault");
        }
        Response r;
        if (part.equals("fault")) {
            String v = child(in, "fault", false);
            if (v == null || !(value(in, v, allowNone, 0) instanceof Map<?, ?> m) || child(in, "fault", true) != null
                    || !(m.get("faultCode") instanceof Integer code) || !(m.get("faultString") instanceof String s)) {
                throw bad("malformed fault");
            }
            r = new Response(null, new XMLRPCFault(code, s));
        } else {
            List<@Nullable Object> p = params(in, part, allowNone);
            if (p.size() != 1) {
                throw bad("a response has one param");
            }
            r = new Response(p.getFirst(), null);
        }
        if (child(in, "methodResponse", true) != null) {
            throw bad("a methodResponse holds params or a fault");
        }
        in.end();
        return r;
    }

    /** Reads a params element whose start tag {@code tag} was just read, through its end tag. */
    private static List<@Nullable Object> params(XMLEvents in, String tag, boolean allowNone) throws XMLRPCFault {
        if (!tag.equals("params")) {
            throw bad("expected params, got " + tag);
        }
        List<@Nullable Object> out = new ArrayList<>();
        for (String param = child(in, "params", false); param != null; param = child(in, "params", true)) {
            if (!param.equals("param")) {
                throw bad("malformed param");
            }
            String v = child(in, "param", false);
            if (v == null) {
                throw bad("malformed param");
            }
            out.add(value(in, v, allowNone, 0));
            if (child(in, "param", true) != null) {
                throw bad("malformed param");
            }
        }
        return out;
    }

    /** Reads a value whose start tag {@code tag} was just read, through its end tag. */
    private static @Nullable Object value(XMLEvents in, String tag, boolean allowNone, int depth) throws XMLRPCFault {
        if (!tag.equals("value")) {
            throw bad("expected value, got " + tag);
        }
        if (depth > MAX_DEPTH) {
            throw bad("values nested deeper than " + MAX_DEPTH + " (the nesting depth limit)");
        }
        // Text before the type element is ignored, as the DOM reader did; text alone is a string.
        String untyped = null;
        StringBuilder more = null;
        String t;
        for (;;) {
            int event = in.next();
            if (event == XMLEvents.TEXT) {
                if (untyped == null) {
                    untyped = in.text();
                } else {
                    (more == null ? more = new StringBuilder(untyped) : more).append(in.text());
                }
            } else if (event == XMLEvents.END) {
                return more != null ? more.toString() : untyped != null ? untyped : "";
            } else {
                t = in.name();
                break;
            }
        }
        Object v = typed(in, t, allowNone, depth);
        if (child(in, "value", true) != null) {
            throw bad("a value holds one element");
        }
        return v;
    }

    /** Reads a type element (int, struct, ...) whose start tag {@code t} was just read. */
    private static @Nullable Object typed(XMLEvents in, String t, boolean allowNone, int depth) throws XMLRPCFault {
        if (t.equals("struct")) {
            Map<String, @Nullable Object> m = new LinkedHashMap<>();
            for (String member = child(in, "struct", false); member != null; member = child(in, "struct", true)) {
                if (!member.equals("member") || !"name".equals(child(in, "member", false))) {
                    throw bad("malformed struct member");
                }
                String key = text(in, "name");
                String v = child(in, "member", true);
                if (v == null) {
                    throw bad("malformed struct member");
                }
                m.put(key, value(in, v, allowNone, depth + 1));
                if (child(in, "member", true) != null) {
                    throw bad("malformed struct member");
                }
            }
            return m;
        }
        if (t.equals("array")) {
            if (!"data".equals(child(in, "array", false))) {
                throw bad("an array holds one data element");
            }
            List<@Nullable Object> l = new ArrayList<>();
            for (String v = child(in, "data", false); v != null; v = child(in, "data", true)) {
                l.add(value(in, v, allowNone, depth + 1));
            }
            if (child(in, "array", true) != null) {
                throw bad("an array holds one data element");
            }
            return l;
        }
        String s = text(in, t);
        try {
            return switch (t) {
                case "int", "i4" -> Integer.parseInt(integer(s.strip(), "int"));
                case "i8" -> Long.parseLong(integer(s.strip(), "i8"));
                case "boolean" -> switch (s.strip()) {
                    case "0" -> false;
                    case "1" -> true;
                    default -> throw bad("boolean is 0 or 1");
                };
                case "string" -> s;
                case "double" -> {
                    String d = s.strip();
                    if (!DOUBLE.matcher(d).matches()) {
                        throw bad("malformed double: " + d);
                    }
                    yield Double.parseDouble(d);
                }
                case "dateTime.iso8601" -> dateTime(s.strip());
                case "base64" -> Base64.getMimeDecoder().decode(s.strip());
                case "nil" -> {
                    if (!allowNone) {
                        throw bad("nil is not allowed");
                    }
                    yield null;
                }
                default -> throw bad("unknown type " + t);
            };
        } catch (NumberFormatException e) {
            throw bad("number out of range: " + s.strip());
        } catch (IllegalArgumentException e) {
            throw bad("malformed base64");
        }
    }

    /** Checks {@code [+-]?[0-9]+} (ASCII digits only: parseInt alone would take other scripts'). */
    private static String integer(String s, String type) throws XMLRPCFault {
        int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        boolean ok = s.length() > start;
        for (int i = start; ok && i < s.length(); i++) {
            ok = s.charAt(i) >= '0' && s.charAt(i) <= '9';
        }
        if (!ok) {
            throw bad("malformed " + type + ": " + s);
        }
        return s;
    }

    private static LocalDateTime dateTime(String s) throws XMLRPCFault {
        try {
            return LocalDateTime.parse(s, s.indexOf('-') > 0 ? DASHED : COMPACT);
        } catch (DateTimeParseException e) {
            throw bad("malformed dateTime.iso8601: " + s);
        }
    }

    /**
     * The next child element's name, after the start tag or the end of the previous child of
     * {@code parent}; null at {@code parent}'s end tag. Text before the first child is ignored
     * (as the DOM reader did); text after one ({@code afterChild}) must be blank.
     */
    private static @Nullable String child(XMLEvents in, String parent, boolean afterChild) throws XMLRPCFault {
        for (;;) {
            switch (in.next()) {
                case XMLEvents.START -> {
                    return in.name();
                }
                case XMLEvents.END -> {
                    return null;
                }
                default -> {
                    if (afterChild && !in.text().isBlank()) {
                        throw bad("text beside elements in " + parent);
                    }
                }
            }
        }
    }

    /** The text up to the end tag of {@code element}, whose start tag was just read. */
    private static String text(XMLEvents in, String element) throws XMLRPCFault {
        String first = null;
        StringBuilder more = null;
        for (;;) {
            switch (in.next()) {
                case XMLEvents.START -> throw bad("unexpected markup in " + element);
                case XMLEvents.END -> {
                    return more != null ? more.toString() : first != null ? first : "";
                }
                default -> {
                    if (first == null) {
                        first = in.text();
                    } else {
                        (more == null ? more = new StringBuilder(first) : more).append(in.text());
                    }
                }
            }
        }
    }

    private static XMLRPCFault bad(String message) {
        return new XMLRPCFault(XMLRPC.FAILURE, "Can't deserialize input: " + message);
    }

    /**
     * A pull source of the events the grammar reader needs: start tags, end tags and text
     * (comments and processing instructions are skipped; adjacent text and CDATA may come as one
     * or several TEXT events). End tags always match their start tags.
     */
    interface XMLEvents {
        /** A start tag: {@link #name()} is its name. */
        int START = 1;
        /** An end tag (of an empty element too). */
        int END = 2;
        /** Character data: {@link #text()} is it, entities replaced and line ends normalised. */
        int TEXT = 3;

        /** The root element's name, after reading its start tag. */
        String root() throws XMLRPCFault;

        /** The next event inside the root element. */
        int next() throws XMLRPCFault;

        /** The name of the start tag just read. */
        String name();

        /** The text just read. */
        String text();

        /** After the root's end tag: checks that nothing but comments and blanks follow. */
        void end() throws XMLRPCFault;
    }

    /**
     * The JDK's StAX parser as an event source. DTDs are off and any DOCTYPE is refused outright,
     * so no external entity (XXE) is fetched and no entity expansion (billion laughs) happens.
     */
    private static final class StAXEvents implements XMLEvents, AutoCloseable {
        private final XMLStreamReader reader;
        /** The parser failed or met a DOCTYPE: read no further. */
        private boolean broken;

        StAXEvents(byte[] xml) throws XMLRPCFault {
            try {
                reader = STAX.createXMLStreamReader(new ByteArrayInputStream(xml));
            } catch (XMLStreamException e) {
                throw unparsable(e);
            }
        }

        @Override
        public String root() throws XMLRPCFault {
            for (;;) {
                int event = pull();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    return reader.getLocalName();
                }
                if (event == XMLStreamConstants.END_DOCUMENT) {
                    throw bad("cannot parse the XML: no root element");
                }
                // comments, processing instructions and blanks before the root
            }
        }

        @Override
        public int next() throws XMLRPCFault {
            for (;;) {
                switch (pull()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        return START;
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        return END;
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        return TEXT;
                    }
                    case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> { }
                    default -> throw bad("unexpected XML in the document");
                }
            }
        }

        private int pull() throws XMLRPCFault {
            if (broken) {
                throw bad("cannot parse the XML");
            }
            try {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                    broken = true;
                }
                if (event == XMLStreamConstants.DTD) {
                    // The parser read the DOCTYPE without acting on it (DTD support is off); refuse
                    // it anyway, as the DOM reader did, rather than lean on that.
                    throw bad("cannot parse the XML: DOCTYPE is disallowed");
                }
                if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw bad("cannot parse the XML: entity reference " + reader.getLocalName());
                }
                return event;
            } catch (XMLStreamException | RuntimeException e) {
                // StAX reports some malformed input (bad encodings) as runtime exceptions
                broken = true;
                throw unparsable(e);
            }
        }

        @Override
        public String name() {
            return reader.getLocalName();
        }

        @Override
        public String text() {
            return reader.getText();
        }

        @Override
        public void end() throws XMLRPCFault {
            while (pull() != XMLStreamConstants.END_DOCUMENT) {
                // the parser itself refuses anything but comments, PIs and blanks after the root
            }
        }

        /**
         * The fault to report for a document the grammar reader refused with {@code f}: the
         * parser's own error if the rest of the document is not well-formed (as the DOM reader,
         * which parsed everything first, reported), else {@code f}.
         */
        XMLRPCFault malformedOr(XMLRPCFault f) {
            if (broken) {
                return f;
            }
            try {
                while (pull() != XMLStreamConstants.END_DOCUMENT) {
                    // read on to the end
                }
                return f;
            } catch (XMLRPCFault malformed) {
                return malformed;
            }
        }

        @Override
        public void close() throws XMLRPCFault {
            try {
                reader.close();
            } catch (XMLStreamException e) {
                throw unparsable(e);
            }
        }

        private static XMLRPCFault unparsable(Exception e) {
            return bad("cannot parse the XML: " + e.getMessage());
        }
    }

    private static final XMLInputFactory STAX = hardenedFactory();

    private static XMLInputFactory hardenedFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory(); // the JDK's own, not a provider's
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setProperty(XMLInputFactory.IS_VALIDATING, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setXMLResolver((publicId, systemId, base, ns) -> {
            throw new XMLStreamException("external entities are refused");
        });
        return f;
    }

    // ---- encoding --------------------------------------------------------------------------------

    static byte[] encodeCall(String methodName, List<?> params, boolean allowNone) {
        StringBuilder b = new StringBuilder(INITIAL_CAPACITY)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodCall><methodName>");
        escape(methodName, b, false);
        b.append("</methodName><params>");
        for (Object p : params) {
            b.append("<param>");
            encode(p, allowNone, b, 0);
            b.append("</param>");
        }
        return b.append("</params></methodCall>\n").toString().getBytes(UTF_8);
    }

    /** @throws IllegalArgumentException if the value cannot be encoded */
    static byte[] encodeResponse(@Nullable Object value, boolean allowNone) {
        StringBuilder b = new StringBuilder(INITIAL_CAPACITY)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodResponse><params><param>");
        encode(value, allowNone, b, 0);
        return b.append("</param></params></methodResponse>\n").toString().getBytes(UTF_8);
    }

    static byte[] encodeFault(int code, String message) {
        StringBuilder b = new StringBuilder(INITIAL_CAPACITY + message.length())
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodResponse><fault>")
                .append("<value><struct><member><name>faultCode</name><value><int>").append(code)
                .append("</int></value></member><member><name>faultString</name><value><string>");
        escape(message, b, true);
        return b.append("</string></value></member></struct></value></fault></methodResponse>\n")
                .toString().getBytes(UTF_8);
    }

    private static void encode(@Nullable Object v, boolean allowNone, StringBuilder b, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("values nested deeper than " + MAX_DEPTH);
        }
        b.append("<value>");
        switch (v) {
            case null -> {
                if (!allowNone) {
                    throw new IllegalArgumentException("cannot marshal null unless nil is allowed");
                }
                b.append("<nil/>");
            }
            case Integer i -> b.append("<int>").append(i).append("</int>");
            case Short s -> b.append("<int>").append(s).append("</int>");
            case Byte s -> b.append("<int>").append(s).append("</int>");
            case Long l -> {
                if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("long exceeds XML-RPC's int: " + l);
                }
                b.append("<int>").append(l).append("</int>");
            }
            case Boolean x -> b.append("<boolean>").append(x ? '1' : '0').append("</boolean>");
            case String s -> {
                b.append("<string>");
                escape(s, b, false);
                b.append("</string>");
            }
            case Double d -> encodeDouble(d, b);
            case Float f -> encodeDouble(f.doubleValue(), b);
            case LocalDateTime t -> {
                b.append("<dateTime.iso8601>");
                COMPACT.formatTo(t, b); // straight into the builder, no String between
                b.append("</dateTime.iso8601>");
            }
            case byte[] bytes -> b.append("<base64>").append(Base64.getEncoder().encodeToString(bytes)).append("</base64>");
            case Map<?, ?> m -> {
                b.append("<struct>");
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("struct keys are strings: " + e.getKey());
                    }
                    b.append("<member><name>");
                    escape(key, b, false);
                    b.append("</name>");
                    encode(e.getValue(), allowNone, b, depth + 1);
                    b.append("</member>");
                }
                b.append("</struct>");
            }
            case List<?> l -> {
                b.append("<array><data>");
                for (Object o : l) {
                    encode(o, allowNone, b, depth + 1);
                }
                b.append("</data></array>");
            }
            case Object[] a -> encodeArray(a, allowNone, b, depth);
            default -> throw new IllegalArgumentException("cannot marshal a " + v.getClass().getName());
        }
        b.append("</value>");
    }

    private static void encodeArray(Object[] a, boolean allowNone, StringBuilder b, int depth) {
        b.append("<array><data>");
        for (Object o : a) {
            encode(o, allowNone, b, depth + 1);
        }
        b.append("</data></array>");
    }

    private static void encodeDouble(double d, StringBuilder b) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("XML-RPC has no " + d);
        }
        // The spec allows no exponent: write the shortest decimal that reads back the same.
        b.append("<double>").append(BigDecimal.valueOf(d).toPlainString()).append("</double>");
    }

    /**
     * Escapes markup into {@code b}; characters XML 1.0 cannot carry are refused, or with
     * {@code scrub} (a fault message must always encode) written as '?'.
     */
    private static void escape(String s, StringBuilder b, boolean scrub) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '\r' -> b.append("&#13;"); // else the reader's line-end normalisation eats it
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' || c == 0xFFFE || c == 0xFFFF) {
                        if (!scrub) {
                            throw new IllegalArgumentException("XML cannot carry the character " + (int) c);
                        }
                        b.append('?');
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        if (!scrub) {
                            throw new IllegalArgumentException("unpaired surrogate");
                        }
                        b.append('?');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
    }
}
