package net.protocols.tls;

import java.util.ArrayList;
import java.util.List;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.Connector;
import net.reactor.Protocol;

/** A client factory that hands out one given protocol and records the outcome. */
class RecordingClientFactory extends ClientFactory {
    final Recorder protocol;
    final List<Throwable> failed = new ArrayList<>();
    final List<Throwable> lost = new ArrayList<>();
    int starts;
    int stops;

    RecordingClientFactory(Recorder protocol) {
        this.protocol = protocol;
    }

    @Override
    public Protocol buildProtocol(Address address) {
        return protocol;
    }

    @Override
    public void clientConnectionFailed(Connector connector, Throwable reason) {
        failed.add(reason);
    }

    @Override
    public void clientConnectionLost(Connector connector, Throwable reason) {
        lost.add(reason);
    }

    @Override
    protected void startFactory() {
        starts++;
    }

    @Override
    protected void stopFactory() {
        stops++;
    }
}
