package net.protocols.internal.ftp;

import net.deferred.Deferred;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.TLSHandshakeListener;
import net.protocols.tls.TLSTransport;
import net.reactor.Consumer;
import net.reactor.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * The client's side of one data connection: it fires {@link #made()} when connected, writes what
 * it receives into a consumer (which may pause it: the transport is registered there as a
 * streaming producer), and fires {@link #lost()} with the reason at the end. With TLS options
 * (after {@code PROT P}) it starts TLS as the client as soon as it is connected, in passive and
 * in active mode alike (RFC 4217: the FTP client is the TLS client on every connection).
 *
 * <p>Reactor thread only.
 */
public final class ClientDataConnection extends Protocol implements TLSHandshakeListener {
    private final Deferred<ClientDataConnection> made = new Deferred<>();
    private final Deferred<Throwable> lost = new Deferred<>();
    private final @Nullable TLSClientOptions tls;
    private @Nullable Consumer sink;
    private @Nullable Runnable giveUp;
    private long received;
    private boolean handshaken;
    private boolean closeAfterHandshake;

    /**
     * Creates the protocol of one data connection.
     *
     * @param tls the client's TLS options when the data is protected, else null
     */
    public ClientDataConnection(@Nullable TLSClientOptions tls) {
        this.tls = tls;
    }

    /**
     * What {@link #giveUp()} does besides aborting: an active channel stops listening.
     *
     * @param action run once, on the reactor thread
     */
    public void onGiveUp(Runnable action) {
        giveUp = action;
    }

    /**
     * Ends the channel: stops listening (active mode) and aborts the connection if it was made.
     */
    public void giveUp() {
        Runnable g = giveUp;
        giveUp = null;
        if (g != null) {
            g.run();
        }
        if (connected()) {
            transport().abortConnection();
        }
    }

    /**
     * Fires with this connection once it is connected.
     *
     * @return the Deferred; fires once (fails if connecting fails, see {@link #failed})
     */
    public Deferred<ClientDataConnection> made() {
        return made;
    }

    /**
     * Fires with the reason once the connection is lost.
     *
     * @return the Deferred; fires once
     */
    public Deferred<Throwable> lost() {
        return lost;
    }

    /**
     * The connection could not be made.
     *
     * @param reason why
     */
    public void failed(Throwable reason) {
        if (!made.called()) {
            made.errback(reason);
        }
    }

    /**
     * Bytes received so far.
     *
     * @return the count
     */
    public long received() {
        return received;
    }

    /**
     * Sends everything received from now on into {@code consumer}, which may pause this
     * connection.
     *
     * @param consumer where a download goes
     */
    public void receiveInto(Consumer consumer) {
        sink = consumer;
        if (connected()) {
            consumer.registerProducer(transport(), true);
        } // else: registered in connectionMade (active mode: the server connects later)
    }

    @Override
    public void connectionMade() {
        Runnable g = giveUp;
        giveUp = null;
        if (g != null) {
            g.run(); // active mode: one connection only, stop listening
        }
        if (tls != null) {
            TLS.startTLS(transport(), tls);
        }
        Consumer c = sink;
        if (c != null) {
            c.registerProducer(transport(), true);
        }
        if (!made.called()) {
            made.callback(this);
        }
    }

    /**
     * Ends an upload cleanly; with TLS, an empty upload still waits for the handshake first (a
     * server would otherwise see the connection closed mid-handshake).
     */
    public void finish() {
        if (tls != null && !handshaken) {
            closeAfterHandshake = true; // the handshake timeout still bounds the wait
            return;
        }
        transport().loseConnection();
    }

    /**
     * The TLS handshake completed: a close asked for before it goes ahead now.
     *
     * @param tlsView the TLS view of the connection
     */
    @Override
    public void handshakeCompleted(TLSTransport tlsView) {
        handshaken = true;
        if (closeAfterHandshake && connected()) {
            transport().loseConnection();
        }
    }

    @Override
    public void dataReceived(byte[] data) {
        received += data.length;
        Consumer c = sink;
        if (c != null) {
            c.write(data);
        }
    }

    @Override
    public void connectionLost(Throwable reason) {
        super.connectionLost(reason);
        Consumer c = sink;
        if (c != null) {
            c.unregisterProducer();
        }
        if (!lost.called()) {
            lost.callback(reason);
        }
    }
}
