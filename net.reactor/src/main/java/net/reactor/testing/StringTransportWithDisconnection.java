package net.reactor.testing;

import net.reactor.Address;
import net.reactor.ConnectionDoneException;

/**
 * A {@link StringTransport} that tells the connected protocol at once when the connection is
 * closed (Twisted's {@code StringTransportWithDisconnection}): {@link #loseConnection()} delivers
 * {@code connectionLost(ConnectionDoneException("Bye."))}, {@link #loseConnection(Throwable)}
 * delivers the given reason and {@link #abortConnection()} a
 * {@link net.reactor.ConnectionAbortedException}, each only the first time and only once a
 * protocol is {@link #connect connected}.
 *
 * <p>Use it when the protocol under test closes its own connection and the test wants the whole
 * teardown to happen in that call, for example to check that a factory hears about it.
 *
 * <p><b>Threading:</b> not thread-safe; use it from the test's thread.
 */
public class StringTransportWithDisconnection extends StringTransport {

    /** Creates a transport with the default addresses. */
    public StringTransportWithDisconnection() {}

    /**
     * Creates a transport with the given addresses.
     *
     * @param host what {@link #getHost()} returns
     * @param peer what {@link #getPeer()} returns
     */
    public StringTransportWithDisconnection(Address host, Address peer) {
        super(host, peer);
    }

    /** Records the close and delivers {@code connectionLost(ConnectionDoneException("Bye."))}. */
    @Override
    public void loseConnection() {
        loseConnection(new ConnectionDoneException("Bye."));
    }

    /**
     * Records the close and delivers {@code connectionLost(reason)}.
     *
     * @param reason what the protocol receives
     */
    @Override
    public void loseConnection(Throwable reason) {
        super.loseConnection(reason);
        deliverOnce();
    }

    /** Records the abort and delivers {@code connectionLost(ConnectionAbortedException)}. */
    @Override
    public void abortConnection() {
        super.abortConnection();
        deliverOnce();
    }

    private void deliverOnce() {
        if (protocol() != null && !connectionLostDelivered()) {
            deliverConnectionLost();
        }
    }
}
