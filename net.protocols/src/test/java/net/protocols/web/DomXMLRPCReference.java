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
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The DOM-based XML-RPC parser {@link XMLRPCCodec} used before the streaming parser, kept in the
 * test sources only as the reference model for {@link XMLRPCParserFuzzTest}: the new parser must
 * accept exactly what this one accepts, with equal values, and refuse what it refuses.
 */
final class DomXMLRPCReference {
    static final int MAX_DEPTH = 64;
    private static final Pattern DOUBLE = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Pattern INT = Pattern.compile("[+-]?[0-9]+");
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMdd'T'HH:mm:ss");
    private static final DateTimeFormatter DASHED = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    

    private DomXMLRPCReference() {}

    // ---- parsing ---------------------------------------------------------------------------------

    static XMLRPCCodec.Call parseCall(byte[] xml, boolean allowNone) throws XMLRPCFault {
        Element root = parse(xml);
        if (!root.getTagName().equals("methodCall")) {
            throw bad("the document is not a methodCall");
        }
        List<Element> parts = children(root);
        Element name = parts.isEmpty() ? null : parts.getFirst();
        if (name == null || !name.getTagName().equals("methodName")) {
            throw bad("no methodName");
        }
        String methodName = text(name).strip();
        if (methodName.isEmpty()) {
            throw bad("empty methodName");
        }
        List<@Nullable Object> params = new ArrayList<>();
        if (parts.size() > 2) {
            throw bad("unexpected elements in methodCall");
        }
        if (parts.size() == 2) {
            params = params(parts.get(1), allowNone);
        }
        return new XMLRPCCodec.Call(methodName, params);
    }

    /** The response's value; a fault response is thrown as an {@link XMLRPCFault}. */
    static @Nullable Object parseResponse(byte[] xml, boolean allowNone) throws XMLRPCFault {
        Element root = parse(xml);
        if (!root.getTagName().equals("methodResponse")) {
            throw bad("the document is not a methodResponse");
        }
        List<Element> parts = children(root);
        if (parts.size() != 1) {
            throw bad("a methodResponse holds params or a fault");
        }
        Element part = parts.getFirst();
        if (part.getTagName().equals("fault")) {
            List<Element> v = children(part);
            if (v.size() != 1 || !(value(v.getFirst(), allowNone, 0) instanceof Map<?, ?> m)
                    || !(m.get("faultCode") instanceof Integer code) || !(m.get("faultString") instanceof String s)) {
                throw bad("malformed fault");
            }
            throw new XMLRPCFault(code, s);
        }
        List<@Nullable Object> p = params(part, allowNone);
        if (p.size() != 1) {
            throw bad("a response has one param");
        }
        return p.getFirst();
    }

    private static List<@Nullable Object> params(Element params, boolean allowNone) throws XMLRPCFault {
        if (!params.getTagName().equals("params")) {
            throw bad("expected params, got " + params.getTagName());
        }
        List<@Nullable Object> out = new ArrayList<>();
        for (Element param : children(params)) {
            List<Element> v = children(param);
            if (!param.getTagName().equals("param") || v.size() != 1) {
                throw bad("malformed param");
            }
            out.add(value(v.getFirst(), allowNone, 0));
        }
        return out;
    }

    private static @Nullable Object value(Element value, boolean allowNone, int depth) throws XMLRPCFault {
        if (!value.getTagName().equals("value")) {
            throw bad("expected value, got " + value.getTagName());
        }
        if (depth > MAX_DEPTH) {
            throw bad("values nested deeper than " + MAX_DEPTH);
        }
        List<Element> typed = children(value);
        if (typed.isEmpty()) {
            return text(value); // no type element: a string
        }
        if (typed.size() > 1) {
            throw bad("a value holds one element");
        }
        Element t = typed.getFirst();
        boolean container = t.getTagName().equals("struct") || t.getTagName().equals("array");
        String s = container ? "" : text(t);
        try {
            return switch (t.getTagName()) {
                case "int", "i4" -> {
                    requireMatch(INT, s.strip(), "int");
                    yield Integer.parseInt(s.strip());
                }
                case "i8" -> {
                    requireMatch(INT, s.strip(), "i8");
                    yield Long.parseLong(s.strip());
                }
                case "boolean" -> switch (s.strip()) {
                    case "0" -> false;
                    case "1" -> true;
                    default -> throw bad("boolean is 0 or 1");
                };
                case "string" -> s;
                case "double" -> {
                    requireMatch(DOUBLE, s.strip(), "double");
                    yield Double.parseDouble(s.strip());
                }
                case "dateTime.iso8601" -> dateTime(s.strip());
                case "base64" -> Base64.getMimeDecoder().decode(s.strip());
                case "nil" -> {
                    if (!allowNone) {
                        throw bad("nil is not allowed");
                    }
                    yield null;
                }
                case "struct" -> {
                    Map<String, @Nullable Object> m = new LinkedHashMap<>();
                    for (Element member : children(t)) {
                        List<Element> nv = children(member);
                        if (!member.getTagName().equals("member") || nv.size() != 2
                                || !nv.get(0).getTagName().equals("name")) {
                            throw bad("malformed struct member");
                        }
                        m.put(text(nv.get(0)), value(nv.get(1), allowNone, depth + 1));
                    }
                    yield m;
                }
                case "array" -> {
                    List<Element> data = children(t);
                    if (data.size() != 1 || !data.getFirst().getTagName().equals("data")) {
                        throw bad("an array holds one data element");
                    }
                    List<@Nullable Object> l = new ArrayList<>();
                    for (Element v : children(data.getFirst())) {
                        l.add(value(v, allowNone, depth + 1));
                    }
                    yield l;
                }
                default -> throw bad("unknown type " + t.getTagName());
            };
        } catch (NumberFormatException e) {
            throw bad("number out of range: " + s.strip());
        } catch (IllegalArgumentException e) {
            throw bad("malformed base64");
        }
    }

    private static LocalDateTime dateTime(String s) throws XMLRPCFault {
        try {
            return LocalDateTime.parse(s, s.indexOf('-') > 0 ? DASHED : COMPACT);
        } catch (DateTimeParseException e) {
            throw bad("malformed dateTime.iso8601: " + s);
        }
    }

    private static void requireMatch(Pattern p, String s, String type) throws XMLRPCFault {
        if (!p.matcher(s).matches()) {
            throw bad("malformed " + type + ": " + s);
        }
    }

    private static Element parse(byte[] xml) throws XMLRPCFault {
        try {
            // A builder costs about as much to make as a small call costs to parse: keep one per
            // thread (the reactor's, mostly) and reset it, which restores the factory's settings.
            DocumentBuilder builder = BUILDER.get();
            if (builder == null) {
                builder = FACTORY.newDocumentBuilder();
                BUILDER.set(builder);
            } else {
                builder.reset();
            }
            builder.setErrorHandler(SILENT);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are refused");
            });
            Document doc = builder.parse(new ByteArrayInputStream(xml));
            return doc.getDocumentElement();
        } catch (SAXException e) {
            throw bad("cannot parse the XML: " + e.getMessage());
        } catch (java.io.IOException | ParserConfigurationException e) {
            throw bad("cannot parse the XML: " + e);
        }
    }

    private static final DocumentBuilderFactory FACTORY = hardenedFactory();
    private static final ThreadLocal<@Nullable DocumentBuilder> BUILDER = new ThreadLocal<>();

    private static DocumentBuilderFactory hardenedFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        try {
            // No DOCTYPE at all: that alone rules out XXE and entity-expansion bombs.
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be hardened", e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        f.setCoalescing(true);
        return f;
    }

    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    /** The element children; text between them must be whitespace. */
    private static List<Element> children(Element e) throws XMLRPCFault {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            switch (n.getNodeType()) {
                case Node.ELEMENT_NODE -> out.add((Element) n);
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> {
                    if (!n.getNodeValue().isBlank() && !out.isEmpty()) {
                        throw bad("text beside elements in " + e.getTagName());
                    }
                }
                case Node.COMMENT_NODE, Node.PROCESSING_INSTRUCTION_NODE -> { }
                default -> throw bad("unexpected node in " + e.getTagName());
            }
        }
        return out;
    }

    private static String text(Element e) throws XMLRPCFault {
        StringBuilder b = new StringBuilder();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            switch (n.getNodeType()) {
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> b.append(n.getNodeValue());
                case Node.COMMENT_NODE, Node.PROCESSING_INSTRUCTION_NODE -> { }
                default -> throw bad("unexpected markup in " + e.getTagName());
            }
        }
        return b.toString();
    }

    private static XMLRPCFault bad(String message) {
        return new XMLRPCFault(XMLRPC.FAILURE, "Can't deserialize input: " + message);
    }

}
