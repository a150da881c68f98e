package net.protocols.amp;

import static net.protocols.amp.Commands.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.deferred.CancelledException;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.reactor.ConnectionDoneException;
import net.reactor.ConnectionLostException;
import net.reactor.testing.Clock;
import net.reactor.testing.MemoryPipe;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AMP between two Spindle ends in memory, and against hand-written bytes. */
class AmpTest {
    final List<byte[]> notes = new ArrayList<>();
    final List<Deferred<AmpValues>> later = new ArrayList<>();
    Responders responders;
    AMP client;
    AMP server;
    MemoryPipe pipe;

    @BeforeEach
    void connect() {
        responders = new Responders()
                .respond(SUM, args -> AmpValues.of(TOTAL, args.get(A) + args.get(B)))
                .respond(DIVIDE, AmpTest::divide)
                .respond(FATAL_DIVIDE, AmpTest::divide)
                .respond(ECHO, args -> AmpValues.of(DATA, args.get(DATA)))
                .respond(NOTE, args -> {
                    notes.add(args.get(DATA));
                    if (args.get(DATA).length == 0) {
                        throw new Boom("empty note");
                    }
                    return AmpValues.empty();
                })
                .respond(FAIL, args -> {
                    throw new Boom("not declared");
                })
                .respondDeferred(LATER, args -> {
                    Deferred<AmpValues> d = new Deferred<>();
                    later.add(d);
                    return d;
                })
                .respond(ADD_ALL, args -> AmpValues.of(TOTAL, args.get(NUMBERS).stream().mapToLong(Long::longValue).sum()));
        client = new AMP();
        server = new AMP(responders);
        pipe = MemoryPipe.create(new Clock()).connect(client, server);
    }

    static AmpValues divide(AmpValues args) {
        if (args.get(DENOMINATOR) == 0) {
            throw new ZeroDivision("division by zero");
        }
        return AmpValues.of(RESULT, (double) args.get(NUMERATOR) / args.get(DENOMINATOR));
    }

    <T> Outcome<T> outcome(Deferred<T> d) {
        pipe.pump();
        assertThat(d.called()).as("fired").isTrue();
        return d.peek();
    }

    <T> T value(Deferred<T> d) {
        Outcome<T> o = outcome(d);
        assertThat(o).isInstanceOf(Outcome.Success.class);
        return ((Outcome.Success<T>) o).value();
    }

    Throwable failure(Deferred<?> d) {
        Outcome<?> o = outcome(d);
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        Throwable t = ((Outcome.Failed<?>) o).failure().value();
        d.addErrback(f -> null); // handled
        return t;
    }

    @Test
    void callRemoteGivesTheTypedResponse() {
        assertThat(value(client.callRemote(SUM, AmpValues.of(A, 13L, B, 81L))).get(TOTAL)).isEqualTo(94L);
        assertThat(value(client.callRemote(ADD_ALL, AmpValues.of(NUMBERS, List.of(1L, 2L, 3L)))).get(TOTAL)).isEqualTo(6L);
    }

    @Test
    void requestBytesAreTwistedsWithHexTags() {
        StringTransport t = new StringTransport();
        AMP amp = new AMP();
        t.connect(amp);
        for (int i = 0; i < 16; i++) {
            amp.callRemote(SUM, AmpValues.of(A, 13L, B, 81L));
        }
        byte[] first = Wire.box().item("_ask", "1").item("_command", "Sum").item("a", "13").item("b", "81").end();
        byte[] sixteenth = Wire.box().item("_ask", "10").item("_command", "Sum").item("a", "13").item("b", "81").end();
        String all = new String(t.value(), StandardCharsets.ISO_8859_1);
        assertThat(all).startsWith(new String(first, StandardCharsets.ISO_8859_1))
                .endsWith(new String(sixteenth, StandardCharsets.ISO_8859_1))
                .contains("\u0000\u0004_ask\u0000\u0001a");
        assertThat(amp.outstandingCalls()).isEqualTo(16);
    }

    @Test
    void declaredErrorArrivesAsItsTypeAndTheConnectionStaysUp() {
        assertThat(failure(client.callRemote(DIVIDE, AmpValues.of(NUMERATOR, 1L, DENOMINATOR, 0L))))
                .isExactlyInstanceOf(ZeroDivision.class).hasMessage("division by zero");
        assertThat(value(client.callRemote(DIVIDE, AmpValues.of(NUMERATOR, 1L, DENOMINATOR, 4L))).get(RESULT)).isEqualTo(0.25);
    }

    @Test
    void fatalErrorArrivesAndThenTheConnectionCloses() {
        assertThat(failure(client.callRemote(FATAL_DIVIDE, AmpValues.of(NUMERATOR, 1L, DENOMINATOR, 0L))))
                .isExactlyInstanceOf(ZeroDivision.class);
        assertThat(pipe.isClosed()).isTrue();
        assertThat(failure(client.callRemote(SUM, AmpValues.of(A, 1L, B, 1L)))).isInstanceOf(ConnectionDoneException.class);
    }

    @Test
    void undeclaredErrorIsUnknownAndClosesTheConnection() {
        assertThat(failure(client.callRemote(FAIL, AmpValues.empty())))
                .isInstanceOfSatisfying(UnknownRemoteException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("UNKNOWN");
                    assertThat(e.description()).isEqualTo("Unknown Error");
                });
        assertThat(pipe.isClosed()).isTrue();
    }

    @Test
    void unknownCommandIsUnhandledAndTheConnectionStaysUp() {
        assertThat(failure(client.callRemote(MISSING, AmpValues.empty())))
                .isInstanceOfSatisfying(UnhandledCommandException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("UNHANDLED");
                    assertThat(e.description()).isEqualTo("Unhandled Command: b'Missing'");
                });
        assertThat(value(client.callRemote(SUM, AmpValues.of(A, 1L, B, 1L))).get(TOTAL)).isEqualTo(2L);
    }

    @Test
    void noAnswerCommandsSendNoAskAndStillRun() {
        StringTransport t = new StringTransport();
        AMP amp = new AMP();
        t.connect(amp);
        assertThat(amp.callRemote(NOTE, AmpValues.of(DATA, new byte[] {'x'})).peek()).isEqualTo(Outcome.success(AmpValues.empty()));
        assertThat(t.value()).isEqualTo(Wire.box().item("_command", "Note").item("data", "x").end());

        value(client.callRemote(NOTE, AmpValues.of(DATA, new byte[] {'y'})));
        pipe.pump();
        assertThat(notes).hasSize(1);
        assertThat(pipe.isClosed()).isFalse();
    }

    @Test
    void aFailingNoAnswerResponderDropsTheConnection() {
        value(client.callRemote(NOTE, AmpValues.of(DATA, new byte[0])));
        pipe.pump();
        assertThat(pipe.isClosed()).isTrue();
        assertThat(pipe.server().lostReasons()).singleElement().isInstanceOf(Boom.class);
    }

    @Test
    void valueAtTheLimitTravelsAndOneByteMoreFailsOnlyThatCall() {
        byte[] max = new byte[65535];
        max[65534] = 7;
        assertThat(value(client.callRemote(ECHO, AmpValues.of(DATA, max))).get(DATA)).isEqualTo(max);
        assertThat(failure(client.callRemote(ECHO, AmpValues.of(DATA, new byte[65536]))))
                .isInstanceOfSatisfying(TooLongException.class, e -> assertThat(e.keyName()).isEqualTo("data"))
                .hasMessageContaining("'data'");
        assertThat(pipe.isClosed()).isFalse();
        assertThat(value(client.callRemote(SUM, AmpValues.of(A, 1L, B, 1L))).get(TOTAL)).isEqualTo(2L);
    }

    @Test
    void missingOrUnknownArgumentsFailTheCallWithoutSending() {
        assertThat(failure(client.callRemote(SUM, AmpValues.of(A, 1L)))).isInstanceOf(InvalidSignatureException.class)
                .hasMessageContaining("'b'");
        assertThat(failure(client.callRemote(SUM, AmpValues.of(A, 1L, B, 2L, TOTAL, 3L))))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("'total'");
        assertThat(pipe.client().written()).isEmpty();
    }

    @Test
    void thousandCallsInFlightAreAnsweredByTag() {
        List<Deferred<Long>> calls = new ArrayList<>();
        for (long i = 0; i < 1000; i++) {
            calls.add(client.callRemote(SUM, AmpValues.of(A, i, B, 1000L)).addCallback(r -> r.get(TOTAL)));
        }
        assertThat(client.outstandingCalls()).isEqualTo(1000);
        pipe.pump();
        for (int i = 0; i < 1000; i++) {
            assertThat(value(calls.get(i))).isEqualTo(i + 1000L);
        }
    }

    @Test
    void connectionLossFailsEveryOutstandingCallWithTheReason() {
        Deferred<AmpValues> first = client.callRemote(LATER, AmpValues.empty());
        Deferred<AmpValues> second = client.callRemote(LATER, AmpValues.empty());
        pipe.pump();
        assertThat(later).hasSize(2);
        pipe.dropConnection(new ConnectionLostException("cable cut"));
        pipe.pump();
        assertThat(failure(first)).isInstanceOf(ConnectionLostException.class).hasMessageContaining("cable cut");
        assertThat(failure(second)).isInstanceOf(ConnectionLostException.class);
        assertThat(client.outstandingCalls()).isZero();
        // A late answer from the responder is dropped without error.
        later.get(0).callback(AmpValues.of(TOTAL, 1L));
        assertThat(failure(client.callRemote(SUM, AmpValues.of(A, 1L, B, 1L)))).isInstanceOf(ConnectionLostException.class);
    }

    @Test
    void aDeferredResponderAnswersWhenItFires() {
        Deferred<AmpValues> call = client.callRemote(LATER, AmpValues.empty());
        pipe.pump();
        assertThat(call.called()).isFalse();
        later.get(0).callback(AmpValues.of(TOTAL, 42L));
        assertThat(value(call).get(TOTAL)).isEqualTo(42L);
    }

    @Test
    void aCancelledCallIgnoresItsLateAnswer() {
        Deferred<AmpValues> call = client.callRemote(LATER, AmpValues.empty());
        pipe.pump();
        call.cancel();
        assertThat(failure(call)).isInstanceOf(CancelledException.class);
        later.get(0).callback(AmpValues.of(TOTAL, 42L));
        pipe.pump();
        assertThat(pipe.isClosed()).isFalse();
    }

    @Test
    void anAnswerToAQuestionNeverAskedClosesTheConnection() {
        StringTransport t = new StringTransport();
        AMP amp = new AMP();
        t.connect(amp);
        amp.dataReceived(Wire.box().item("_answer", "99").item("total", "1").end());
        assertThat(t.closeReason()).isInstanceOf(MalformedBoxException.class).hasMessageContaining("never asked");
    }

    @Test
    void aBoxWithoutCommandAnswerOrErrorClosesTheConnection() {
        StringTransport t = new StringTransport();
        AMP amp = new AMP();
        t.connect(amp);
        amp.dataReceived(Wire.box().item("hello", "world").end());
        assertThat(t.closeReason()).isInstanceOf(MalformedBoxException.class);
    }

    @Test
    void argumentsThatDoNotDecodeAreAnsweredUnknownAndClose() {
        StringTransport t = new StringTransport();
        AMP amp = new AMP(responders);
        t.connect(amp);
        amp.dataReceived(Wire.box().item("_ask", "1").item("_command", "Sum").item("a", "x").item("b", "1").end());
        assertThat(t.value()).isEqualTo(Wire.box().item("_error", "1").item("_error_code", "UNKNOWN")
                .item("_error_description", "Unknown Error").end());
        assertThat(t.isDisconnecting()).isTrue();
    }

    @Test
    void aPeerErrorWithAnUndeclaredCodeIsUnknownRemote() {
        StringTransport t = new StringTransport();
        AMP amp = new AMP();
        t.connect(amp);
        Deferred<AmpValues> call = amp.callRemote(SUM, AmpValues.of(A, 1L, B, 2L));
        amp.dataReceived(Wire.box().item("_error", "1").item("_error_code", "WEIRD").item("_error_description", "odd").end());
        assertThat(call.peek()).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.failure().value())
                .isInstanceOfSatisfying(UnknownRemoteException.class, e -> assertThat(e.errorCode()).isEqualTo("WEIRD")));
        call.addErrback(f -> null);
        assertThat(t.isDisconnecting()).isFalse();
    }

    @Test
    void aPeerKeyOver255BytesFailsThePendingCallsWithTooLong() {
        Deferred<AmpValues> call = client.callRemote(LATER, AmpValues.empty());
        pipe.pump();
        pipe.server().write(Wire.box().prefix(300).open());
        pipe.pump();
        assertThat(failure(call)).isInstanceOfSatisfying(TooLongException.class, e -> {
            assertThat(e.isKey()).isTrue();
            assertThat(e.isLocal()).isFalse();
        });
        assertThat(pipe.isClosed()).isTrue();
    }

    @Test
    void aResponseTooLongToSendIsAnsweredUnknownAndCloses() {
        Command doubled = Command.named("Double").argument(DATA).response(DATA).build();
        StringTransport t = new StringTransport();
        AMP amp = new AMP(new Responders().respond(doubled,
                args -> AmpValues.of(DATA, new byte[2 * args.get(DATA).length])));
        t.connect(amp);
        amp.dataReceived(Wire.box().item("_ask", "a").item("_command", "Double").item("data", "x".repeat(40000)).end());
        assertThat(t.value()).isEqualTo(Wire.box().item("_error", "a").item("_error_code", "UNKNOWN")
                .item("_error_description", "Unknown Error").end());
        assertThat(t.isDisconnecting()).isTrue();
    }

    @Test
    void aCallWithAskIsAnsweredEvenIfTheCommandAsksNoAnswer() {
        StringTransport t = new StringTransport();
        AMP amp = new AMP(responders);
        t.connect(amp);
        amp.dataReceived(Wire.box().item("_ask", "7").item("_command", "Note").item("data", "x").end());
        assertThat(t.value()).isEqualTo(Wire.box().item("_answer", "7").end());
        assertThat(notes).hasSize(1);
    }

    @Test
    void rawBoxesThroughCallRemoteString() {
        AmpBox answer = value(client.callRemoteString("Sum", true, new AmpBox().put("a", "2").put("b", "3")));
        assertThat(answer.getString("total")).isEqualTo("5");
        assertThat(answer.getString("_answer")).isEqualTo("1");
        assertThat(failure(client.callRemoteString("Sum", true, new AmpBox().put("k".repeat(256), "v"))))
                .isInstanceOf(TooLongException.class);
    }

    @Test
    void aResponderMadeForItsConnectionCallsThePeerBack() {
        // The server answers Later by asking the client for a Sum on the same connection.
        AMP caller = new AMP(new Responders().respond(SUM, args -> AmpValues.of(TOTAL, args.get(A) * 100 + args.get(B))));
        AMP callee = new AMP(amp -> new Responders().respondDeferred(LATER,
                args -> amp.callRemote(SUM, AmpValues.of(A, 4L, B, 2L))));
        MemoryPipe pipe2 = MemoryPipe.create(new Clock()).connect(caller, callee);
        Deferred<AmpValues> call = caller.callRemote(LATER, AmpValues.empty());
        pipe2.pump();
        assertThat(call.peek()).isEqualTo(Outcome.success(AmpValues.of(TOTAL, 402L)));
    }

    enum Colour { RED, GREEN }

    @Test
    void aCustomTypeTravelsLikeTheStandardOnes() {
        AmpType<Colour> colourType = AmpType.of(c -> c.name().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
                b -> Colour.valueOf(new String(b, StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT)));
        Argument<Colour> colour = Argument.of("colour", colourType);
        Argument<List<Colour>> others = Argument.of("others", AmpTypes.listOf(colourType));
        Command swap = Command.named("Swap").argument(colour).response(colour, others).build();
        AMP caller = new AMP();
        AMP callee = new AMP(new Responders().respond(swap, args -> AmpValues.of(
                colour, args.get(colour) == Colour.RED ? Colour.GREEN : Colour.RED, others, List.of(Colour.RED, Colour.RED))));
        StringTransport wire = new StringTransport();
        wire.connect(caller);
        Deferred<AmpValues> call = caller.callRemote(swap, AmpValues.of(colour, Colour.RED));
        assertThat(wire.value()).isEqualTo(Wire.box().item("_ask", "1").item("_command", "Swap").item("colour", "red").end());
        MemoryPipe pipe2 = MemoryPipe.create(new Clock()).connect(new AMP(), callee);
        call.cancel();
        call.addErrback(f -> null);
        AMP fresh = (AMP) pipe2.client().protocol();
        Deferred<AmpValues> real = fresh.callRemote(swap, AmpValues.of(colour, Colour.RED));
        pipe2.pump();
        assertThat(real.peek()).isEqualTo(Outcome.success(AmpValues.of(colour, Colour.GREEN, others, List.of(Colour.RED, Colour.RED))));
    }
}
