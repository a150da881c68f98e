package net.protocols.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import net.reactor.PullProducer;
import org.jspecify.annotations.Nullable;

/**
 * Serves the files under a directory, as a minimal Twisted {@code static.File}: the rest of the
 * path names a file below the root; its {@code Content-Type} comes from its extension and its
 * body is streamed by a pull producer, 64 KiB at a time as the client reads, so a large file
 * never sits in memory. A directory is served through its {@code index.html}; without one it is
 * a 403 (no listings yet).
 *
 * <p>Nothing outside the root is served: segments {@code ..}, {@code .}, empty ones inside the
 * path, and those with a backslash or NUL are refused (404), and a path whose real location (with
 * symbolic links resolved) is outside the root's real location is a 404 too. Not there yet:
 * byte ranges, ETag/Last-Modified and conditional GET.
 *
 * <p>The file is read on the reactor thread, a chunk per {@code resumeProducing}, as Twisted does;
 * on a slow disk, prefer serving from a virtual-thread resource.
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

    private final Path root;

    /**
     * Creates a resource serving a directory.
     *
     * @param root the directory; its real path is resolved now
     * @throws IOException if the directory does not exist or cannot be resolved
     */
    public FileResource(Path root) throws IOException {
        Objects.requireNonNull(root, "root");
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
     * Streams the file the rest of the path names, or answers 301 (a directory without its
     * slash), 403 (a directory without an index) or 404.
     *
     * @param request the request
     * @return {@link Render#NOT_DONE_YET} while a file streams, else an error page
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
            file = file.resolve("index.html");
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return new ErrorPage(403, "Forbidden", "Directory listings are not served.").render(request);
            }
        }
        if (!Files.isRegularFile(file)) {
            return ErrorPage.notFound().render(request);
        }
        FileChannel channel;
        long size;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            size = channel.size();
        } catch (IOException e) {
            return ErrorPage.notFound().render(request);
        }
        request.setHeader("Content-Type", contentType(file.getFileName().toString()));
        request.setHeader("Content-Length", Long.toString(size));
        if (request.method().equals("HEAD") || size == 0) {
            close(channel);
            request.finish();
            return Render.NOT_DONE_YET;
        }
        Sender sender = new Sender(request, channel, size);
        request.notifyFinish().addErrback(f -> {
            sender.stopProducing();
            return null;
        });
        request.registerProducer(sender, false);
        return Render.NOT_DONE_YET;
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
        private final long size;
        private long sent;
        private boolean done;

        Sender(Request request, FileChannel channel, long size) {
            this.request = request;
            this.channel = channel;
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
                    if (channel.read(buffer, sent + buffer.position()) < 0) {
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
