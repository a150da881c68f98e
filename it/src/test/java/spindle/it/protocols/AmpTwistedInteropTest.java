package spindle.it.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.protocols.amp.AMP;
import net.protocols.amp.AmpTypes;
import net.protocols.amp.AmpValues;
import net.protocols.amp.Argument;
import net.protocols.amp.Command;
import net.protocols.amp.Responders;
import net.protocols.amp.TooLongException;
import net.protocols.amp.UnhandledCommandException;
import net.protocols.amp.UnknownRemoteException;
import net.reactor.ConnectionDoneException;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.ReactorOptions;
import net.reactor.endpoints.Endpoints;
import net.reactor.endpoints.TCPClientEndpoint;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spindle's AMP against real Twisted 22.4 AMP ({@code src/test/python/amp_peer.py}), both ways:
 * every argument type, declared, undeclared and unhandled errors, commands without an answer,
 * 1,000 calls in flight, values at 65,535 bytes and one byte over, and connection loss with
 * calls outstanding. The declarations here mirror the Python ones.
 */
class AmpTwistedInteropTest {

    static final class ZeroDivision extends RuntimeException {
        ZeroDivision(String message) {
            super(message);
        }
    }

    static final Argument<Long> A = Argument.of("a", AmpTypes.INTEGER);
    static final Argument<Long> B = Argument.of("b", AmpTypes.INTEGER);
    static final Argument<Long> TOTAL = Argument.of("total", AmpTypes.INTEGER);
    static final Command SUM = Command.named("Sum").argument(A, B).response(TOTAL).build();

    static final Argument<Long> X = Argument.of("x", AmpTypes.INTEGER);
    static final Argument<String> Y = Argument.optional("y", AmpTypes.UNICODE);
    static final Argument<Long> I = Argument.of("i", AmpTypes.INTEGER);
    static final Argument<byte[]> S = Argument.of("s", AmpTypes.STRING);
    static final Argument<String> U = Argument.of("u", AmpTypes.UNICODE);
    static final Argument<Boolean> BOOL = Argument.of("b", AmpTypes.BOOLEAN);
    static final Argument<Double> F = Argument.of("flt", AmpTypes.FLOAT);
    static final Argument<BigDecimal> D = Argument.of("d", AmpTypes.DECIMAL);
    static final Argument<OffsetDateTime> T = Argument.of("t", AmpTypes.DATE_TIME);
    static final Argument<List<Long>> L = Argument.of("l", AmpTypes.listOf(AmpTypes.INTEGER));
    static final Argument<List<Double>> FL = Argument.of("fl", AmpTypes.listOf(AmpTypes.FLOAT));
    static final Argument<List<AmpValues>> AL = Argument.of("al", AmpTypes.ampList(X, Y));
    static final Argument<String> SEEN = Argument.of("seen", AmpTypes.UNICODE);
    static final Command TYPES = Command.named("Types").argument(I, S, U, BOOL, F, D, T, L, FL, AL)
            .response(I, S, U, BOOL, F, D, T, L, FL, AL, SEEN).build();

    static final Argument<Long> NUMERATOR = Argument.of("numerator", AmpTypes.INTEGER);
    static final Argument<Long> DENOMINATOR = Argument.of("denominator", AmpTypes.INTEGER);
    static final Argument<Double> RESULT = Argument.of("result", AmpTypes.FLOAT);
    static final Command DIVIDE = Command.named("Divide").argument(NUMERATOR, DENOMINATOR).response(RESULT)
            .error("ZERO_DIVISION", ZeroDivision.class, ZeroDivision::new).build();
    static final Command FAIL = Command.named("Fail").build();
    static final Command MISSING = Command.named("Missing").build();
    static final Argument<byte[]> DATA = Argument.of("data", AmpTypes.STRING);
    static final Command NOTE = Command.named("Note").argument(DATA).noAnswer().build();
    static final Argument<Long> COUNT = Argument.of("count", AmpTypes.INTEGER);
    static final Command NOTES = Command.named("Notes").response(COUNT).build();
    static final Command ECHO = Command.named("Echo").argument(DATA).response(DATA).build();
    static final Command SLOW = Command.named("Slow").response(TOTAL).build();
    static final Command DROP = Command.named("Drop").noAnswer().build();

    static final OffsetDateTime WHEN = OffsetDateTime.of(2012, 1, 23, 12, 34, 56, 54321000, ZoneOffset.ofHours(-7));
    static final AmpValues TYPE_VALUES = AmpValues.builder()
            .put(I, -123456789012345678L)
            .put(S, new byte[] {0, (byte) 0xff, 'b', 'y', 't', 'e', 's'})
            .put(U, "h\u00e9llo \u2603")
            .put(BOOL, true)
            .put(F, 1e100)
            .put(D, new BigDecimal("1.50"))
            .put(T, WHEN)
            .put(L, List.of(1L, 22L, -3L))
            .put(FL, List.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1, 1.5))
            .put(AL, List.of(AmpValues.of(X, 1L, Y, "one"), AmpValues.of(X, 2L)))
            .build();

    private RunningReactor running;

    @BeforeAll
    static void needsTwisted() {
        TwistedPeer.requirePython();
    }

    @BeforeEach
    void startReactor() {
        running = RunningReactor.start(ReactorOptions.defaults().withName("amp-interop"));
    }

    @AfterEach
    void stopReactor() throws Exception {
        running.close();
    }

    private AMP connect(int port) throws Exception {
        return running.await(() -> Endpoints.connectProtocol(
                new TCPClientEndpoint(running.reactor(), "127.0.0.1", port), new AMP()));
    }

    private AmpValues call(AMP amp, Command command, AmpValues arguments) throws Exception {
        return running.await(() -> amp.callRemote(command, arguments));
    }

    private Throwable failure(AMP amp, Command command, AmpValues arguments) throws Exception {
        Outcome<AmpValues> o = running.outcome(() -> amp.callRemote(command, arguments));
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        return ((Outcome.Failed<AmpValues>) o).failure().value();
    }

    // ---- Spindle client, Twisted server ------------------------------------------------------

    @Test
    void everyArgumentTypeReachesTwistedAsTwistedUnderstandsIt() throws Exception {
        try (AmpPeer server = AmpPeer.server()) {
            AMP amp = connect(server.port());
            AmpValues r = call(amp, TYPES, TYPE_VALUES);
            assertThat(r.get(SEEN)).isEqualTo(String.join("|",
                    "-123456789012345678", "b'\\x00\\xffbytes'", "'h\u00e9llo \u2603'", "True", "1e+100", "1.50",
                    "2012-01-23T12:34:56.054321-07:00", "[1, 22, -3]", "[inf, -inf, 0.1, 1.5]",
                    "[(1, 'one'), (2, None)]"));
            assertThat(r.get(I)).isEqualTo(TYPE_VALUES.get(I));
            assertThat(r.get(S)).isEqualTo(TYPE_VALUES.get(S));
            assertThat(r.get(U)).isEqualTo(TYPE_VALUES.get(U));
            assertThat(r.get(BOOL)).isTrue();
            assertThat(r.get(F)).isEqualTo(1e100);
            assertThat(r.get(D)).isEqualTo(new BigDecimal("1.50"));
            assertThat(r.get(T)).isEqualTo(WHEN);
            assertThat(r.get(L)).containsExactly(1L, 22L, -3L);
            assertThat(r.get(FL)).containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1, 1.5);
            assertThat(r.get(AL)).isEqualTo(TYPE_VALUES.get(AL));
        }
    }

    @Test
    void errorsDeclaredUnhandledAndUndeclared() throws Exception {
        try (AmpPeer server = AmpPeer.server()) {
            AMP amp = connect(server.port());
            assertThat(call(amp, DIVIDE, AmpValues.of(NUMERATOR, 1L, DENOMINATOR, 4L)).get(RESULT)).isEqualTo(0.25);
            assertThat(failure(amp, DIVIDE, AmpValues.of(NUMERATOR, 1L, DENOMINATOR, 0L)))
                    .isExactlyInstanceOf(ZeroDivision.class).hasMessage("division by zero");
            assertThat(failure(amp, MISSING, AmpValues.empty())).isInstanceOfSatisfying(UnhandledCommandException.class,
                    e -> assertThat(e.description()).isEqualTo("Unhandled Command: b'Missing'"));
            assertThat(call(amp, SUM, AmpValues.of(A, 13L, B, 81L)).get(TOTAL)).isEqualTo(94L);
            // Undeclared: UNKNOWN, and Twisted closes the connection after answering.
            assertThat(failure(amp, FAIL, AmpValues.empty())).isInstanceOfSatisfying(UnknownRemoteException.class,
                    e -> assertThat(e.errorCode()).isEqualTo("UNKNOWN"));
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(TwistedPeer.WAIT_SECONDS);
            while (running.call(amp::lostReason) == null && System.nanoTime() < deadline) {
                Thread.sleep(10); // the close follows the answer; wait for it to arrive
            }
            assertThat(running.call(amp::lostReason)).isInstanceOf(ConnectionDoneException.class);
            assertThat(failure(amp, SUM, AmpValues.of(A, 1L, B, 1L))).isInstanceOf(ConnectionDoneException.class);
        }
    }

    @Test
    void commandsWithoutAnswerRunInOrder() throws Exception {
        try (AmpPeer server = AmpPeer.server()) {
            AMP amp = connect(server.port());
            for (int i = 0; i < 3; i++) {
                assertThat(call(amp, NOTE, AmpValues.of(DATA, new byte[] {'x'}))).isEqualTo(AmpValues.empty());
            }
            assertThat(call(amp, NOTES, AmpValues.empty()).get(COUNT)).isEqualTo(3L);
        }
    }

    @Test
    void thousandCallsInFlight() throws Exception {
        try (AmpPeer server = AmpPeer.server()) {
            AMP amp = connect(server.port());
            List<Long> totals = running.await(() -> {
                List<Deferred<Long>> calls = new ArrayList<>();
                for (long i = 0; i < 1000; i++) {
                    calls.add(amp.callRemote(SUM, AmpValues.of(A, i, B, 1000L)).addCallback(r -> r.get(TOTAL)));
                }
                assertThat(amp.outstandingCalls()).isEqualTo(1000);
                return Deferred.gatherResults(calls);
            });
            for (int i = 0; i < 1000; i++) {
                assertThat(totals.get(i)).isEqualTo(i + 1000L);
            }
        }
    }

    @Test
    void valuesAtTheLimitTravelAndOneByteMoreFailsOnlyThatCall() throws Exception {
        try (AmpPeer server = AmpPeer.server()) {
            AMP amp = connect(server.port());
            byte[] max = new byte[65535];
            for (int i = 0; i < max.length; i++) {
                max[i] = (byte) i;
            }
            assertThat(call(amp, ECHO, AmpValues.of(DATA, max)).get(DATA)).isEqualTo(max);
            assertThat(failure(amp, ECHO, AmpValues.of(DATA, new byte[65536])))
                    .isInstanceOfSatisfying(TooLongException.class, e -> assertThat(e.keyName()).isEqualTo("data"));
            assertThat(call(amp, SUM, AmpValues.of(A, 2L, B, 2L)).get(TOTAL)).isEqualTo(4L);
        }
    }

    @Test
    void connectionLossFailsTheOutstandingCalls() throws Exception {
        try (AmpPeer server = AmpPeer.server()) {
            AMP amp = connect(server.port());
            List<Outcome<Long>> outcomes = running.await(() -> {
                List<Deferred<Outcome<Long>>> slow = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    slow.add(amp.callRemote(SLOW, AmpValues.empty()).addCallback(r -> r.get(TOTAL)).addBoth(o -> o));
                }
                amp.callRemote(DROP, AmpValues.empty());
                return Deferred.gatherResults(slow);
            });
            assertThat(outcomes).hasSize(3).allSatisfy(o -> assertThat(o).isInstanceOfSatisfying(Outcome.Failed.class,
                    f -> assertThat(f.failure().value()).isInstanceOf(ConnectionDoneException.class)));
        }
    }

    // ---- Twisted client, Spindle server ------------------------------------------------------

    @Test
    void twistedClientCallsASpindleServer() throws Exception {
        AtomicInteger notes = new AtomicInteger();
        int port = running.call(() -> {
            ListeningPort listening = running.reactor().listenTCP(0, AMP.factory(amp -> new Responders()
                        .respond(SUM, args -> AmpValues.of(TOTAL, args.get(A) + args.get(B)))
                        .respond(TYPES, args -> {
                            AmpValues.Builder out = AmpValues.builder();
                            copy(out, args, I, S, U, BOOL, F, D, T, L, FL, AL);
                            return out.put(SEEN, args.get(F) + "|" + args.get(T) + "|" + args.get(U)).build();
                        })
                        .respond(DIVIDE, args -> {
                            if (args.get(DENOMINATOR) == 0) {
                                throw new ZeroDivision("division by zero");
                            }
                            return AmpValues.of(RESULT, (double) args.get(NUMERATOR) / args.get(DENOMINATOR));
                        })
                        .respond(FAIL, args -> {
                            throw new IllegalStateException("not declared");
                        })
                        .respond(NOTE, args -> {
                            notes.incrementAndGet();
                            return AmpValues.empty();
                        })
                        .respond(NOTES, args -> AmpValues.of(COUNT, (long) notes.get()))
                        .respond(ECHO, args -> args)
                        .respondDeferred(SLOW, args -> new Deferred<>())
                        .respond(DROP, args -> {
                            amp.transport().loseConnection();   // a responder with its own connection
                            return AmpValues.empty();
                        })), 50, "127.0.0.1");
            return ((IPv4Address) listening.getHost()).port();
        });
        try (AmpPeer client = AmpPeer.client(port)) {
            client.await("DONE");
            assertThat(client.lines()).containsExactly(
                    "SUM 94",
                    "TYPES ok",
                    "SEEN 1.0E100|2012-01-23T12:34:56.054321-07:00|h\u00e9llo \u2603",
                    "DIVIDE 0.25",
                    "DIVIDE-ZERO ZeroDivisionError division by zero",
                    "MISSING UnhandledCommand (b'UNHANDLED', \"Unhandled Command: b'Missing'\")",
                    "AFTER-MISSING 2",
                    "NOTES 3",
                    "MANY ok",
                    "BIG 65535 True",
                    "OVER TooLong",
                    "AFTER-OVER 4",
                    "FAIL UnknownRemoteError",
                    "AFTER-FAIL ConnectionDone",
                    "LOST ConnectionDone ConnectionDone ConnectionDone",
                    "DONE");
        }
    }

    private static void copy(AmpValues.Builder out, AmpValues in, Argument<?>... arguments) {
        for (Argument<?> a : arguments) {
            copyOne(out, in, a);
        }
    }

    private static <T> void copyOne(AmpValues.Builder out, AmpValues in, Argument<T> a) {
        out.put(a, in.get(a));
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
