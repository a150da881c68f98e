package net.protocols.amp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.protocols.internal.InputBuffer;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSOptions;
import net.protocols.tls.TLSTransport;
import net.reactor.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * The AMP box layer (Twisted's {@code BinaryBoxProtocol}): parses the byte stream into
 * {@link AmpBox}es for a {@link BoxReceiver} and writes the boxes it is given.
 *
 * <p><b>Hostile input.</b> A key length over 255 closes the connection with a
 * {@link TooLongException}; a box whose keys and values add up to more than
 * {@link #maxBoxBytes()} (16 MiB by default; Twisted has no limit) closes it with a
 * {@link MalformedBoxException}; an exception thrown by the receiver for a box closes it with
 * that exception. In every case the reason reaches {@code connectionLost} and the receiver's
 * {@link BoxReceiver#stopReceivingBoxes}, and no further box is delivered. A value length
 * cannot exceed 65,535: the 2-byte prefix cannot say more. Bytes that end in the middle of a box
 * are simply never delivered.
 *
 * <p><b>Changing the connection between two boxes.</b> AMP's {@link StartTLS} and protocol
 * switch act here, on a box boundary, as Twisted's {@code BinaryBoxProtocol} does: while a
 * StartTLS call waits for its answer, boxes are held back, then sent encrypted; after a switch
 * the box layer stays the connection's protocol and relays every byte and the
 * {@code connectionLost} to the protocol switched to, which was connected to this layer's own
 * transport (so it writes straight to the connection, through TLS if TLS was started). A hand-over
 * inside this class rather than {@link net.reactor.Transport#insertLayer}: a layer goes
 * <em>under</em> a protocol, and a connection takes one inserted layer, which TLS may have used
 * already (AMP can negotiate TLS, then switch, as Twisted's documentation suggests). Bytes that
 * arrived behind the box that changed the connection go to the TLS layer or to the new protocol,
 * never to the box parser.
 *
 * <p><b>Writes.</b> Boxes sent while a read is being parsed (the answers of responders that
 * answer at once) are gathered and written together when the read is parsed, before the layer
 * starts TLS, switches, or closes the connection itself; other boxes are written at once. Write to
 * the connection only through boxes: bytes written straight to the transport from a responder
 * would overtake the gathered answers.
 *
 * <p><b>Threading:</b> reactor thread only, like every protocol.
 */
public class BinaryBoxProtocol extends Protocol implements BoxSender {
    /** The default limit on one box's size, in bytes. */
    public static final int DEFAULT_MAX_BOX_BYTES = 16 * 1024 * 1024;

    private final BoxReceiver receiver;
    private final InputBuffer input = new InputBuffer();
    private int maxBoxBytes = DEFAULT_MAX_BOX_BYTES;

    // The box being parsed, and the key whose value comes next (null while reading a key).
    private AmpBox box = new AmpBox();
    private int boxBytes;
    private String key = "";
    private boolean readingValue;
    private boolean rejected;
    private boolean lost;

    // StartTLS: boxes sent while our StartTLS call waits for its answer (null when not waiting).
    private @Nullable List<byte[]> held;
    private @Nullable TLSTransport tls;
    // Protocol switching: no box may be sent while locked; once switched, bytes go to inner.
    private boolean locked;
    private @Nullable Protocol inner;
    // Where the unparsed bytes go once the box being delivered has changed the connection.
    private @Nullable Protocol handOff;
    private boolean parsing;
    // Boxes sent while a read is parsed, written together when it is done (one system call for
    // the answers to a read's calls, where Twisted's transport buffers until the loop turns).
    private final List<byte[]> gathered = new ArrayList<>();

    /**
     * Creates the box layer for a receiver.
     *
     * @param receiver where boxes go
     */
    public BinaryBoxProtocol(BoxReceiver receiver) {
        this.receiver = Objects.requireNonNull(receiver, "receiver");
    }

    /**
     * The receiver boxes go to.
     *
     * @return the receiver
     */
    public final BoxReceiver boxReceiver() {
        return receiver;
    }

    /**
     * The largest box accepted, counting keys, values and their prefixes.
     *
     * @return the limit in bytes
     */
    public final int maxBoxBytes() {
        return maxBoxBytes;
    }

    /**
     * Changes the largest box accepted.
     *
     * @param maxBoxBytes the new limit, in bytes, at least 2
     */
    public final void setMaxBoxBytes(int maxBoxBytes) {
        if (maxBoxBytes < 2) {
            throw new IllegalArgumentException("maxBoxBytes must be at least 2, got " + maxBoxBytes);
        }
        this.maxBoxBytes = maxBoxBytes;
    }

    /** Tells the receiver it may send boxes. */
    @Override
    public void connectionMade() {
        receiver.startReceivingBoxes(this);
    }

    /**
     * Parses boxes and delivers each complete one.
     *
     * @param data the bytes that arrived
     */
    @Override
    public void dataReceived(byte[] data) {
        Protocol switched = inner;
        if (switched != null) {
            switched.dataReceived(data);
            return;
        }
        if (rejected || lost || transport().isClosing()) {
            return;
        }
        input.add(data);
        parsing = true;
        try {
            parse();
        } finally {
            parsing = false;
            if (rejected) {
                input.clear();
            } else {
                input.release();
            }
            flushGathered();
        }
        handOffRest();
    }

    /** Writes the boxes gathered while a read was parsed, in one call. */
    private void flushGathered() {
        List<byte[]> boxes = gathered;
        if (boxes.isEmpty()) {
            return;
        }
        try {
            if (!lost) {
                if (boxes.size() == 1) {
                    transport().write(boxes.getFirst());
                } else {
                    transport().writeSequence(List.copyOf(boxes));
                }
            }
        } finally {
            boxes.clear();
        }
    }

    /** Gives the bytes behind the box that changed the connection to the TLS layer or the new protocol. */
    private void handOffRest() {
        Protocol target = handOff;
        if (target == null || parsing) {
            return;
        }
        handOff = null;
        if (!input.isEmpty() && !rejected && !lost) {
            byte[] rest = input.takeAll();
            input.release();
            target.dataReceived(rest);
        }
    }

    private void parse() {
        InputBuffer in = input;
        while (!rejected && handOff == null && in.remaining() >= 2) {
            byte[] a = in.array();
            int p = in.position();
            int length = ((a[p] & 0xFF) << 8) | (a[p + 1] & 0xFF);
            if (!readingValue && length > AmpBox.MAX_KEY_LENGTH) {
                reject(TooLongException.remoteKey(length));
                return;
            }
            if (in.remaining() < 2 + length) {
                return;
            }
            boxBytes += 2 + length;
            if (boxBytes > maxBoxBytes) {
                reject(new MalformedBoxException("the peer sent an AMP box of more than " + maxBoxBytes + " bytes"));
                return;
            }
            in.position(p + 2);
            if (readingValue) {
                box.put(key, in.take(length));
                readingValue = false;
            } else if (length == 0) {
                AmpBox complete = box;
                box = new AmpBox();
                boxBytes = 0;
                deliver(complete);
                if (transport().isClosing()) {
                    rejected = true;
                    return;
                }
            } else {
                key = new String(a, p + 2, length, StandardCharsets.ISO_8859_1);
                in.position(p + 2 + length);
                readingValue = true;
            }
        }
    }

    private void deliver(AmpBox complete) {
        try {
            receiver.ampBoxReceived(complete);
        } catch (RuntimeException e) {
            reject(e);
        }
    }

    private void reject(Throwable reason) {
        flushGathered();
        rejected = true;
        transport().loseConnection(reason);
    }

    /**
     * Writes a box.
     *
     * @param box the box
     * @throws TooLongException if a key or value is too long; nothing is written
     */
    @Override
    public void sendBox(AmpBox box) {
        if (locked) {
            throw new ProtocolSwitchedException("This connection has switched: no AMP traffic allowed.");
        }
        byte[] bytes = box.serialize();
        if (lost) {
            return;
        }
        List<byte[]> waiting = held;
        if (waiting != null) {
            waiting.add(bytes);
            return;
        }
        if (parsing) {
            gathered.add(bytes);
            return;
        }
        transport().write(bytes);
    }

    /** Whether TLS is started, or our StartTLS call waits for its answer. */
    boolean tlsStartedOrStarting() {
        return tls != null || held != null;
    }

    /** Our StartTLS call went out: hold every later box until the answer (Twisted's {@code _prepareTLS}). */
    void holdBoxes() {
        held = new ArrayList<>();
    }

    /**
     * Starts TLS between two boxes (Twisted's {@code _startTLS}): what was written so far went
     * out in clear text; the held boxes and everything later are encrypted.
     */
    void startTLSNow(TLSOptions options) {
        List<byte[]> waiting = held;
        held = null;
        if (lost) {
            return;
        }
        flushGathered(); // the answer to StartTLS, and what came before it, go out in clear text
        TLSTransport started = TLS.startTLS(transport(), options);
        tls = started;
        if (started instanceof Protocol layer) { // the TLS layer: bytes behind the answer are TLS records
            handOff = layer;
            handOffRest();
        }
        if (waiting != null) {
            for (byte[] bytes : waiting) {
                transport().write(bytes);
            }
        }
    }

    /**
     * Our StartTLS call was refused: TLS is not started. Boxes held for the encrypted connection
     * are not sent in clear text; if there are any, the connection closes with the refusal.
     */
    void releaseHeldBoxes(Throwable refusal) {
        List<byte[]> waiting = held;
        held = null;
        if (waiting != null && !waiting.isEmpty() && !lost) {
            flushGathered();
            rejected = true;
            transport().loseConnection(new StartTLSException(
                    "StartTLS was refused (" + refusal + ") and " + waiting.size()
                            + " box(es) meant for the encrypted connection were not sent in clear text"));
        }
    }

    /** No box may be sent until the switch happens or is refused (Twisted's {@code _lockForSwitch}). */
    void lockForSwitch() {
        locked = true;
    }

    /** The switch was refused: AMP goes on (Twisted's {@code _unlockFromSwitch}). */
    void unlockFromSwitch() {
        if (inner != null) {
            throw new ProtocolSwitchedException("Protocol already switched. Cannot unlock.");
        }
        locked = false;
    }

    /**
     * Hands the connection to {@code protocol} (Twisted's {@code _switchTo}): it is connected to
     * this layer's transport, and gets the bytes behind the current box and all later ones.
     */
    void switchTo(Protocol protocol) {
        Objects.requireNonNull(protocol, "protocol");
        if (inner != null) {
            throw new ProtocolSwitchedException("Protocol already switched.");
        }
        locked = true;
        inner = protocol;
        if (lost) {
            return;
        }
        flushGathered(); // the last boxes of AMP go before the new protocol's first bytes
        protocol.makeConnection(transport());
        handOff = protocol;
        handOffRest();
    }

    /**
     * The TLS view of this connection once {@link StartTLS} has started TLS (Twisted's
     * {@code peerCertificate} and {@code hostCertificate} live here): whether the handshake has
     * completed, the peer's certificates, the cipher suite.
     *
     * @return the TLS transport, or null while the connection is in clear text
     */
    public final @Nullable TLSTransport tlsTransport() {
        return tls;
    }

    /**
     * The protocol the connection switched to.
     *
     * @return the protocol after a protocol switch, or null while this connection speaks AMP
     */
    public final @Nullable Protocol innerProtocol() {
        return inner;
    }

    /**
     * Closes the connection with {@code reason}, as Twisted's {@code unhandledError} drops it.
     *
     * @param reason why
     */
    @Override
    public void unhandledError(Throwable reason) {
        if (!lost && !transport().isClosing()) {
            System.getLogger(BinaryBoxProtocol.class.getName())
                    .log(System.Logger.Level.WARNING, "AMP connection dropped after an unhandled error", reason);
            flushGathered();
            rejected = true;
            transport().loseConnection(reason);
        }
    }

    /** Closes the connection once what was sent is written; no further box is delivered. */
    @Override
    public void loseConnection() {
        if (!lost) {
            flushGathered();
            rejected = true;
            transport().loseConnection();
        }
    }

    /**
     * Tells the receiver the connection is gone.
     *
     * @param reason why
     */
    @Override
    public void connectionLost(Throwable reason) {
        super.connectionLost(reason);
        lost = true;
        input.clear();
        held = null;
        gathered.clear();
        Protocol switched = inner;
        try {
            if (switched != null && switched.connected()) {
                switched.connectionLost(reason);
            }
        } finally {
            receiver.stopReceivingBoxes(reason);
        }
    }
}
