package net.reactor.endpoints;

import static net.reactor.endpoints.TCPEndpointsTest.failure;
import static net.reactor.endpoints.TCPEndpointsTest.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.reactor.Address;
import net.reactor.ConnectionLostException;
import net.reactor.ConnectionRefusedException;
import net.reactor.Factory;
import net.reactor.Protocol;
import net.reactor.testing.MemoryConnector;
import net.reactor.testing.MemoryReactor;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

class ClientServiceTest {
    private final MemoryReactor reactor = new MemoryReactor();
    private final ClientEndpoint endpoint = new TCPClientEndpoint(reactor, "db", 5000);
    private final List<Protocol> built = new ArrayList<>();
    private final Factory.Of<Protocol> factory = new Factory.Of<>() {
        @Override
        public Protocol buildProtocol(Address address) {
            Protocol p = new Protocol() {};
            built.add(p);
            return p;
        }
    };

    /** Every jitter draw returns 0.25, so delays are exact. */
    static final RandomGenerator QUARTER = new RandomGenerator() {
        @Override
        public double nextDouble() {
            return 0.25;
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }
    };

    private ClientService<Protocol> service(
            RetryPolicy policy, net.deferred.ThrowingFunction<Protocol, ? extends Deferred<?>> prepare) {
        return new ClientService<>(endpoint, factory, reactor, policy, QUARTER, prepare);
    }

    private ClientService<Protocol> service() {
        return service(BackoffPolicy.DEFAULT, null);
    }

    private MemoryConnector latest() {
        return reactor.tcpClients().getLast().connector();
    }

    /** How long until the earliest pending timed call: the retry (connect timeouts are 30 s). */
    private Duration pendingDelay() {
        long next = reactor.getDelayedCalls().stream().mapToLong(c -> c.getTime()).min().orElseThrow();
        return Duration.ofNanos(next - reactor.nanoTime());
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    @Test
    void startConnectsAndWhenConnectedFiresWithTheUsersProtocol() {
        ClientService<Protocol> service = service();
        Deferred<Protocol> early = service.whenConnected();
        service.startService();
        assertThat(service.running()).isTrue();
        assertThat(reactor.tcpClients()).hasSize(1);
        StringTransport transport = latest().completeConnection();
        Protocol protocol = outcome(early).valueOrThrow();
        assertThat(protocol).isSameAs(built.getFirst());
        assertThat(protocol.transport()).isSameAs(transport);
        assertThat(outcome(service.whenConnected()).valueOrThrow()).isSameAs(protocol);
    }

    /** A protocol type of the user's own, to show what whenConnected hands out. */
    static final class Query extends Protocol {
        String query(String what) {
            return "query " + what;
        }
    }

    @Test
    void whenConnectedIsTypedByTheFactoryWithoutACast() {
        List<String> prepared = new ArrayList<>();
        ClientService<Query> service = new ClientService<>(endpoint, Factory.of(Query::new), reactor,
                BackoffPolicy.DEFAULT, QUARTER, query -> {
                    prepared.add(query.query("login")); // prepareConnection sees the type too
                    return null;
                });
        Deferred<String> status = service.whenConnected().addCallback(query -> query.query("status"));
        service.startService();
        latest().completeConnection();
        assertThat(outcome(status).valueOrThrow()).isEqualTo("query status");
        assertThat(prepared).containsExactly("query login");
    }

    @Test
    void anEndpointThatFiresWithAnotherProtocolThanTheFactoryBuiltFailsTheAttemptWithTheReason() {
        Protocol stranger = new Protocol() {};
        ClientEndpoint wrong = f -> {
            f.buildProtocol(StringTransport.DEFAULT_PEER);
            return Deferred.succeed(stranger);
        };
        ClientService<Query> service = new ClientService<>(wrong, Factory.of(Query::new), reactor,
                BackoffPolicy.DEFAULT, QUARTER, null);
        Deferred<Query> once = service.whenConnected(1);
        service.startService();
        assertThat(failure(once)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must fire with the protocol its factory built");
        assertThat(outcome(service.stopService()).isSuccess()).isTrue();
    }

    @Test
    void failedAttemptsAreRetriedWithCappedJitteredExponentialBackoff() {
        ClientService<Protocol> service = service(new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), 2.0, Duration.ofSeconds(1)), null);
        service.startService();
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            latest().failConnection(new ConnectionRefusedException("refused"));
            delays.add(pendingDelay());
            reactor.advance(pendingDelay());
        }
        // 1*2^n capped at 5, plus 0.25 of the 1 s jitter.
        assertThat(delays).containsExactly(seconds(2.25), seconds(4.25), seconds(5.25), seconds(5.25));
        assertThat(reactor.tcpClients()).hasSize(5);
    }

    @Test
    void theDefaultPolicyIsTwisteds() {
        ClientService<Protocol> service = service();
        service.startService();
        latest().failConnection(new ConnectionRefusedException("refused"));
        assertThat(pendingDelay()).isEqualTo(seconds(1.5 + 0.25));
        reactor.advance(pendingDelay());
        latest().failConnection(new ConnectionRefusedException("refused"));
        assertThat(pendingDelay()).isEqualTo(seconds(2.25 + 0.25));
    }

    @Test
    void aLostConnectionReconnectsAndASuccessResetsTheCount() {
        ClientService<Protocol> service = service();
        service.startService();
        latest().failConnection(new ConnectionRefusedException("refused"));
        reactor.advance(pendingDelay());
        StringTransport transport = latest().completeConnection();

        transport.deliverConnectionLost(new ConnectionLostException("reset"));
        Deferred<Protocol> next = service.whenConnected();
        assertThat(next.called()).isFalse();
        assertThat(pendingDelay()).as("first failure after a success").isEqualTo(seconds(1.75));
        reactor.advance(pendingDelay());
        assertThat(reactor.tcpClients()).hasSize(3);
        latest().completeConnection();
        assertThat(outcome(next).valueOrThrow()).isSameAs(built.getLast());
    }

    @Test
    void whenConnectedCanGiveUpAfterSomeFailures() {
        ClientService<Protocol> service = service();
        service.startService();
        Deferred<Protocol> patient = service.whenConnected();
        Deferred<Protocol> afterTwo = service.whenConnected(2);
        Deferred<Protocol> afterOne = service.whenConnected(1);
        ConnectionRefusedException first = new ConnectionRefusedException("first");
        latest().failConnection(first);
        assertThat(failure(afterOne)).isSameAs(first);
        assertThat(afterTwo.called()).isFalse();
        reactor.advance(pendingDelay());
        ConnectionRefusedException second = new ConnectionRefusedException("second");
        latest().failConnection(second);
        assertThat(failure(afterTwo)).isSameAs(second);
        assertThat(patient.called()).isFalse();
        assertThatThrownBy(() -> service.whenConnected(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stopWhileWaitingCancelsTheRetryAndTheWaiters() {
        ClientService<Protocol> service = service();
        service.startService();
        latest().failConnection(new ConnectionRefusedException("refused"));
        Deferred<Protocol> waiting = service.whenConnected();
        Deferred<Void> stopped = service.stopService();
        assertThat(outcome(stopped).isSuccess()).isTrue();
        assertThat(failure(waiting)).isInstanceOf(CancelledException.class);
        assertThat(reactor.getDelayedCalls()).isEmpty();
        reactor.advance(Duration.ofMinutes(5));
        assertThat(reactor.tcpClients()).hasSize(1);
        assertThat(service.running()).isFalse();
        assertThat(failure(service.whenConnected())).isInstanceOf(CancelledException.class);
    }

    @Test
    void stopWhileConnectingAbandonsTheAttempt() {
        ClientService<Protocol> service = service();
        service.startService();
        Deferred<Protocol> waiting = service.whenConnected();
        Deferred<Void> stopped = service.stopService();
        assertThat(latest().state()).isEqualTo(MemoryConnector.State.DISCONNECTED);
        assertThat(outcome(stopped).isSuccess()).isTrue();
        assertThat(failure(waiting)).isInstanceOf(CancelledException.class);
        assertThat(reactor.getDelayedCalls()).isEmpty();
    }

    @Test
    void stopWhileConnectedClosesTheConnectionAndFiresOnceItIsGone() {
        ClientService<Protocol> service = service();
        service.startService();
        StringTransport transport = latest().completeConnection();
        Deferred<Void> stopped = service.stopService();
        assertThat(transport.isDisconnecting()).isTrue();
        assertThat(stopped.called()).isFalse();
        transport.deliverConnectionLost();
        assertThat(outcome(stopped).isSuccess()).isTrue();
        assertThat(reactor.getDelayedCalls()).isEmpty();
        assertThat(reactor.tcpClients()).hasSize(1);
    }

    @Test
    void startingWhileStoppingReconnectsOnceTheOldConnectionIsGone() {
        ClientService<Protocol> service = service();
        service.startService();
        StringTransport transport = latest().completeConnection();
        Deferred<Void> stopped = service.stopService();
        service.startService();
        Deferred<Protocol> next = service.whenConnected();
        transport.deliverConnectionLost();
        assertThat(outcome(stopped).isSuccess()).isTrue();
        assertThat(reactor.tcpClients()).hasSize(2);
        latest().completeConnection();
        assertThat(outcome(next).valueOrThrow()).isSameAs(built.getLast());
    }

    @Test
    void stoppingAServiceThatNeverStartedFiresAtOnce() {
        ClientService<Protocol> service = service();
        assertThat(outcome(service.stopService()).isSuccess()).isTrue();
        service.startService();
        assertThat(reactor.tcpClients()).hasSize(1);
    }

    @Test
    void aSecondStartDoesNotConnectAgain() {
        ClientService<Protocol> service = service();
        service.startService();
        service.startService();
        assertThat(reactor.tcpClients()).hasSize(1);
    }

    @Test
    void prepareConnectionRunsBeforeTheProtocolIsHandedOut() {
        Deferred<String> login = new Deferred<>();
        List<Protocol> prepared = new ArrayList<>();
        ClientService<Protocol> service = service(BackoffPolicy.DEFAULT, p -> {
            prepared.add(p);
            return login;
        });
        service.startService();
        Deferred<Protocol> ready = service.whenConnected();
        latest().completeConnection();
        assertThat(prepared).containsExactly(built.getFirst());
        assertThat(ready.called()).isFalse();
        login.callback("welcome");
        assertThat(outcome(ready).valueOrThrow()).isSameAs(built.getFirst());
    }

    @Test
    void aRejectedConnectionIsClosedAndCountsAsAFailure() {
        int[] calls = {0};
        ClientService<Protocol> service = service(BackoffPolicy.DEFAULT, p -> {
            calls[0]++;
            return calls[0] == 1 ? Deferred.fail(new IllegalStateException("bad password")) : null;
        });
        service.startService();
        Deferred<Protocol> once = service.whenConnected(1);
        StringTransport rejected = latest().completeConnection();
        assertThat(failure(once)).hasMessage("bad password");
        assertThat(rejected.isDisconnecting()).isTrue();
        rejected.deliverConnectionLost();
        assertThat(pendingDelay()).isEqualTo(seconds(1.75));
        reactor.advance(pendingDelay());
        latest().completeConnection();
        assertThat(outcome(service.whenConnected()).valueOrThrow()).isSameAs(built.getLast());
    }

    @Test
    void aConnectionLostWhilePreparingIsRetried() {
        ClientService<Protocol> service = service(BackoffPolicy.DEFAULT, p -> new Deferred<Void>());
        service.startService();
        StringTransport transport = latest().completeConnection();
        transport.deliverConnectionLost(new ConnectionLostException("gone"));
        assertThat(pendingDelay()).isEqualTo(seconds(1.75));
        reactor.advance(pendingDelay());
        assertThat(reactor.tcpClients()).hasSize(2);
    }

    @Test
    void stopWhilePreparingClosesTheHalfReadyConnection() {
        ClientService<Protocol> service = service(BackoffPolicy.DEFAULT, p -> new Deferred<Void>());
        service.startService();
        StringTransport transport = latest().completeConnection();
        Deferred<Void> stopped = service.stopService();
        assertThat(transport.isDisconnecting()).isTrue();
        assertThat(outcome(stopped).isSuccess()).isTrue();
    }

    @Test
    void anEndpointThatThrowsCountsAsAFailedAttempt() {
        int[] attempts = {0};
        ClientEndpoint broken = f -> {
            attempts[0]++;
            throw new IllegalStateException("broken endpoint");
        };
        ClientService<Protocol> service = new ClientService<>(broken, factory, reactor, BackoffPolicy.DEFAULT, QUARTER, null);
        Deferred<Protocol> once = service.whenConnected(1);
        service.startService();
        assertThat(failure(once)).hasMessage("broken endpoint");
        reactor.advance(pendingDelay());
        assertThat(attempts[0]).isEqualTo(2);
        assertThat(outcome(service.stopService()).isSuccess()).isTrue();
    }
}
