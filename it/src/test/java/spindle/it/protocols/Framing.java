package spindle.it.protocols;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import net.protocols.basic.FrameTooLongException;
import net.protocols.basic.Int32StringReceiver;
import net.protocols.basic.LineReceiver;
import net.protocols.basic.LineTooLongException;
import net.protocols.basic.NetstringParseException;
import net.protocols.basic.NetstringReceiver;
import net.reactor.Protocol;

/** The three framings Spindle shares with Twisted, as the interop tests use them. */
enum Framing {
    LINE("line", LineTooLongException.class) {
        @Override
        Protocol protocol(Endpoint endpoint, int maxLength) {
            LineReceiver p = new LineReceiver() {
                @Override
                public void connectionMade() {
                    endpoint.made(this::sendLine, this);
                }

                @Override
                protected void lineReceived(byte[] line) {
                    endpoint.received(line, this::sendLine);
                }

                @Override
                public void connectionLost(Throwable reason) {
                    super.connectionLost(reason);
                    endpoint.lost.complete(reason);
                }
            };
            p.setMaxLength(maxLength);
            return p;
        }

        @Override
        byte[] encode(byte[] payload) {
            return concat(payload, "\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    },

    INT32("int32", FrameTooLongException.class) {
        @Override
        Protocol protocol(Endpoint endpoint, int maxLength) {
            Int32StringReceiver p = new Int32StringReceiver() {
                @Override
                public void connectionMade() {
                    endpoint.made(this::sendString, this);
                }

                @Override
                protected void stringReceived(byte[] string) {
                    endpoint.received(string, this::sendString);
                }

                @Override
                public void connectionLost(Throwable reason) {
                    super.connectionLost(reason);
                    endpoint.lost.complete(reason);
                }
            };
            p.setMaxLength(maxLength);
            return p;
        }

        @Override
        byte[] encode(byte[] payload) {
            int n = payload.length;
            return concat(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n}, payload);
        }
    },

    NETSTRING("netstring", NetstringParseException.class) {
        @Override
        Protocol protocol(Endpoint endpoint, int maxLength) {
            NetstringReceiver p = new NetstringReceiver() {
                @Override
                public void connectionMade() {
                    endpoint.made(this::sendString, this);
                }

                @Override
                protected void stringReceived(byte[] string) {
                    endpoint.received(string, this::sendString);
                }

                @Override
                public void connectionLost(Throwable reason) {
                    super.connectionLost(reason);
                    endpoint.lost.complete(reason);
                }
            };
            p.setMaxLength(maxLength);
            return p;
        }

        @Override
        byte[] encode(byte[] payload) {
            return concat(concat((payload.length + ":").getBytes(StandardCharsets.US_ASCII), payload), new byte[] {','});
        }
    };

    /** The name twisted_peer.py knows the framing by. */
    final String peerName;
    /** The reason Spindle's receiver closes with when the peer breaks the framing. */
    final Class<? extends RuntimeException> rejection;

    Framing(String peerName, Class<? extends RuntimeException> rejection) {
        this.peerName = peerName;
        this.rejection = rejection;
    }

    abstract Protocol protocol(Endpoint endpoint, int maxLength);

    abstract byte[] encode(byte[] payload);

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * What one Spindle end does: a script run when connected, and a reaction to each frame. It
     * records the frames and the reason the connection ended. Reactor thread only, except the
     * {@link #lost} future.
     */
    static final class Endpoint {
        final List<String> frames = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();
        BiConsumer<Consumer<byte[]>, Protocol> onMade = (send, p) -> {};
        BiConsumer<byte[], Consumer<byte[]>> onFrame = (frame, send) -> {};

        void made(Consumer<byte[]> send, Protocol protocol) {
            onMade.accept(send, protocol);
        }

        void received(byte[] frame, Consumer<byte[]> send) {
            frames.add(new String(frame, StandardCharsets.ISO_8859_1));
            onFrame.accept(frame, send);
        }
    }
}
