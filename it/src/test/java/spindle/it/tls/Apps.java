package spindle.it.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import net.protocols.tls.TLSTransport;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.Connector;
import net.reactor.Protocol;

/** Protocols and factories the interoperability tests share. */
final class Apps {
    private Apps() {}

    /** Echoes; closes after echoing a line that is exactly "bye". */
    static class Echo extends Protocol {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void dataReceived(byte[] data) {
            transport().write(data);
            text.append(new String(data, StandardCharsets.ISO_8859_1));
            if (text.toString().contains("bye\n")) {
                transport().loseConnection();
            }
        }
    }

    /** Records everything; optionally sends a message once connected. */
    static class Client extends Protocol {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<TLSTransport> made = new CompletableFuture<>();
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();
        final CompletableFuture<String> firstLine = new CompletableFuture<>();
        private final String greeting;

        Client(String greeting) {
            this.greeting = greeting;
        }

        @Override
        public void connectionMade() {
            made.complete((TLSTransport) transport());
            if (!greeting.isEmpty()) {
                transport().write(greeting.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void dataReceived(byte[] data) {
            received.writeBytes(data);
            String text = received.toString(StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            if (nl >= 0) {
                firstLine.complete(text.substring(0, nl));
            }
        }

        @Override
        public void connectionLost(Throwable reason) {
            super.connectionLost(reason);
            lost.complete(reason);
        }
    }

    /** A client factory that hands out one protocol and records the outcome. */
    static final class Outcome extends ClientFactory {
        final Protocol protocol;
        final CompletableFuture<Throwable> failed = new CompletableFuture<>();
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();

        Outcome(Protocol protocol) {
            this.protocol = protocol;
        }

        @Override
        public Protocol buildProtocol(Address address) {
            return protocol;
        }

        @Override
        public void clientConnectionFailed(Connector connector, Throwable reason) {
            failed.complete(reason);
        }

        @Override
        public void clientConnectionLost(Connector connector, Throwable reason) {
            lost.complete(reason);
        }
    }
}
