package net.protocols.irc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One IRC protocol message: IRCv3 tags, an optional prefix (the source), a command (a word or a
 * three-digit numeric) and its parameters, the last of which may contain spaces.
 *
 * {@snippet :
 * IRCMessage m = IRCMessage.parse("@time=2026-01-01T00:00:00Z :alice!a@host PRIVMSG #spindle :hi there");
 * // m.tags() = {time=2026-01-01T00:00:00Z}, m.nick() = "alice", m.command() = "PRIVMSG",
 * // m.params() = [#spindle, hi there]
 * }
 *
 * <p>Tag values are unescaped as IRCv3 says ({@code \:} is {@code ;}, {@code \s} a space, and so
 * on); a tag without a value maps to the empty string. Commands are upper-cased.
 *
 * @param tags the message tags, in the order sent (unmodifiable; empty if none)
 * @param prefix the source ({@code nick!user@host} or a server name), or {@code null}
 * @param command the command, upper case
 * @param params the parameters, the trailing one included (unmodifiable)
 */
public record IRCMessage(Map<String, String> tags, @Nullable String prefix, String command, List<String> params) {

    /** The most parameters RFC 2812 allows in one message. */
    public static final int MAX_PARAMS = 15;

    /**
     * Checks and copies the parts.
     *
     * @param tags the tags
     * @param prefix the prefix, or {@code null}
     * @param command the command, not empty, without spaces
     * @param params the parameters
     * @throws IRCParseException if the command is empty or contains a space, CR, LF or NUL
     */
    public IRCMessage {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        params = List.copyOf(params);
        if (command.isEmpty() || !isWord(command)) {
            throw new IRCParseException("bad command: " + command);
        }
    }

    /**
     * Creates a message without tags or prefix, as a client sends it.
     *
     * @param command the command
     * @param params its parameters
     * @return the message
     */
    public static IRCMessage of(String command, String... params) {
        return new IRCMessage(Map.of(), null, command, List.of(params));
    }

    /**
     * Parses one line, without its line ending (a trailing CR is ignored).
     *
     * @param line the line
     * @return the message
     * @throws IRCParseException if the line is not an IRC message
     */
    public static IRCMessage parse(String line) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        int i = 0;
        Map<String, String> tags = new LinkedHashMap<>();
        if (i < end && line.charAt(i) == '@') {
            int space = indexOf(line, ' ', i, end);
            if (space < 0) {
                throw new IRCParseException("tags but no command");
            }
            parseTags(line.substring(i + 1, space), tags);
            i = skipSpaces(line, space, end);
        }
        String prefix = null;
        if (i < end && line.charAt(i) == ':') {
            int space = indexOf(line, ' ', i, end);
            if (space < 0) {
                throw new IRCParseException("prefix but no command");
            }
            prefix = line.substring(i + 1, space);
            if (prefix.isEmpty()) {
                throw new IRCParseException("empty prefix");
            }
            i = skipSpaces(line, space, end);
        }
        int space = indexOf(line, ' ', i, end);
        int commandEnd = space < 0 ? end : space;
        String command = line.substring(i, commandEnd);
        if (command.isEmpty()) {
            throw new IRCParseException("no command");
        }
        for (int k = 0; k < command.length(); k++) {
            char c = command.charAt(k);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                throw new IRCParseException("bad command: " + command);
            }
        }
        List<String> params = new ArrayList<>();
        i = commandEnd;
        while (i < end) {
            i = skipSpaces(line, i, end);
            if (i >= end) {
                break;
            }
            if (line.charAt(i) == ':') {
                params.add(line.substring(i + 1, end));
                break;
            }
            int next = indexOf(line, ' ', i, end);
            int paramEnd = next < 0 ? end : next;
            params.add(line.substring(i, paramEnd));
            i = paramEnd;
        }
        for (String p : params) {
            if (p.indexOf('\0') >= 0 || p.indexOf('\r') >= 0 || p.indexOf('\n') >= 0) {
                throw new IRCParseException("NUL, CR or LF in a parameter");
            }
        }
        if (prefix != null && !isWord(prefix)) {
            throw new IRCParseException("NUL, CR or LF in the prefix");
        }
        return new IRCMessage(tags, prefix, command.toUpperCase(java.util.Locale.ROOT), params);
    }

    /**
     * The nickname part of the prefix: what comes before {@code !}, or the whole prefix.
     *
     * @return the nickname (or server name), or {@code ""} if there is no prefix
     */
    public String nick() {
        if (prefix == null) {
            return "";
        }
        int bang = prefix.indexOf('!');
        return bang < 0 ? prefix : prefix.substring(0, bang);
    }

    /**
     * A parameter, or {@code ""} if there are fewer.
     *
     * @param index which parameter, from 0 (a negative index also gives {@code ""})
     * @return the parameter, or the empty string
     */
    public String param(int index) {
        return index >= 0 && index < params.size() ? params.get(index) : "";
    }

    /**
     * The line this message is sent as, without the line ending. The last parameter is sent in
     * the trailing form ({@code :...}) when it is empty, starts with a colon or contains a space.
     *
     * @return the line
     * @throws IllegalArgumentException if a parameter other than the last is empty, contains a
     *     space or starts with a colon, or any part contains CR, LF or NUL
     */
    public String toLine() {
        StringBuilder b = new StringBuilder();
        if (!tags.isEmpty()) {
            b.append('@');
            boolean first = true;
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                if (!first) {
                    b.append(';');
                }
                first = false;
                b.append(tag.getKey());
                if (!tag.getValue().isEmpty()) {
                    b.append('=');
                    escapeTagValue(tag.getValue(), b);
                }
            }
            b.append(' ');
        }
        if (prefix != null) {
            b.append(':').append(prefix).append(' ');
        }
        b.append(command);
        for (int k = 0; k < params.size(); k++) {
            String p = params.get(k);
            if (!isWord(p.replace(' ', 'x'))) {
                throw new IllegalArgumentException("CR, LF or NUL in a parameter");
            }
            boolean last = k == params.size() - 1;
            boolean trailing = p.isEmpty() || p.startsWith(":") || p.indexOf(' ') >= 0;
            if (trailing && !last) {
                throw new IllegalArgumentException("only the last parameter may be empty, start with ':' or contain spaces: " + p);
            }
            b.append(' ');
            if (trailing) {
                b.append(':');
            }
            b.append(p);
        }
        return b.toString();
    }

    private static boolean isWord(String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == ' ' || c == '\r' || c == '\n' || c == '\0') {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(String s, char c, int from, int end) {
        int at = s.indexOf(c, from);
        return at < end ? at : -1;
    }

    private static int skipSpaces(String s, int from, int end) {
        int i = from;
        while (i < end && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static void parseTags(String raw, Map<String, String> into) {
        if (raw.isEmpty()) {
            throw new IRCParseException("empty tag section");
        }
        for (String tag : raw.split(";", -1)) {
            if (tag.isEmpty()) {
                continue; // "a;;b" and a trailing ";" are tolerated, as most servers do
            }
            int eq = tag.indexOf('=');
            String key = eq < 0 ? tag : tag.substring(0, eq);
            if (key.isEmpty() || !isTagKey(key)) {
                throw new IRCParseException("bad tag key: " + key);
            }
            into.put(key, eq < 0 ? "" : unescapeTagValue(tag.substring(eq + 1)));
        }
    }

    private static boolean isTagKey(String key) {
        for (int k = 0; k < key.length(); k++) {
            char c = key.charAt(k);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '/' || c == '+' || (c == '_');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** IRCv3: an unknown escape drops the backslash, a lone backslash at the end is dropped. */
    static String unescapeTagValue(String v) {
        if (v.indexOf('\\') < 0) {
            return v;
        }
        StringBuilder b = new StringBuilder(v.length());
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (++k >= v.length()) {
                break;
            }
            char e = v.charAt(k);
            b.append(switch (e) {
                case ':' -> ';';
                case 's' -> ' ';
                case 'r' -> '\r';
                case 'n' -> '\n';
                default -> e;
            });
        }
        return b.toString();
    }

    static void escapeTagValue(String v, StringBuilder b) {
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            switch (c) {
                case ';' -> b.append("\\:");
                case ' ' -> b.append("\\s");
                case '\\' -> b.append("\\\\");
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
    }

    /**
     * A readable form, for logs.
     *
     * @return the line
     */
    @Override
    public String toString() {
        return Objects.requireNonNullElse(safeLine(), command);
    }

    private @Nullable String safeLine() {
        try {
            return toLine();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
