package net.protocols.web.client;

import java.util.Objects;
import net.deferred.Deferred;
import net.reactor.Consumer;
import net.reactor.PushProducer;
import org.jspecify.annotations.Nullable;

/**
 * A request body (Twisted's {@code IBodyProducer}). The agent asks for its {@link #length()}
 * (sent as {@code Content-Length}; when unknown the body goes out chunked), then calls
 * {@link #startProducing(Consumer)} once the request head is written and registers the producer
 * on the connection, so {@link #pauseProducing()} and {@link #resumeProducing()} follow the
 * socket's flow control. Every method is called on the reactor thread, and the producer writes
 * to the consumer on it.
 */
public interface BodyProducer extends PushProducer {
    /** {@link #length()} when the length is not known in advance: the body is sent chunked. */
    long UNKNOWN_LENGTH = -1;

    /**
     * How many bytes the body has.
     *
     * @return the length, or {@link #UNKNOWN_LENGTH}
     */
    long length();

    /**
     * Starts writing the body to {@code consumer}; only {@link Consumer#write(byte[])} may be
     * used (the agent registers this producer itself).
     *
     * @param consumer where the body goes
     * @return fires when the whole body has been written; failing it aborts the request
     */
    Deferred<@Nullable Void> startProducing(Consumer consumer);

    /** Does nothing unless overridden: a producer that writes everything at once never pauses. */
    @Override
    default void pauseProducing() {}

    /** Does nothing unless overridden. */
    @Override
    default void resumeProducing() {}

    /** Does nothing unless overridden: called when the request is abandoned before the body is written. */
    @Override
    default void stopProducing() {}

    /**
     * A body of bytes known in advance, written at once.
     *
     * @param body the bytes (not copied: do not change them afterwards)
     * @return a producer with that length
     */
    static BodyProducer of(byte[] body) {
        Objects.requireNonNull(body, "body");
        return new BodyProducer() {
            @Override
            public long length() {
                return body.length;
            }

            @Override
            public Deferred<@Nullable Void> startProducing(Consumer consumer) {
                if (body.length > 0) {
                    consumer.write(body);
                }
                return Deferred.succeed(null);
            }
        };
    }
}
