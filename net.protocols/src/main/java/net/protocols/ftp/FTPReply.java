package net.protocols.ftp;

import java.util.List;
import java.util.Objects;

/**
 * One reply from an FTP server: its code and its lines of text (a multi-line reply has several).
 *
 * @param code the three-digit code, 100 to 599
 * @param lines the text of each line without the code and its separator; at least one
 *
 * <p>Immutable: read it from any thread.
 */
public record FTPReply(int code, List<String> lines) {

    /**
     * Checks the fields and copies the lines.
     *
     * @throws IllegalArgumentException for a code outside 100..599 or no lines
     */
    public FTPReply {
        Objects.requireNonNull(lines, "lines");
        lines = List.copyOf(lines);
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("not a reply code: " + code);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
    }

    /**
     * The text, lines joined with {@code "\n"}.
     *
     * @return the reply's text
     */
    public String text() {
        return String.join("\n", lines);
    }

    /**
     * Whether this is a preliminary reply (1xx): the final one follows.
     *
     * @return true for 100 to 199
     */
    public boolean isPreliminary() {
        return code < 200;
    }

    /**
     * Whether this refuses the command (4xx or 5xx).
     *
     * @return true for 400 to 599
     */
    public boolean isFailure() {
        return code >= 400;
    }
}
