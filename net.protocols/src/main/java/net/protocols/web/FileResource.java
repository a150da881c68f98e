package net.protocols.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import net.deferred.Outcome;
import net.reactor.PullProducer;
import org.jspecify.annotations.Nullable;

/**
 * Serves the files under a directory, as a minimal Twisted {@code static.File}: the rest of the
 * path names a file below the root; its {@code Content-Type} comes from its extension and its
 * body (the file, or the byte range asked for) is sent with {@link Request#sendFile} where the
 * connection can ({@link Request#canSendFile()}: on plain TCP from the page cache to the socket
 * with sendfile(2), no copy through the heap; under TLS in chunks read off the reactor thread),
 * else streamed by a pull producer, 64 KiB at a time as the client reads; a large file never
 * sits in memory. A directory is served through its {@code index.html}; without one it is
 * a 403, or an HTML listing (names escaped) when the resource was built with listings on.
 *
 * <p>Every file carries {@code ETag} (its size and modification time) and {@code Last-Modified},
 * and conditional requests are answered as RFC 9110 §13 orders them: {@code If-Match}, else
 * {@code If-Unmodified-Since}, failing → 412; {@code If-None-Match}, else
 * {@code If-Modified-Since}, matching → 304. A single byte range ({@code Range: bytes=a-b},
 * {@code a-}, {@code -n}) is a 206 with {@code Content-Range}; a range starting past the end is a
 * 416 with {@code Content-Range: bytes *}{@code /size}; several ranges get the whole file (200),
 * not {@code multipart/byteranges} (RFC 9110 lets a server ignore {@code Range}); a range whose
 * {@code If-Range} validator no longer matches gets the whole file too.
 *
 * <p>Nothing outside the root is served: segments {@code ..}, {@code .}, empty ones inside the
 * path, and those with a backslash or NUL are refused (404), and a path whose real location (with
 * symbolic links resolved) is outside the root's real location is a 404 too.
 *
 * <p>sendfile reads the file within the reactor's writable events (at most 1 MiB per event),
 * and the pull producer reads it on the reactor thread, a chunk per {@code resumeProducing}, as
 * Twisted does: instant from the page cache; on a slow disk with a cold cache, prefer serving
 * from a virtual-thread resource.
 */
public class FileResource extends Resource {
    private static final int CHUNK = 64 * 1024;
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("xml", "application/xml"), Map.entry("csv", "text/csv; charset=utf-8"),
            Map.entry("md", "text/markdown; charset=utf-8"), Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"),
            Map.entry("svg", "image/svg+xml"), Map.entry("ico", "image/vnd.microsoft.icon"),
            Map.entry("webp", "image/webp"), Map.entry("pdf", "application/pdf"),
            Map.entry("wasm", "application/wasm"), Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"), Map.entry("tar", "application/x-tar"),
            Map.entry("mp4", "video/mp4"), Map.entry("mp3", "audio/mpeg"), Map.entry("woff2", "font/woff2"));

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final Path root;
    private final boolean listDirectories;

    /**
     * Creates a resource serving a directory, without directory listings.
     *
     * @param root the directory; its real path is resolved now
     * @throws IOException if the directory does not exist or cannot be resolved
     */
    public FileResource(Path root) throws IOException {
        this(root, false);
    }

    /**
     * Creates a resource serving a directory.
     *
     * @param root the directory; its real path is resolved now
     * @param listDirectories whether a directory without {@code index.html} is answered with a
     *     listing of its entries (else 403)
     * @throws IOException if the directory does not exist or cannot be resolved
     */
    public FileResource(Path root, boolean listDirectories) throws IOException {
        Objects.requireNonNull(root, "root");
        this.listDirectories = listDirectories;
        this.root = root.toRealPath();
        if (!Files.isDirectory(this.root)) {
            throw new IOException("not a directory: " + root);
        }
    }

    /**
     * The content type served for a file name, by its extension.
     *
     * @param fileName the name
     * @return the type, {@code application/octet-stream} when unknown
     */
    public static String contentType(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    /**
     * The rest of the path is this resource's to interpret.
     *
     * @return true
     */
    @Override
    public boolean isLeaf() {
        return true;
    }

    /**
     * Files are read with GET and HEAD.
     *
     * @return {@code GET} and {@code HEAD}
     */
    @Override
    public Set<String> allowedMethods() {
        return Set.of("GET", "HEAD");
    }

    /**
     * Streams the file the rest of the path names (whole, or one byte range), or answers 304 or
     * 412 (conditional requests), 416 (a range past the end), 301 (a directory without its
     * slash), a listing or 403 (a directory without an index) or 404.
     *
     * @param request the request
     * @return {@link Render#NOT_DONE_YET} while a file streams, else the page to answer
     */
    @Override
    protected Render renderGET(Request request) {
        Path file = locate(request);
        if (file == null) {
            return ErrorPage.notFound().render(request);
        }
        if (Files.isDirectory(file)) {
            if (!request.path().endsWith("/")) {
                request.setResponseCode(301);
                request.setHeader("Location", request.path() + "/");
                return Render.text("");
            }
            Path index = file.resolve("index.html");
            if (!Files.isRegularFile(index, LinkOption.NOFOLLOW_LINKS)) {
                if (listDirectories) {
                    return listing(request, file);
                }
                return new ErrorPage(403, "Forbidden", "Directory listings are not served.").render(request);
            }
            file = index;
        }
        if (!Files.isRegularFile(file)) {
            return ErrorPage.notFound().render(request);
        }
        FileChannel channel;
        long size;
        Instant modified;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            size = channel.size();
            modified = Files.readAttributes(file, BasicFileAttributes.class).lastModifiedTime().toInstant();
        } catch (IOException e) {
            return ErrorPage.notFound().render(request);
        }
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(modified.toEpochMilli()) + "\"";
        long modifiedSecond = modified.getEpochSecond();
        request.setHeader("ETag", etag);
        request.setHeader("Last-Modified", HTTP_DATE.format(Instant.ofEpochSecond(modifiedSecond)));
        request.setHeader("Accept-Ranges", "bytes");
        int conditional = evaluatePreconditions(request, etag, modifiedSecond);
        if (conditional != 0) {
            close(channel);
            request.setResponseCode(conditional);
            if (conditional == 412) {
                request.setHeader("Content-Type", "text/plain; charset=utf-8");
                return Render.text("412 Precondition Failed\n");
            }
            return Render.bytes(new byte[0]);
        }
        long start = 0;
        long length = size;
        String range = request.getHeader("Range");
        if (range != null && request.method().equals("GET") && ifRangeHolds(request, etag, modifiedSecond)) {
            long[] r = parseRange(range, size);
            if (r == UNSATISFIABLE) {
                close(channel);
                request.setResponseCode(416);
                request.setHeader("Content-Range", "bytes */" + size);
                request.setHeader("Content-Type", "text/plain; charset=utf-8");
                return Render.text("416 Range Not Satisfiable\n");
            }
            if (r != null) {
                start = r[0];
                length = r[1] - r[0] + 1;
                request.setResponseCode(206);
                request.setHeader("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + size);
            }
        }
        request.setHeader("Content-Type", contentType(file.getFileName().toString()));
        request.setHeader("Content-Length", Long.toString(length));
        if (request.method().equals("HEAD") || length == 0) {
            close(channel);
            request.finish();
            return Render.NOT_DONE_YET;
        }
        if (request.canSendFile()) {
            // The socket sends the file from the page cache (sendfile), or TLS reads it in chunks
            // off the reactor thread; either way the body is done when the Deferred fires.
            request.sendFile(channel, start, length).addBoth(outcome -> {
                close(channel);
                if (outcome instanceof Outcome.Success<Long>) {
                    request.finish();
                }
                return null; // a failure means the client has gone: nothing is left to answer
            });
            return Render.NOT_DONE_YET;
        }
        Sender sender = new Sender(request, channel, start, length);
        request.notifyFinish().addErrback(f -> {
            sender.stopProducing();
            return null;
        });
        request.registerProducer(sender, false);
        return Render.NOT_DONE_YET;
    }

    private static final long[] UNSATISFIABLE = new long[0];

    /**
     * RFC 9110 §13.2.2's order: If-Match, else If-Unmodified-Since (412); If-None-Match, else
     * If-Modified-Since (304 for GET and HEAD). Dates have one-second resolution.
     *
     * @return 0 to go on, or 304 or 412
     */
    static int evaluatePreconditions(Request request, String etag, long modifiedSecond) {
        List<String> ifMatch = request.requestHeaders().getAll("If-Match");
        if (!ifMatch.isEmpty()) {
            if (!matches(ifMatch, etag, false)) {
                return 412;
            }
        } else {
            Long since = parseDate(request.getHeader("If-Unmodified-Since"));
            if (since != null && modifiedSecond > since) {
                return 412;
            }
        }
        boolean getOrHead = request.method().equals("GET") || request.method().equals("HEAD");
        List<String> ifNoneMatch = request.requestHeaders().getAll("If-None-Match");
        if (!ifNoneMatch.isEmpty()) {
            if (matches(ifNoneMatch, etag, true)) {
                return getOrHead ? 304 : 412;
            }
        } else if (getOrHead) {
            Long since = parseDate(request.getHeader("If-Modified-Since"));
            if (since != null && modifiedSecond <= since) {
                return 304;
            }
        }
        return 0;
    }

    /** Whether a list of entity tags names {@code etag}: strongly for If-Match, weakly for If-None-Match. */
    private static boolean matches(List<String> fields, String etag, boolean weak) {
        for (String field : fields) {
            for (String t : field.split(",")) {
                String tag = t.strip();
                if (tag.equals("*")) {
                    return true;
                }
                if (weak && tag.startsWith("W/")) {
                    tag = tag.substring(2);
                }
                if (tag.equals(etag)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** If-Range: the range applies only while the validator still matches (strongly). */
    private static boolean ifRangeHolds(Request request, String etag, long modifiedSecond) {
        String ifRange = request.getHeader("If-Range");
        if (ifRange == null) {
            return true;
        }
        if (ifRange.startsWith("\"")) {
            return ifRange.equals(etag);
        }
        Long date = parseDate(ifRange);
        return date != null && date == modifiedSecond;
    }

    private static @Nullable Long parseDate(@Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
        } catch (DateTimeParseException e) {
            return null; // an invalid date is ignored, as RFC 9110 says
        }
    }

    /**
     * One byte range of a file of {@code size} bytes: {@code {first, last}}, {@link #UNSATISFIABLE},
     * or null to send the whole file (a malformed field, another unit, or several ranges).
     */
    static long @Nullable [] parseRange(String field, long size) {
        String f = field.strip();
        if (!f.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String spec = f.substring(6).strip();
        if (spec.indexOf(',') >= 0) {
            return null; // several ranges: the whole file rather than multipart/byteranges
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        if (!digits(a) && !a.isEmpty() || !digits(b) && !b.isEmpty() || a.isEmpty() && b.isEmpty()) {
            return null;
        }
        try {
            if (a.isEmpty()) { // the last b bytes
                long n = Long.parseLong(b);
                if (n == 0 || size == 0) {
                    return UNSATISFIABLE;
                }
                return new long[] {Math.max(0, size - n), size - 1};
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
            if (last < first) {
                return null; // invalid: ignored
            }
            if (first >= size) {
                return UNSATISFIABLE;
            }
            return new long[] {first, Math.min(last, size - 1)};
        } catch (NumberFormatException e) {
            return null; // more digits than a long: ignored
        }
    }

    private static boolean digits(String s) {
        return !s.isEmpty() && s.length() <= 18 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** An HTML list of a directory's entries, names escaped, links percent-encoded. */
    private Render listing(Request request, Path dir) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(p -> names.add(p.getFileName().toString() + (Files.isDirectory(p) ? "/" : "")));
        } catch (IOException e) {
            return ErrorPage.notFound().render(request);
        }
        names.sort(null);
        String title = ErrorPage.escape("Directory listing for " + request.path());
        StringBuilder b = new StringBuilder(256 + names.size() * 64);
        b.append("<html>\n  <head><title>").append(title).append("</title></head>\n  <body>\n    <h1>")
                .append(title).append("</h1>\n    <ul>\n");
        for (String name : names) {
            b.append("      <li><a href=\"").append(ErrorPage.escape(encodeSegment(name))).append("\">")
                    .append(ErrorPage.escape(name)).append("</a></li>\n");
        }
        b.append("    </ul>\n  </body>\n</html>\n");
        request.setHeader("Content-Type", "text/html; charset=utf-8");
        return Render.text(b.toString());
    }

    /** Percent-encodes a name for a relative link, keeping a trailing slash. */
    private static String encodeSegment(String name) {
        StringBuilder b = new StringBuilder();
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xFF;
            boolean last = i == bytes.length - 1;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0
                    || c == '/' && last) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    /** The file the request's remaining path names, if it is safely under the root. */
    private @Nullable Path locate(Request request) {
        Path p = root;
        int n = request.postpath().size();
        for (int i = 0; i < n; i++) {
            String segment = request.postpath().get(i);
            if (segment.isEmpty() && i == n - 1) {
                break; // a trailing slash
            }
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.indexOf('\\') >= 0
                    || segment.indexOf('\0') >= 0 || segment.indexOf('/') >= 0) {
                return null;
            }
            p = p.resolve(segment);
        }
        try {
            Path real = p.toRealPath();
            return real.startsWith(root) ? real : null;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only: nothing to lose
        }
    }

    /** Writes the file a chunk each time the connection asks for more. */
    private static final class Sender implements PullProducer {
        private final Request request;
        private final FileChannel channel;
        private final long start;
        private final long size;
        private long sent;
        private boolean done;

        Sender(Request request, FileChannel channel, long start, long size) {
            this.request = request;
            this.channel = channel;
            this.start = start;
            this.size = size;
        }

        @Override
        public void resumeProducing() {
            if (done) {
                return;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, size - sent));
            try {
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, start + sent + buffer.position()) < 0) {
                        throw new IOException("file shrank while being sent");
                    }
                }
            } catch (IOException e) {
                done = true;
                close(channel);
                request.unregisterProducer();
                request.processingFailed(e); // headers are out: the connection is closed
                return;
            }
            sent += buffer.capacity();
            request.write(buffer.array());
            if (sent == size) {
                done = true;
                close(channel);
                request.unregisterProducer();
                request.finish();
            }
        }

        @Override
        public void stopProducing() {
            if (!done) {
                done = true;
                close(channel);
            }
        }
    }
}
