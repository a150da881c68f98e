package net.protocols.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.reactor.Protocol;
import org.jspecify.annotations.Nullable;

/** A protocol that records what happens to it, and optionally echoes. */
class Recorder extends Protocol implements TLSHandshakeListener {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final List<Throwable> lost = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    int made;
    @Nullable TLSTransport handshakeTransport;
    @Nullable String alpnAtConnectionMade;
    boolean echo;
    @Nullable Runnable onConnectionMade;

    static Recorder echoing() {
        Recorder r = new Recorder();
        r.echo = true;
        return r;
    }

    @Override
    public void connectionMade() {
        made++;
        events.add("connectionMade");
        if (transport() instanceof TLSTransport tls) {
            alpnAtConnectionMade = tls.applicationProtocol();
        }
        if (onConnectionMade != null) {
            onConnectionMade.run();
        }
    }

    @Override
    public void dataReceived(byte[] data) {
        received.writeBytes(data);
        if (echo) {
            transport().write(data);
        }
    }

    @Override
    public void connectionLost(Throwable reason) {
        super.connectionLost(reason);
        events.add("connectionLost");
        lost.add(reason);
    }

    @Override
    public void handshakeCompleted(TLSTransport transport) {
        events.add("handshakeCompleted");
        handshakeTransport = transport;
    }

    TLSTransport tls() {
        return (TLSTransport) transport();
    }

    String text() {
        return received.toString(StandardCharsets.UTF_8);
    }

    void send(String text) {
        transport().write(text.getBytes(StandardCharsets.UTF_8));
    }
}
