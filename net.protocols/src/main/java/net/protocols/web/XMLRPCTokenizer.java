package net.protocols.web;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import org.jspecify.annotations.Nullable;

/**
 * A small, strict XML scanner for the documents XML-RPC clients actually send: UTF-8 (or ASCII),
 * an optional XML declaration, elements without attributes, text with the predefined entities and
 * character references, CDATA sections and comments. It exists because the JDK's parsers cost
 * far more to set up per document than a small call costs to read (JFR on {@code bench/run
 * --http}).
 *
 * <p>It never refuses a document itself: anything outside that subset, or not well-formed — a
 * DOCTYPE, attributes, processing instructions, other encodings, a byte-order mark, mismatched
 * tags, a bad reference, {@code ]]>} in text, a character XML forbids — throws {@link Unsupported}
 * and {@link XMLRPCCodec} reads the document again with the JDK's StAX parser, whose verdict
 * stands. So what it accepts is a subset of what the JDK accepts, read to the same characters.
 * Used by one thread for one document.
 */
final class XMLRPCTokenizer implements XMLRPCCodec.XMLEvents {
    /** Thrown where the document leaves the subset this scanner reads. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private Unsupported() {
            super("outside the fast XML subset", null, false, false); // no stack trace: it is routine
        }
    }

    private static final Unsupported UNSUPPORTED = new Unsupported();
    /**
     * The JDK parsers' default {@code jdk.xml.maxElementDepth}: a deeper document goes to StAX,
     * which applies the configured limit (the DOM reader did too), so both paths refuse alike.
     */
    private static final int MAX_ELEMENT_DEPTH = 100;
    /** XML-RPC's element names, answered without allocating a String per tag. */
    private static final String[] KNOWN = {"methodCall", "methodName", "methodResponse", "params", "param",
        "value", "int", "i4", "i8", "boolean", "string", "double", "dateTime.iso8601", "base64", "nil", "struct",
        "member", "name", "array", "data", "fault"};

    private final String s;
    private int pos;
    private final String[] open = new String[MAX_ELEMENT_DEPTH];
    private int depth;
    private boolean emptyElement;
    private String name = "";
    private String text = "";

    private XMLRPCTokenizer(String s) {
        this.s = s;
    }

    /**
     * A scanner over {@code xml}, or null when its characters already leave the subset (not
     * valid UTF-8, U+FFFD, U+FFFE/U+FFFF, or control characters XML forbids).
     */
    static @Nullable XMLRPCTokenizer of(byte[] xml) {
        boolean ascii = true;
        boolean cr = false;
        for (byte b : xml) {
            if (b < 0) {
                ascii = false;
            } else if (b < 0x20 && b != '\t' && b != '\n') {
                if (b != '\r') {
                    return null;
                }
                cr = true;
            }
        }
        String s;
        if (ascii) {
            s = new String(xml, ISO_8859_1);
        } else {
            s = new String(xml, UTF_8); // malformed sequences become U+FFFD, refused below
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) >= 0xFFFD) {
                    return null;
                }
            }
        }
        if (cr) {
            // XML's end-of-line handling, before parsing: CR LF and a lone CR read as LF.
            s = s.replace("\r\n", "\n").replace('\r', '\n');
        }
        return new XMLRPCTokenizer(s);
    }

    @Override
    public String root() {
        if (s.startsWith("<?xml")) {
            declaration();
        }
        misc();
        if (pos >= s.length() || s.charAt(pos) != '<') {
            throw UNSUPPORTED;
        }
        pos++;
        if (next(true) != START) {
            throw UNSUPPORTED;
        }
        return name;
    }

    @Override
    public int next() {
        return next(false);
    }

    private int next(boolean startTagOpen) {
        if (startTagOpen) {
            return startTag();
        }
        if (emptyElement) {
            emptyElement = false;
            depth--;
            return END;
        }
        while (pos < s.length()) {
            if (s.charAt(pos) != '<') {
                return scanText();
            }
            if (s.startsWith("<![CDATA[", pos)) {
                return scanText();
            }
            if (s.startsWith("<!--", pos)) {
                comment();
                continue;
            }
            pos++;
            if (pos < s.length() && s.charAt(pos) == '/') {
                pos++;
                String n = scanName();
                skipSpace();
                if (pos >= s.length() || s.charAt(pos) != '>' || depth == 0 || !open[depth - 1].equals(n)) {
                    throw UNSUPPORTED;
                }
                pos++;
                depth--;
                return END;
            }
            return startTag();
        }
        throw UNSUPPORTED; // the document ended inside the root element
    }

    /** Reads a start tag after its '<': a name, blanks, then '>' or '/>'; no attributes. */
    private int startTag() {
        String n = scanName();
        skipSpace();
        if (depth == open.length || pos >= s.length()) {
            throw UNSUPPORTED;
        }
        if (s.charAt(pos) == '/') {
            pos++;
            emptyElement = true;
        }
        if (pos >= s.length() || s.charAt(pos) != '>') {
            throw UNSUPPORTED;
        }
        pos++;
        open[depth++] = n;
        name = n;
        return START;
    }

    /** Reads character data and CDATA sections up to the next tag or comment. */
    private int scanText() {
        int start = pos;
        // The common case, plain text: no copy beyond the substring.
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '<' || c == '&' || c == ']') {
                break;
            }
            pos++;
        }
        if (pos < s.length() && s.charAt(pos) == '<' && !s.startsWith("<![CDATA[", pos)) {
            text = s.substring(start, pos);
            return TEXT;
        }
        StringBuilder b = new StringBuilder(s.length() - start).append(s, start, pos);
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '<') {
                if (!s.startsWith("<![CDATA[", pos)) {
                    break;
                }
                int end = s.indexOf("]]>", pos + 9);
                if (end < 0) {
                    throw UNSUPPORTED;
                }
                b.append(s, pos + 9, end);
                pos = end + 3;
            } else if (c == '&') {
                reference(b);
            } else {
                if (c == ']' && s.startsWith("]]>", pos)) {
                    throw UNSUPPORTED; // not allowed in character data
                }
                b.append(c);
                pos++;
            }
        }
        text = b.toString();
        return TEXT;
    }

    /** Appends the character a reference stands for: the five predefined entities, or {@code &#...;}. */
    private void reference(StringBuilder b) {
        int semi = s.indexOf(';', pos);
        if (semi < 0 || semi - pos > 10) {
            throw UNSUPPORTED;
        }
        String ref = s.substring(pos + 1, semi);
        pos = semi + 1;
        switch (ref) {
            case "lt" -> b.append('<');
            case "gt" -> b.append('>');
            case "amp" -> b.append('&');
            case "quot" -> b.append('"');
            case "apos" -> b.append('\'');
            default -> {
                int cp = 0;
                boolean hex = ref.startsWith("#x");
                int from = hex ? 2 : 1;
                if (!ref.startsWith("#") || ref.length() == from) {
                    throw UNSUPPORTED;
                }
                for (int i = from; i < ref.length(); i++) {
                    int d = Character.digit(ref.charAt(i), hex ? 16 : 10);
                    if (d < 0 || ref.charAt(i) > 'f') { // ASCII digits only
                        throw UNSUPPORTED;
                    }
                    cp = cp * (hex ? 16 : 10) + d;
                    if (cp > 0x10FFFF) {
                        throw UNSUPPORTED;
                    }
                }
                boolean xmlChar = cp == 0x9 || cp == 0xA || cp == 0xD || cp >= 0x20 && cp <= 0xD7FF
                        || cp >= 0xE000 && cp <= 0xFFFD || cp >= 0x10000;
                if (!xmlChar) {
                    throw UNSUPPORTED;
                }
                b.appendCodePoint(cp);
            }
        }
    }

    /** An element name, {@code [A-Za-z_:][A-Za-z0-9._:-]*}; other names leave the subset. */
    private String scanName() {
        int start = pos;
        if (pos >= s.length() || !nameStart(s.charAt(pos))) {
            throw UNSUPPORTED;
        }
        pos++;
        while (pos < s.length() && (nameStart(s.charAt(pos)) || nameChar(s.charAt(pos)))) {
            pos++;
        }
        if (pos < s.length() && s.charAt(pos) > 0x7F) {
            throw UNSUPPORTED; // a non-ASCII name character: the JDK's parser decides
        }
        int length = pos - start;
        for (String k : KNOWN) {
            if (k.length() == length && s.startsWith(k, start)) {
                return k;
            }
        }
        return s.substring(start, pos);
    }

    private static boolean nameStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':';
    }

    private static boolean nameChar(char c) {
        return c >= '0' && c <= '9' || c == '.' || c == '-';
    }

    /** {@code <?xml version="1.0" [encoding="UTF-8"] [standalone="yes|no"] ?>}; else unsupported. */
    private void declaration() {
        pos = 5;
        if (!space()) {
            throw UNSUPPORTED;
        }
        if (!"1.0".equals(attribute("version"))) {
            throw UNSUPPORTED;
        }
        boolean blank = space();
        if (blank && s.startsWith("encoding", pos)) {
            String encoding = attribute("encoding");
            if (!"UTF-8".equalsIgnoreCase(encoding)) {
                throw UNSUPPORTED;
            }
            blank = space();
        }
        if (blank && s.startsWith("standalone", pos)) {
            String standalone = attribute("standalone");
            if (!"yes".equals(standalone) && !"no".equals(standalone)) {
                throw UNSUPPORTED;
            }
            space();
        }
        if (!s.startsWith("?>", pos)) {
            throw UNSUPPORTED;
        }
        pos += 2;
    }

    /** {@code key = 'v'} or {@code key = "v"} in the declaration: answers v. */
    private String attribute(String key) {
        if (!s.startsWith(key, pos)) {
            throw UNSUPPORTED;
        }
        pos += key.length();
        space();
        if (pos >= s.length() || s.charAt(pos) != '=') {
            throw UNSUPPORTED;
        }
        pos++;
        space();
        if (pos >= s.length() || s.charAt(pos) != '"' && s.charAt(pos) != '\'') {
            throw UNSUPPORTED;
        }
        int end = s.indexOf(s.charAt(pos), pos + 1);
        if (end < 0) {
            throw UNSUPPORTED;
        }
        String v = s.substring(pos + 1, end);
        pos = end + 1;
        return v;
    }

    /** Blanks and comments before the root element or after it. */
    private void misc() {
        for (;;) {
            skipSpace();
            if (!s.startsWith("<!--", pos)) {
                return;
            }
            comment();
        }
    }

    /** Skips a comment; {@code --} inside one is not well-formed. */
    private void comment() {
        int dashes = s.indexOf("--", pos + 4);
        if (dashes < 0 || dashes + 2 >= s.length() || s.charAt(dashes + 2) != '>') {
            throw UNSUPPORTED;
        }
        pos = dashes + 3;
    }

    private boolean space() {
        int start = pos;
        skipSpace();
        return pos > start;
    }

    private void skipSpace() {
        while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\n' || s.charAt(pos) == '\t')) {
            pos++;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public void end() {
        misc();
        if (pos != s.length()) {
            throw UNSUPPORTED;
        }
    }
}
