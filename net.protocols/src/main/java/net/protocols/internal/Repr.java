package net.protocols.internal;

/**
 * Renders bytes the way Python's {@code repr()} renders a {@code bytes} object, so that traffic
 * logs are readable, one line per event, and safe for any input: printable ASCII as is,
 * {@code \t \n \r \\} and the quote escaped, every other byte as {@code \xNN}.
 */
public final class Repr {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Repr() {}

    /**
     * Renders {@code data[0, length)} as Python would, for example {@code b'GET / HTTP/1.1\r\n'}.
     *
     * @param data the bytes
     * @param length how many of them to render
     * @return the rendering
     */
    public static String bytes(byte[] data, int length) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < length; i++) {
            single |= data[i] == '\'';
            dbl |= data[i] == '"';
        }
        char quote = single && !dbl ? '"' : '\'';
        StringBuilder out = new StringBuilder(length + 3).append('b').append(quote);
        for (int i = 0; i < length; i++) {
            int b = data[i] & 0xFF;
            switch (b) {
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (b == quote) {
                        out.append('\\').append(quote);
                    } else if (b < 0x20 || b >= 0x7f) {
                        out.append("\\x").append(HEX[b >> 4]).append(HEX[b & 0xF]);
                    } else {
                        out.append((char) b);
                    }
                }
            }
        }
        return out.append(quote).toString();
    }
}
