package net.protocols.internal.webclient;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.deferred.Deferred;
import net.protocols.web.Headers;
import net.protocols.web.client.BodyProducer;
import net.protocols.web.client.BodyReceiver;
import net.protocols.web.client.HTTPClientException;
import net.protocols.web.client.MalformedResponseException;
import net.protocols.web.client.Response;
import net.protocols.web.client.ResponseFailedException;
import net.protocols.web.client.ResponseNeverReceivedException;
import net.protocols.web.client.ResponseTimeoutException;
import net.reactor.ConnectionAbortedException;
import net.reactor.DelayedCall;
import net.reactor.Producer;
import net.reactor.Protocol;
import net.reactor.PushProducer;
import net.reactor.ReactorTime;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 client connection (Twisted's {@code HTTP11ClientProtocol}): one request at a time,
 * its response parsed by a {@link ResponseParser}, then either idle again (for the pool) or closed.
 * Reactor thread only.
 */
public final class ClientConnection extends Protocol {
    private enum State { CONNECTING, IDLE, WAITING, BODY, CLOSED }

    private final ReactorTime time;
    private final int maxLine;
    private final int maxHeaders;
    private State state = State.CONNECTING;
    private @Nullable Runnable onConnected;
    private @Nullable Consumer<ClientConnection> onQuiescent;
    private @Nullable Runnable onLost;
    private @Nullable Exchange exchange;
    private @Nullable Throwable abortReason;

    /**
     * Creates an unconnected client protocol.
     *
     * @param time the clock for the response timeout
     * @param maxLine the longest response line accepted
     * @param maxHeaders the most fields accepted
     */
    public ClientConnection(ReactorTime time, int maxLine, int maxHeaders) {
        this.time = time;
        this.maxLine = maxLine;
        this.maxHeaders = maxHeaders;
    }

    /**
     * Sets a hook.
     *
     * @param action run once when the connection is made (after a TLS handshake)
     */
    public void onConnected(Runnable action) {
        onConnected = action;
    }

    /**
     * Sets a hook.
     *
     * @param action told when a response ended and the connection can take another request
     */
    public void onQuiescent(@Nullable Consumer<ClientConnection> action) {
        onQuiescent = action;
    }

    /**
     * Sets a hook.
     *
     * @param action told when the connection is lost while idle
     */
    public void onLost(@Nullable Runnable action) {
        onLost = action;
    }

    /**
     * Tells whether the connection is open and idle.
     *
     * @return whether the connection is open and idle
     */
    public boolean isIdle() {
        return state == State.IDLE;
    }

    @Override
    public void connectionMade() {
        state = State.IDLE;
        Runnable r = onConnected;
        onConnected = null;
        if (r != null) {
            r.run();
        }
    }

    /**
     * Sends a request.
     *
     * @param method the method
     * @param target the request target (path and query)
     * @param headers every field to send but the framing ones
     * @param body the body, or null
     * @param responseTimeout how long the head may take, or null
     * @return fires with the response at its head
     */
    public Deferred<Response> request(String method, String target, Headers headers, @Nullable BodyProducer body,
            @Nullable Duration responseTimeout) {
        if (state != State.IDLE) {
            throw new IllegalStateException("connection not idle: " + state);
        }
        state = State.WAITING;
        Exchange ex = new Exchange(method.equals("HEAD"), body);
        exchange = ex;
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, String> f : headers) {
            head.append(f.getKey()).append(": ").append(f.getValue()).append("\r\n");
        }
        long length = body == null ? -1 : body.length();
        if (body != null && length >= 0) {
            head.append("Content-Length: ").append(length).append("\r\n");
        } else if (body != null) {
            head.append("Transfer-Encoding: chunked\r\n");
        }
        head.append("\r\n");
        transport().write(head.toString().getBytes(ISO_8859_1));
        if (responseTimeout != null) {
            ex.timer = time.callLater(responseTimeout, () -> {
                ex.timer = null;
                abort(new ResponseTimeoutException(responseTimeout));
            });
        }
        if (body != null) {
            ex.produceBody(body, length);
        }
        return ex.result;
    }

    /**
     * Aborts the connection, failing what waits on it with {@code reason}.
     *
     * @param reason why
     */
    public void abort(Throwable reason) {
        if (state == State.CLOSED) {
            return;
        }
        if (abortReason == null) {
            abortReason = reason;
        }
        Exchange ex = exchange;
        if (ex != null) {
            ex.parser.stop();
            ex.fail(reason);
        }
        state = State.CLOSED;
        if (connected()) {
            transport().abortConnection();
        }
    }

    /** Closes an idle connection gracefully. */
    public void close() {
        if (connected() && state != State.CLOSED) {
            state = State.CLOSED;
            transport().loseConnection();
        }
    }

    @Override
    public void dataReceived(byte[] data) {
        Exchange ex = exchange;
        if (ex == null || state != State.WAITING && state != State.BODY) {
            // Bytes nobody asked for: the connection cannot be trusted any more.
            abort(new MalformedResponseException("unexpected bytes from the server while idle"));
            return;
        }
        try {
            int left = ex.parser.feed(data);
            if (left > 0) {
                // Bytes after a complete response, before any other request: not to be trusted.
                abort(new MalformedResponseException("bytes after the end of the response"));
            }
        } catch (MalformedResponseException e) {
            ex.parser.stop();
            abort(e);
        }
    }

    @Override
    public void connectionLost(Throwable reason) {
        super.connectionLost(reason);
        state = State.CLOSED;
        Exchange ex = exchange;
        if (ex != null) {
            exchange = null;
            if (!ex.parser.connectionLost()) {
                Throwable why = abortReason != null ? abortReason : reason;
                if (!ex.parser.anyByte()) {
                    ex.fail(abortReason != null ? abortReason : new ResponseNeverReceivedException(reason));
                } else {
                    ex.fail(abortReason != null ? abortReason
                            : new ResponseFailedException(ex.parser.headDone() ? "the body is incomplete"
                                    : "the response head is incomplete", why));
                }
            }
            ex.stopBody();
        }
        Runnable r = onLost;
        if (r != null) {
            r.run();
        }
    }

    private void pauseReading() {
        if (connected() && state != State.CLOSED) {
            transport().pauseProducing();
        }
    }

    private void resumeReading() {
        if (connected() && state != State.CLOSED) {
            transport().resumeProducing();
        }
    }

    /** One request and its response. */
    private final class Exchange implements ResponseParser.Listener, PushProducer {
        final Deferred<Response> result = new Deferred<>(d -> abort(new net.deferred.CancelledException()));
        final ResponseParser parser;
        @Nullable DelayedCall timer;
        @Nullable BodyProducer producer;
        boolean producing;
        // the body side
        @Nullable BodyReceiver receiver;
        final List<byte[]> buffered = new ArrayList<>();
        boolean ended;
        @Nullable Throwable endError;
        boolean receiverPaused;
        boolean waitingForReceiver;

        Exchange(boolean head, @Nullable BodyProducer body) {
            parser = new ResponseParser(this, head, maxLine, maxHeaders);
        }

        void produceBody(BodyProducer body, long length) {
            producer = body;
            producing = true;
            boolean chunked = length < 0;
            long[] written = {0};
            net.reactor.Consumer consumer = new net.reactor.Consumer() {
                @Override
                public void registerProducer(Producer p, boolean streaming) {
                    throw new IllegalStateException("the agent registers the body producer itself");
                }

                @Override
                public void unregisterProducer() {
                    throw new IllegalStateException("the agent registers the body producer itself");
                }

                @Override
                public void write(byte[] data) {
                    if (!producing || exchange != Exchange.this || !connected()) {
                        return;
                    }
                    written[0] += data.length;
                    if (!chunked && written[0] > length) {
                        abort(new HTTPClientException("the request body is longer than its declared " + length
                                + " bytes"));
                        return;
                    }
                    if (chunked) {
                        if (data.length == 0) {
                            return;
                        }
                        transport().writeSequence(List.of(
                                (Long.toHexString(data.length) + "\r\n").getBytes(ISO_8859_1), data,
                                "\r\n".getBytes(ISO_8859_1)));
                    } else {
                        transport().write(data);
                    }
                }
            };
            transport().registerProducer(body, true);
            Deferred<@Nullable Void> done;
            try {
                done = body.startProducing(consumer);
            } catch (RuntimeException e) {
                done = Deferred.fail(e);
            }
            done.addCallbacks(x -> {
                if (producing && exchange == this && connected()) {
                    producing = false;
                    transport().unregisterProducer();
                    if (chunked) {
                        transport().write("0\r\n\r\n".getBytes(ISO_8859_1));
                    } else if (written[0] != length) {
                        abort(new HTTPClientException("the request body ended after " + written[0]
                                + " of its declared " + length + " bytes"));
                    }
                    maybeQuiescent();
                }
                return null;
            }, f -> {
                if (producing && exchange == this) {
                    producing = false;
                    abort(new HTTPClientException("the request body's producer failed", f.value()));
                }
                return null;
            });
        }

        void stopBody() {
            if (producing) {
                producing = false;
                BodyProducer p = producer;
                if (p != null) {
                    p.stopProducing();
                }
            }
        }

        void fail(Throwable reason) {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
            if (!result.called()) {
                result.errback(reason);
            } else if (!ended) {
                finishBody(reason);
            }
        }

        @Override
        public void headReceived(String version, int code, String phrase, Headers headers, long length) {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
            state = State.BODY;
            Response r = new Response(version, code, phrase, headers, length, this::deliver);
            if (!result.called()) {
                result.callback(r);
            }
        }

        @Override
        public void bodyReceived(byte[] data) {
            BodyReceiver r = receiver;
            if (r != null) {
                r.dataReceived(data);
            } else {
                buffered.add(data);
                if (!waitingForReceiver) {
                    // Nobody reads yet: stop reading the socket rather than buffer without bound.
                    waitingForReceiver = true;
                    pauseReading();
                }
            }
        }

        @Override
        public void bodyEnded() {
            if (ended) {
                return;
            }
            end(null);
            // Back to the pool first, then tell the receiver: a request it makes from there can
            // take this very connection.
            maybeQuiescent();
            BodyReceiver r = receiver;
            if (r != null) {
                r.bodyFinished(null);
            }
        }

        void finishBody(@Nullable Throwable error) {
            if (ended) {
                return;
            }
            end(error);
            BodyReceiver r = receiver;
            if (r != null) {
                r.bodyFinished(error);
            }
        }

        private void end(@Nullable Throwable error) {
            ended = true;
            endError = error;
            if (waitingForReceiver || receiverPaused) {
                waitingForReceiver = false;
                receiverPaused = false;
                resumeReading();
            }
        }

        /** When both the response and the request body are done, the connection is idle again or closed. */
        void maybeQuiescent() {
            if (!ended || producing || exchange != this || state == State.CLOSED) {
                return;
            }
            exchange = null;
            if (endError == null && parser.persistent()) {
                state = State.IDLE;
                Consumer<ClientConnection> q = onQuiescent;
                if (q != null) {
                    q.accept(ClientConnection.this);
                } else {
                    close();
                }
            } else {
                close();
            }
        }

        void deliver(BodyReceiver r) {
            receiver = r;
            r.bodyStarted(this);
            for (byte[] b : buffered) {
                r.dataReceived(b);
            }
            buffered.clear();
            if (ended) {
                r.bodyFinished(endError);
            } else if (waitingForReceiver) {
                waitingForReceiver = false;
                if (!receiverPaused) {
                    resumeReading();
                }
            }
        }

        @Override
        public void pauseProducing() {
            if (!ended && !receiverPaused) {
                receiverPaused = true;
                pauseReading();
            }
        }

        @Override
        public void resumeProducing() {
            if (!ended && receiverPaused) {
                receiverPaused = false;
                resumeReading();
            }
        }

        @Override
        public void stopProducing() {
            if (!ended) {
                parser.stop();
                abort(new ResponseFailedException("the body was abandoned",
                        new ConnectionAbortedException("stopProducing")));
            }
        }
    }
}
