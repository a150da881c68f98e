package net.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import net.reactor.testing.MemoryConnector;
import net.reactor.testing.MemoryReactor;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

class ReconnectingClientFactoryTest {
    private final MemoryReactor reactor = new MemoryReactor();

    /** Gives the jitter a known sequence of standard normal values. */
    static final class FixedGaussians implements RandomGenerator {
        private final ArrayDeque<Double> values = new ArrayDeque<>();

        FixedGaussians(double... gaussians) {
            for (double g : gaussians) {
                values.add(g);
            }
        }

        @Override
        public double nextGaussian() {
            return values.isEmpty() ? 0.0 : values.removeFirst();
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException("only nextGaussian is used");
        }
    }

    /** Resets its delay when connected, as Twisted's documentation asks. */
    static final class Client extends ReconnectingClientFactory {
        final List<Protocol> built = new ArrayList<>();
        boolean resetOnConnect = true;

        Client(ReactorTime time, RandomGenerator random) {
            super(time, random);
        }

        @Override
        public Protocol buildProtocol(Address address) {
            if (resetOnConnect) {
                resetDelay();
            }
            Protocol p = new Protocol() {};
            built.add(p);
            return p;
        }
    }

    private Client noJitterClient() {
        Client client = new Client(reactor, new FixedGaussians());
        client.setJitter(0);
        return client;
    }

    /** The delay of the single pending retry, in seconds from now. */
    private double pendingRetrySeconds() {
        assertThat(reactor.getDelayedCalls()).as("pending calls").hasSize(1);
        return (reactor.getDelayedCalls().getFirst().getTime() - reactor.nanoTime()) / 1e9;
    }

    private MemoryConnector connector() {
        return reactor.tcpClients().getFirst().connector();
    }

    @Test
    void defaultsAreTwisteds() {
        Client client = new Client(reactor, new FixedGaussians());
        assertThat(client.getInitialDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(client.getFactor()).isEqualTo(2.7182818284590451).isEqualTo(Math.E);
        assertThat(client.getJitter()).isEqualTo(0.11962656472);
        assertThat(client.getMaxDelay()).isEqualTo(Duration.ofHours(1));
        assertThat(client.getMaxRetries()).isNull();
        assertThat(client.currentDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(client.retries()).isZero();
        assertThat(client.continueTrying()).isTrue();
    }

    @Test
    void theFirstRetryWaitsInitialDelayTimesFactorAndTheSecondItsSquare() {
        Client client = noJitterClient();
        reactor.connectTCP("h", 1, client);
        connector().failConnection(new ConnectionRefusedException("refused"));
        assertThat(pendingRetrySeconds()).isCloseTo(Math.E, within(1e-9));
        assertThat(client.retries()).isEqualTo(1);

        reactor.advance(Duration.ofNanos(Math.round(Math.E * 1e9)));
        assertThat(connector().attempts()).isEqualTo(2);
        assertThat(connector().state()).isEqualTo(MemoryConnector.State.CONNECTING);
        connector().failConnection(new ConnectionRefusedException("refused"));
        assertThat(pendingRetrySeconds()).isCloseTo(Math.E * Math.E, within(1e-9));
        assertThat(client.retries()).isEqualTo(2);
    }

    @Test
    void jitterIsNormalAroundTheDelayAndCompounds() {
        Client client = new Client(reactor, new FixedGaussians(1.0, -2.0));
        reactor.connectTCP("h", 1, client);
        connector().failConnection(new ConnectionRefusedException("refused"));
        double first = Math.E + Math.E * ReconnectingClientFactory.DEFAULT_JITTER * 1.0;
        assertThat(pendingRetrySeconds()).isCloseTo(first, within(1e-9));
        assertThat(client.currentDelay().toNanos() / 1e9).isCloseTo(first, within(1e-9));

        reactor.advance(client.currentDelay());
        connector().failConnection(new ConnectionRefusedException("refused"));
        double mean = first * Math.E;
        double second = mean + mean * ReconnectingClientFactory.DEFAULT_JITTER * -2.0;
        assertThat(pendingRetrySeconds()).isCloseTo(second, within(1e-9));
    }

    @Test
    void theDelayIsCappedAtMaxDelayBeforeJitter() {
        Client client = new Client(reactor, new FixedGaussians(0, 0, 0, 0.5));
        client.setMaxDelay(Duration.ofSeconds(10));
        reactor.connectTCP("h", 1, client);
        List<Double> delays = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            connector().failConnection(new ConnectionRefusedException("refused"));
            delays.add(pendingRetrySeconds());
            reactor.advance(client.currentDelay());
        }
        assertThat(delays.get(0)).isCloseTo(Math.E, within(1e-9));
        assertThat(delays.get(1)).isCloseTo(Math.E * Math.E, within(1e-9));
        assertThat(delays.get(2)).isCloseTo(10.0, within(1e-9));
        assertThat(delays.get(3)).isCloseTo(10.0 + 10.0 * ReconnectingClientFactory.DEFAULT_JITTER * 0.5, within(1e-9));
    }

    @Test
    void aLostConnectionAlsoRetriesAndResetDelayStartsOver() {
        Client client = noJitterClient();
        reactor.connectTCP("h", 1, client);
        connector().failConnection(new ConnectionRefusedException("refused"));
        reactor.advance(client.currentDelay());
        StringTransport transport = connector().completeConnection();
        // buildProtocol called resetDelay.
        assertThat(client.retries()).isZero();
        assertThat(client.currentDelay()).isEqualTo(Duration.ofSeconds(1));

        transport.deliverConnectionLost(new ConnectionLostException("reset by peer"));
        assertThat(client.connector()).isSameAs(connector());
        assertThat(pendingRetrySeconds()).isCloseTo(Math.E, within(1e-9));
        reactor.advance(client.currentDelay());
        assertThat(connector().attempts()).isEqualTo(3);
    }

    @Test
    void givesUpAfterMaxRetries() {
        Client client = noJitterClient();
        client.setMaxRetries(2);
        reactor.connectTCP("h", 1, client);
        for (int i = 0; i < 2; i++) {
            connector().failConnection(new ConnectionRefusedException("refused"));
            assertThat(reactor.getDelayedCalls()).hasSize(1);
            reactor.advance(client.currentDelay());
        }
        connector().failConnection(new ConnectionRefusedException("refused"));
        assertThat(reactor.getDelayedCalls()).isEmpty();
        assertThat(client.retries()).isEqualTo(3);
        assertThat(connector().attempts()).isEqualTo(3);
        assertThat(client.numPorts()).isZero();
    }

    @Test
    void maxRetriesZeroNeverRetries() {
        Client client = noJitterClient();
        client.setMaxRetries(0);
        reactor.connectTCP("h", 1, client);
        connector().failConnection(new ConnectionRefusedException("refused"));
        assertThat(reactor.getDelayedCalls()).isEmpty();
    }

    @Test
    void stopTryingCancelsThePendingRetryAndIgnoresLaterFailures() {
        Client client = noJitterClient();
        reactor.connectTCP("h", 1, client);
        connector().failConnection(new ConnectionRefusedException("refused"));
        client.stopTrying();
        assertThat(reactor.getDelayedCalls()).isEmpty();
        assertThat(client.continueTrying()).isFalse();
        reactor.advance(Duration.ofHours(2));
        assertThat(connector().attempts()).isEqualTo(1);
        client.retry();
        assertThat(reactor.getDelayedCalls()).isEmpty();
    }

    @Test
    void stopTryingAbandonsAnAttemptInProgress() {
        Client client = noJitterClient();
        reactor.connectTCP("h", 1, client);
        connector().failConnection(new ConnectionRefusedException("refused"));
        reactor.advance(client.currentDelay());
        assertThat(connector().state()).isEqualTo(MemoryConnector.State.CONNECTING);
        client.stopTrying();
        assertThat(connector().state()).isEqualTo(MemoryConnector.State.DISCONNECTED);
        assertThat(reactor.getDelayedCalls()).isEmpty();
    }

    @Test
    void resetDelayResumesAfterStopTrying() {
        Client client = noJitterClient();
        client.resetOnConnect = false;
        reactor.connectTCP("h", 1, client);
        client.stopTrying();
        assertThat(connector().state()).isEqualTo(MemoryConnector.State.DISCONNECTED);
        client.resetDelay();
        assertThat(client.continueTrying()).isTrue();
        connector().connect();
        connector().failConnection(new ConnectionRefusedException("refused"));
        assertThat(pendingRetrySeconds()).isCloseTo(Math.E, within(1e-9));
    }

    @Test
    void retryWithoutAConnectorIsAnError() {
        Client client = noJitterClient();
        assertThatThrownBy(client::retry).isInstanceOf(IllegalStateException.class).hasMessageContaining("no connector");
    }

    @Test
    void settingsAreValidated() {
        Client client = noJitterClient();
        assertThatThrownBy(() -> client.setFactor(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.setFactor(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.setJitter(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.setMaxDelay(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.setInitialDelay(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.setMaxRetries(-1)).isInstanceOf(IllegalArgumentException.class);
        client.setInitialDelay(Duration.ofMillis(250));
        assertThat(client.currentDelay()).isEqualTo(Duration.ofMillis(250));
        client.setFactor(2);
        reactor.connectTCP("h", 1, client);
        connector().failConnection(new ConnectionRefusedException("refused"));
        assertThat(pendingRetrySeconds()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void theDefaultRandomSourceJittersAroundTheMean() {
        Client client = new Client(reactor, java.util.random.RandomGenerator.of("L64X128MixRandom"));
        client.setMaxDelay(Duration.ofSeconds(100));
        reactor.connectTCP("h", 1, client);
        connector().failConnection(new ConnectionRefusedException("refused"));
        // Twelve standard deviations either side: a bound, not a timing assumption.
        double sigma = Math.E * ReconnectingClientFactory.DEFAULT_JITTER;
        assertThat(pendingRetrySeconds()).isBetween(Math.E - 12 * sigma, Math.E + 12 * sigma);
    }

    @Test
    void serverFactoryForProtocolBuildsOnePerConnection() {
        ServerFactory factory = ServerFactory.forProtocol(() -> new Protocol() {});
        Address peer = StringTransport.DEFAULT_PEER;
        assertThat(factory.buildProtocol(peer)).isNotNull().isNotSameAs(factory.buildProtocol(peer));
    }
}
