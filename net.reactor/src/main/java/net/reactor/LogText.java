package net.reactor;

/**
 * Escapes text a peer supplied before it goes into a log line, so a peer cannot forge log lines
 * (CR, LF), colour or move the terminal's cursor (ESC), or cut a line short (NUL): every control
 * character (Unicode category Cc: U+0000–U+001F, U+007F–U+009F) and the Unicode line and
 * paragraph separators become visible escapes ({@code \r}, {@code \n}, {@code \t}, otherwise
 * {@code \}{@code uXXXX}). Any thread.
 *
 * <p>Spindle's own log lines that quote a peer (the reactor's, the protocols', the samples')
 * go through it; a protocol of yours that logs what it received should too:
 * {@snippet :
 * log.log(Level.WARNING, "bad command from {0}: {1}", peer, LogText.escape(line));
 * }
 * Backslashes are left as they are: an escaped {@code \n} stays on its line, which is what
 * matters for a log.
 */
public final class LogText {
    private LogText() {}

    /**
     * Returns {@code text} with control characters escaped; the same string when it has none.
     *
     * @param text what a peer sent, or anything derived from it
     * @return a string with no control characters
     */
    public static String escape(String text) {
        int n = text.length();
        int i = 0;
        while (i < n && !needsEscape(text.charAt(i))) {
            i++;
        }
        if (i == n) {
            return text;
        }
        StringBuilder b = new StringBuilder(n + 16).append(text, 0, i);
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                b.append(c);
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\t') {
                b.append("\\t");
            } else {
                b.append("\\u").append(Character.forDigit((c >> 12) & 0xF, 16)).append(Character.forDigit((c >> 8) & 0xF, 16))
                        .append(Character.forDigit((c >> 4) & 0xF, 16)).append(Character.forDigit(c & 0xF, 16));
            }
        }
        return b.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
    }
}
