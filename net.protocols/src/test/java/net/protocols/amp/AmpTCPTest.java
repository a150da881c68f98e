package net.protocols.amp;

import static net.protocols.amp.Commands.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.reactor.ConnectionDoneException;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.ReactorOptions;
import net.reactor.endpoints.Endpoints;
import net.reactor.endpoints.TCPClientEndpoint;
import net.reactor.testing.RunningReactor;
import net.threadpool.Blocking;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AMP between two Spindle ends over real sockets on 127.0.0.1, and from a virtual thread. */
class AmpTCPTest {
    private RunningReactor running;
    private int port;

    @BeforeEach
    void listen() throws Exception {
        running = RunningReactor.start(ReactorOptions.defaults().withName("amp-tcp"));
        Responders responders = new Responders()
                .respond(SUM, args -> AmpValues.of(TOTAL, args.get(A) + args.get(B)))
                .respond(ECHO, args -> args)
                .respond(FATAL_DIVIDE, args -> {
                    throw new ZeroDivision("division by zero");
                })
                .respondDeferred(LATER, args -> new Deferred<>());
        port = running.call(() -> {
            ListeningPort listening = running.reactor().listenTCP(0, AMP.factory(responders), 50, "127.0.0.1");
            return ((IPv4Address) listening.getHost()).port();
        });
    }

    @AfterEach
    void stop() throws Exception {
        running.close();
    }

    private AMP connect() throws Exception {
        return running.await(() -> Endpoints.connectProtocol(
                new TCPClientEndpoint(running.reactor(), "127.0.0.1", port), new AMP()));
    }

    @Test
    void manyCallsAndLargeValuesOverTCP() throws Exception {
        AMP amp = connect();
        byte[] max = new byte[65535];
        java.util.Arrays.fill(max, (byte) 'm');
        List<Object> results = running.await(() -> {
            List<Deferred<Object>> calls = new ArrayList<>();
            for (long i = 0; i < 1000; i++) {
                calls.add(amp.callRemote(SUM, AmpValues.of(A, i, B, i)).addCallback(r -> (Object) r.get(TOTAL)));
                calls.add(amp.callRemote(ECHO, AmpValues.of(DATA, max)).addCallback(r -> (Object) r.get(DATA).length));
            }
            return Deferred.gatherResults(calls);
        });
        for (int i = 0; i < 1000; i++) {
            assertThat(results.get(2 * i)).isEqualTo(2L * i);
            assertThat(results.get(2 * i + 1)).isEqualTo(65535);
        }
    }

    @Test
    void aFatalErrorClosesTheConnectionAndFailsTheOutstandingCalls() throws Exception {
        AMP amp = connect();
        List<Outcome<Long>> outcomes = running.await(() -> {
            List<Deferred<Outcome<Long>>> calls = new ArrayList<>();
            calls.add(amp.callRemote(LATER, AmpValues.empty()).addCallback(r -> r.get(TOTAL)).addBoth(o -> o));
            calls.add(amp.callRemote(FATAL_DIVIDE, AmpValues.of(NUMERATOR, 1L, DENOMINATOR, 0L))
                    .addCallback(r -> 0L).addBoth(o -> o));
            return Deferred.gatherResults(calls);
        });
        assertThat(((Outcome.Failed<Long>) outcomes.get(0)).failure().value()).isInstanceOf(ConnectionDoneException.class);
        assertThat(((Outcome.Failed<Long>) outcomes.get(1)).failure().value()).isExactlyInstanceOf(ZeroDivision.class);
        assertThat(running.call(amp::lostReason)).isInstanceOf(ConnectionDoneException.class);
    }

    @Test
    void callsFromAVirtualThreadThroughTheBlockingFacade() throws Exception {
        AMP amp = connect();
        long total = running.await(() -> Blocking.spawn(running.reactor(),
                () -> Blocking.await(() -> amp.callRemote(SUM, AmpValues.of(A, 5L, B, 3L))).get(TOTAL)));
        assertThat(total).isEqualTo(8L);
    }
}
