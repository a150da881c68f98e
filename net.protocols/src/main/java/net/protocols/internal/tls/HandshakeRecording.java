package net.protocols.internal.tls;

import javax.net.ssl.SSLEngine;
import net.protocols.internal.jfr.TLSHandshakeEvent;
import net.reactor.Transport;
import org.jspecify.annotations.Nullable;

/**
 * The {@code spindle.TLSHandshake} JFR event of one connection: begun when the handshake starts
 * (only if a recording wants it; otherwise this costs one static field read and nothing else),
 * committed once, when it completes or the connection is lost before it did.
 */
final class HandshakeRecording {
    private @Nullable TLSHandshakeEvent event;

    /** The handshake starts. */
    void started(SSLEngine engine, Transport below) {
        if (!TLSHandshakeEvent.wanted()) {
            return;
        }
        TLSHandshakeEvent e = new TLSHandshakeEvent();
        e.role = engine.getUseClientMode() ? "client" : "server";
        e.peer = String.valueOf(below.getPeer());
        e.begin();
        event = e;
    }

    /** The handshake completed with these session facts. */
    void completed(SessionFacts facts) {
        TLSHandshakeEvent e = event;
        if (e != null) {
            event = null;
            e.succeeded = true;
            e.protocol = facts.protocol();
            e.cipherSuite = facts.cipherSuite();
            e.commit();
        }
    }

    /** The connection was lost before the handshake completed. */
    void failed(Throwable reason) {
        TLSHandshakeEvent e = event;
        if (e != null) {
            event = null;
            e.succeeded = false;
            e.failure = reason.getClass().getSimpleName() + ": " + reason.getMessage();
            e.commit();
        }
    }
}
