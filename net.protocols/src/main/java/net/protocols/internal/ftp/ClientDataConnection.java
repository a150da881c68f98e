package net.protocols.internal.ftp;

import net.deferred.Deferred;
import net.reactor.Consumer;
import net.reactor.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * The client's side of one data connection: it fires {@link #made()} when connected, writes what
 * it receives into a consumer (which may pause it: the transport is registered there as a
 * streaming producer), and fires {@link #lost()} with the reason at the end.
 *
 * <p>Reactor thread only.
 */
public final class ClientDataConnection extends Protocol {
    private final Deferred<ClientDataConnection> made = new Deferred<>();
    private final Deferred<Throwable> lost = new Deferred<>();
    private @Nullable Consumer sink;
    private long received;

    /** Creates the protocol of one data connection. */
    public ClientDataConnection() {}

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
        consumer.registerProducer(transport(), true);
    }

    @Override
    public void connectionMade() {
        made.callback(this);
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
        lost.callback(reason);
    }
}
