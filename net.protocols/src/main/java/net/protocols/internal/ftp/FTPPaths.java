package net.protocols.internal.ftp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.protocols.ftp.PathRefusedException;

/**
 * Resolves a client's path text against the working directory into segments from the root
 * (Twisted's {@code toSegments}), lexically: {@code "."} and empty segments vanish, {@code ".."}
 * climbs one level and stops at the root (as {@code /..} is {@code /} on Unix), a leading slash
 * starts from the root. NUL bytes, a path over {@link #MAX_PATH} bytes and a segment over
 * {@link #MAX_SEGMENT} bytes are refused. Symbolic links are the shell's business.
 */
public final class FTPPaths {
    /** The longest path accepted, in UTF-8 bytes: Linux's PATH_MAX. */
    public static final int MAX_PATH = 4096;
    /** The longest segment accepted, in UTF-8 bytes: Linux's NAME_MAX. */
    public static final int MAX_SEGMENT = 255;

    private FTPPaths() {}

    /**
     * Resolves {@code text} against {@code cwd}.
     *
     * @param cwd the working directory's segments
     * @param text the client's path; empty means the working directory
     * @return the segments, an unmodifiable list
     * @throws PathRefusedException for a NUL byte or an over-long path or segment
     */
    public static List<String> resolve(List<String> cwd, String text) {
        if (text.indexOf('\0') >= 0) {
            throw new PathRefusedException("Path refused: it contains a NUL byte.");
        }
        if (text.length() > MAX_PATH || text.getBytes(StandardCharsets.UTF_8).length > MAX_PATH) {
            throw new PathRefusedException("Path refused: longer than " + MAX_PATH + " bytes.");
        }
        List<String> out = new ArrayList<>(text.startsWith("/") ? List.of() : cwd);
        for (String segment : text.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!out.isEmpty()) {
                    out.removeLast();
                }
                continue;
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT) {
                throw new PathRefusedException("Path refused: a name longer than " + MAX_SEGMENT + " bytes.");
            }
            out.add(segment);
        }
        return List.copyOf(out);
    }

    /**
     * The absolute path text of segments, as PWD shows it.
     *
     * @param segments from the root
     * @return {@code "/"} for the root, else {@code "/a/b"}
     */
    public static String format(List<String> segments) {
        return segments.isEmpty() ? "/" : "/" + String.join("/", segments);
    }
}
