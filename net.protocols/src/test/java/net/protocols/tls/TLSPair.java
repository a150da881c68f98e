package net.protocols.tls;

import java.util.Objects;
import net.protocols.internal.tls.TLSConnection;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.Protocol;
import net.reactor.SocketType;
import net.reactor.testing.Clock;
import net.reactor.testing.MemoryPipe;

/** A TLS client and server joined by a {@link MemoryPipe}, built through the public factories. */
final class TLSPair {
    final Clock clock = new Clock();
    final MemoryPipe pipe = MemoryPipe.create(clock);
    final Recorder serverApp;
    final Recorder clientApp;
    final RecordingClientFactory clientFactory;
    final TLSServerFactory serverFactory;
    final TLSClientFactory tlsClientFactory;
    final TLSConnection serverLayer;
    final TLSConnection clientLayer;

    private TLSPair(TLSServerOptions server, TLSClientOptions client, String host, Recorder serverApp, Recorder clientApp) {
        this.serverApp = serverApp;
        this.clientApp = clientApp;
        this.clientFactory = new RecordingClientFactory(clientApp);
        this.serverFactory = new TLSServerFactory(Factory.forProtocol(() -> serverApp), server, clock, pipe.reactorExecutor());
        this.tlsClientFactory = new TLSClientFactory(clientFactory, client, host, 443, clock, pipe.reactorExecutor());
        Protocol s = Objects.requireNonNull(serverFactory.buildProtocol(new IPv4Address(SocketType.TCP, "127.0.0.1", 50000)));
        Protocol c = Objects.requireNonNull(tlsClientFactory.buildProtocol(new IPv4Address(SocketType.TCP, "127.0.0.1", 443)));
        this.serverLayer = (TLSConnection) s;
        this.clientLayer = (TLSConnection) c;
        pipe.client().reportTo(tlsClientFactory);
        pipe.connect(c, s);
    }

    static TLSPair connect(TLSServerOptions server, TLSClientOptions client, String host) {
        return new TLSPair(server, client, host, Recorder.echoing(), new Recorder());
    }

    static TLSPair connect(TLSServerOptions server, TLSClientOptions client, String host, Recorder serverApp,
            Recorder clientApp) {
        return new TLSPair(server, client, host, serverApp, clientApp);
    }
}
