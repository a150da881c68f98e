package net.protocols.socks;

import net.reactor.Protocol;

/** The far side of a relayed SOCKS connection: forwards what it receives to the client. */
final class Relay extends Protocol {
    private final SOCKSv4 owner;

    Relay(SOCKSv4 owner) {
        this.owner = owner;
    }

    @Override
    public void connectionMade() {
        owner.relayConnected(this);
    }

    @Override
    public void dataReceived(byte[] data) {
        owner.transport().write(data);
    }

    @Override
    public void connectionLost(Throwable reason) {
        owner.relayLost();
    }
}
