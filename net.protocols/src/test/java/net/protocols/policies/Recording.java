package net.protocols.policies;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.Connector;
import net.reactor.HalfCloseableProtocol;
import net.reactor.Producer;
import net.reactor.Protocol;
import net.reactor.PushProducer;
import net.reactor.Transport;
import org.jspecify.annotations.Nullable;

/** Test doubles shared by the policy tests. */
final class Recording {
    private Recording() {}

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A protocol that records its events. */
    static class RecordingProtocol extends Protocol {
        final List<String> events = new ArrayList<>();
        @Nullable Throwable lostReason;

        @Override
        public void connectionMade() {
            events.add("made");
        }

        @Override
        public void dataReceived(byte[] data) {
            events.add("data:" + new String(data, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void connectionLost(Throwable reason) {
            events.add("lost");
            lostReason = reason;
            super.connectionLost(reason);
        }
    }

    /** A half-closeable recording protocol. */
    static final class HalfCloser extends RecordingProtocol implements HalfCloseableProtocol {
        @Override
        public void readConnectionLost() {
            events.add("readLost");
        }

        @Override
        public void writeConnectionLost() {
            events.add("writeLost");
        }
    }

    /** A client factory that records its events and builds recording protocols. */
    static final class RecordingClientFactory extends ClientFactory {
        final List<String> events = new ArrayList<>();
        final List<RecordingProtocol> built = new ArrayList<>();
        boolean refuse;

        @Override
        public @Nullable Protocol buildProtocol(Address address) {
            if (refuse) {
                return null;
            }
            RecordingProtocol p = new RecordingProtocol();
            built.add(p);
            return p;
        }

        @Override
        protected void startFactory() {
            events.add("start");
        }

        @Override
        protected void stopFactory() {
            events.add("stop");
        }

        @Override
        public void startedConnecting(Connector connector) {
            events.add("startedConnecting");
        }

        @Override
        public void clientConnectionFailed(Connector connector, Throwable reason) {
            events.add("failed:" + reason.getMessage());
        }

        @Override
        public void clientConnectionLost(Connector connector, Throwable reason) {
            events.add("lost:" + reason.getMessage());
        }
    }

    /** A push producer that records whether it is paused. */
    static final class Pushy implements PushProducer {
        boolean paused;
        boolean stopped;

        @Override
        public void pauseProducing() {
            paused = true;
        }

        @Override
        public void resumeProducing() {
            paused = false;
        }

        @Override
        public void stopProducing() {
            stopped = true;
        }
    }

    /** A plain (not TCP) transport that records writes and requests. */
    static final class PlainTransport implements Transport {
        final StringBuilder written = new StringBuilder();
        final List<String> requests = new ArrayList<>();
        boolean closing;

        @Override
        public void write(byte[] data) {
            written.append(new String(data, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void writeSequence(List<byte[]> data) {
            data.forEach(this::write);
        }

        @Override
        public void loseConnection() {
            requests.add("loseConnection");
            closing = true;
        }

        @Override
        public void loseConnection(Throwable reason) {
            requests.add("loseConnection:" + reason.getMessage());
            closing = true;
        }

        @Override
        public void abortConnection() {
            requests.add("abort");
            closing = true;
        }

        @Override
        public Address getPeer() {
            return net.reactor.testing.StringTransport.DEFAULT_PEER;
        }

        @Override
        public Address getHost() {
            return net.reactor.testing.StringTransport.DEFAULT_HOST;
        }

        @Override
        public long bufferedBytes() {
            return 0;
        }

        @Override
        public boolean isClosing() {
            return closing;
        }

        @Override
        public void registerProducer(Producer producer, boolean streaming) {
            requests.add("register:" + streaming);
        }

        @Override
        public void unregisterProducer() {
            requests.add("unregister");
        }

        @Override
        public void pauseProducing() {
            requests.add("pause");
        }

        @Override
        public void resumeProducing() {
            requests.add("resume");
        }

        @Override
        public void stopProducing() {
            requests.add("stop");
        }
    }
}
