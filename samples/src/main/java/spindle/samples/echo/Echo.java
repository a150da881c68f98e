package spindle.samples.echo;

import net.reactor.Protocol;

/** Writes back every byte it receives: Twisted's {@code Echo} protocol. */
final class Echo extends Protocol {
    @Override
    public void dataReceived(byte[] data) {
        transport().write(data);
    }
}
