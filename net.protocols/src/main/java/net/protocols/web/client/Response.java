package net.protocols.web.client;

import java.util.Objects;
import java.util.function.Consumer;
import net.protocols.web.Headers;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP response whose status line and headers have arrived (Twisted's
 * {@code twisted.web.client.Response}). Its body is read by handing a {@link BodyReceiver} to
 * {@link #deliverBody}, or collected with {@link Agent#readBody(Response, long)}. Until then the
 * connection stops reading (nothing is buffered beyond what one read brought), and it cannot be
 * reused: every response's body should be read or abandoned. Confined to the reactor thread.
 */
public final class Response {
    private final String version;
    private final int code;
    private final String phrase;
    private final Headers headers;
    private final long length;
    private final Consumer<BodyReceiver> deliverer;
    private boolean delivered;
    private @Nullable Response previous;

    /**
     * Creates a response; the agent does, and a test may to exercise code that reads one.
     *
     * @param version the HTTP version, e.g. {@code HTTP/1.1}
     * @param code the status code
     * @param phrase the reason phrase (possibly empty)
     * @param headers the header fields
     * @param length the body's length from its Content-Length, 0 for a response without a body,
     *     or {@link BodyProducer#UNKNOWN_LENGTH}
     * @param deliverer connects a receiver to the body; called at most once
     */
    public Response(String version, int code, String phrase, Headers headers, long length,
            Consumer<BodyReceiver> deliverer) {
        this.version = Objects.requireNonNull(version, "version");
        this.code = code;
        this.phrase = Objects.requireNonNull(phrase, "phrase");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.length = length;
        this.deliverer = Objects.requireNonNull(deliverer, "deliverer");
    }

    /**
     * The HTTP version of the status line.
     *
     * @return e.g. {@code HTTP/1.1}
     */
    public String version() {
        return version;
    }

    /**
     * The status code.
     *
     * @return e.g. 200
     */
    public int code() {
        return code;
    }

    /**
     * The reason phrase.
     *
     * @return e.g. {@code OK}; empty when the server sent none
     */
    public String phrase() {
        return phrase;
    }

    /**
     * The response's header fields.
     *
     * @return the fields, in the order received
     */
    public Headers headers() {
        return headers;
    }

    /**
     * The body's length when known in advance.
     *
     * @return bytes (0 for HEAD, 204, 304), or {@link BodyProducer#UNKNOWN_LENGTH} when chunked
     *     or ended by the close of the connection
     */
    public long length() {
        return length;
    }

    /**
     * The redirect that led here, when a {@link RedirectAgent} followed one.
     *
     * @return the previous response (its body already discarded), or null
     */
    public @Nullable Response previousResponse() {
        return previous;
    }

    void setPreviousResponse(@Nullable Response previous) {
        this.previous = previous;
    }

    /**
     * Delivers the body to a receiver: what arrived already at once, the rest as it arrives, and
     * then {@link BodyReceiver#bodyFinished}. Call on the reactor thread.
     *
     * @param receiver the receiver
     * @throws IllegalStateException if the body was already delivered
     */
    public void deliverBody(BodyReceiver receiver) {
        Objects.requireNonNull(receiver, "receiver");
        if (delivered) {
            throw new IllegalStateException("the body of this response was already delivered");
        }
        delivered = true;
        deliverer.accept(receiver);
    }

    @Override
    public String toString() {
        return "Response[" + version + " " + code + " " + phrase + "]";
    }
}
