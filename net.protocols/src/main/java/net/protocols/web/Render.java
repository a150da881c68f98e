package net.protocols.web;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import net.deferred.Deferred;

/**
 * What a {@link Resource}'s render method answers: the whole body now, a body later, or "I will
 * write the response myself" — Twisted's {@code NOT_DONE_YET}, made a type.
 *
 * <ul>
 *   <li>{@link Body}: the server writes these bytes and finishes the request; when the resource set
 *       no {@code Content-Length}, the body's length is sent.</li>
 *   <li>{@link Later}: the same, when the Deferred fires; if it fails, the client gets a 500. If
 *       the client goes away first, the Deferred is cancelled.</li>
 *   <li>{@link Streaming}: the resource keeps the {@link Request} and calls
 *       {@link Request#write} and {@link Request#finish} itself (on the reactor thread), the body
 *       going out chunked unless it set a {@code Content-Length}.</li>
 * </ul>
 */
public sealed interface Render permits Render.Body, Render.Later, Render.Streaming {

    /** The answer of a resource that will finish the request itself. */
    Streaming NOT_DONE_YET = new Streaming();

    /**
     * The whole body, now.
     *
     * @param bytes the body (not copied: do not change it afterwards)
     */
    record Body(byte[] bytes) implements Render {
        /** Checks the body is not null. */
        public Body {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * The whole body, when a Deferred fires.
     *
     * @param body fires with the body, or fails (a 500)
     */
    record Later(Deferred<byte[]> body) implements Render {
        /** Checks the Deferred is not null. */
        public Later {
            Objects.requireNonNull(body, "body");
        }
    }

    /** The resource writes and finishes the request itself; use {@link #NOT_DONE_YET}. */
    record Streaming() implements Render {}

    /**
     * A body of bytes.
     *
     * @param bytes the body
     * @return a {@link Body}
     */
    static Render bytes(byte[] bytes) {
        return new Body(bytes);
    }

    /**
     * A body of text encoded as UTF-8 (set a {@code Content-Type} with {@code charset=utf-8}).
     *
     * @param text the body
     * @return a {@link Body}
     */
    static Render text(String text) {
        return new Body(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A body that comes later.
     *
     * @param body fires with the body
     * @return a {@link Later}
     */
    static Render later(Deferred<byte[]> body) {
        return new Later(body);
    }
}
