package net.protocols.memcache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.protocols.basic.LineTooLongException;
import net.reactor.testing.Clock;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MemcacheProtocolTest {
    private final Clock clock = new Clock();
    private final StringTransport transport = new StringTransport();
    private final MemcacheProtocol client = new MemcacheProtocol(clock, Duration.ofSeconds(10), 1000);

    @BeforeEach
    void connect() {
        transport.connect(client);
    }

    private String sent() {
        String s = transport.valueAsString(UTF_8);
        transport.clear();
        return s;
    }

    private void receive(String s) {
        client.dataReceived(s.getBytes(UTF_8));
    }

    private static <T> T value(Deferred<T> d) {
        Outcome<T> o = d.peek();
        assertThat(o).as("fired").isNotNull();
        return ((Outcome.Success<T>) o).value();
    }

    private static Throwable error(Deferred<?> d) {
        Throwable[] box = new Throwable[1];
        d.addErrback(f -> {
            box[0] = f.value();
            return null;
        });
        assertThat(box[0]).as("failed").isNotNull();
        return box[0];
    }

    @Test
    void getSendsTheCommandAndFiresWithTheItem() {
        Deferred<Item> d = client.get("foo");
        assertThat(sent()).isEqualTo("get foo\r\n");
        assertThat(d.called()).isFalse();
        receive("VALUE foo 7 3\r\nbar\r\nEND\r\n");
        assertThat(value(d)).isEqualTo(new Item(7, "bar".getBytes(UTF_8), 0));
    }

    @Test
    void aMissingKeyFiresWithNull() {
        Deferred<Item> d = client.get("foo");
        receive("END\r\n");
        assertThat(d.called()).isTrue();
        assertThat(value(d)).isNull();
    }

    @Test
    void valuesSplitAcrossReadsAtEveryByteArriveWhole() {
        Deferred<Map<String, Item>> d = client.getsMultiple(List.of("a", "b", "c"));
        assertThat(sent()).isEqualTo("gets a b c\r\n");
        byte[] answer = "VALUE a 0 4 11\r\n\r\nEN\r\nVALUE c 4294967295 0 12\r\n\r\nEND\r\n".getBytes(UTF_8);
        for (byte b : answer) {
            client.dataReceived(new byte[] {b});
        }
        Map<String, Item> items = value(d);
        assertThat(items).containsOnlyKeys("a", "c");
        assertThat(items.get("a")).isEqualTo(new Item(0, "\r\nEN".getBytes(UTF_8), 11));
        assertThat(items.get("c")).isEqualTo(new Item(-1, new byte[0], 12));
    }

    @Test
    void pipelinedCallsFireInOrder() {
        Deferred<StoreResult> set = client.set("k", "v".getBytes(UTF_8), 3, 60);
        Deferred<StoreResult> add = client.add("k", "w".getBytes(UTF_8), 0, 0);
        Deferred<Long> incr = client.increment("n", 5);
        Deferred<Long> decr = client.decrement("missing", 1);
        Deferred<Boolean> del = client.delete("k");
        Deferred<Boolean> touch = client.touch("k", 10);
        Deferred<StoreResult> cas = client.checkAndSet("k", "x".getBytes(UTF_8), 42, 0, 0);
        Deferred<StoreResult> app = client.append("k", "y".getBytes(UTF_8));
        Deferred<StoreResult> pre = client.prepend("k", "z".getBytes(UTF_8));
        Deferred<StoreResult> rep = client.replace("k", "r".getBytes(UTF_8), 0, 0);
        Deferred<Boolean> flush = client.flushAll();
        Deferred<String> version = client.version();
        Deferred<Map<String, String>> stats = client.stats();
        assertThat(sent()).isEqualTo("set k 3 60 1\r\nv\r\nadd k 0 0 1\r\nw\r\nincr n 5\r\ndecr missing 1\r\n"
                + "delete k\r\ntouch k 10\r\ncas k 0 0 1 42\r\nx\r\nappend k 0 0 1\r\ny\r\nprepend k 0 0 1\r\nz\r\n"
                + "replace k 0 0 1\r\nr\r\nflush_all\r\nversion\r\nstats\r\n");
        assertThat(client.pendingCalls()).isEqualTo(13);
        receive("STORED\r\nNOT_STORED\r\n18446744073709551615\r\nNOT_FOUND\r\nDELETED\r\nNOT_FOUND\r\nEXISTS\r\n"
                + "NOT_STORED\r\nSTORED\r\nNOT_FOUND\r\nOK\r\nVERSION 1.6.18\r\nSTAT pid 12\r\nSTAT a b c\r\nEND\r\n");
        assertThat(value(set)).isEqualTo(StoreResult.STORED);
        assertThat(value(add)).isEqualTo(StoreResult.NOT_STORED);
        assertThat(value(incr)).isEqualTo(-1L);
        assertThat(value(decr)).isNull();
        assertThat(value(del)).isTrue();
        assertThat(value(touch)).isFalse();
        assertThat(value(cas)).isEqualTo(StoreResult.EXISTS);
        assertThat(value(app)).isEqualTo(StoreResult.NOT_STORED);
        assertThat(value(pre)).isEqualTo(StoreResult.STORED);
        assertThat(value(rep)).isEqualTo(StoreResult.NOT_FOUND);
        assertThat(value(flush)).isTrue();
        assertThat(value(version)).isEqualTo("1.6.18");
        assertThat(value(stats)).containsExactly(Map.entry("pid", "12"), Map.entry("a", "b c"));
        assertThat(client.pendingCalls()).isZero();
        assertThat(transport.isDisconnecting()).isFalse();
    }

    @Test
    void serverErrorsFailOnlyTheirCall() {
        Deferred<Item> a = client.get("a");
        Deferred<StoreResult> b = client.set("b", new byte[1]);
        Deferred<String> c = client.version();
        Deferred<Item> d = client.get("d");
        receive("ERROR\r\nCLIENT_ERROR bad data chunk\r\nSERVER_ERROR out of memory\r\nEND\r\n");
        assertThat(error(a)).isInstanceOf(NoSuchCommandException.class);
        assertThat(error(b)).isInstanceOf(ClientErrorException.class).hasMessage("bad data chunk");
        assertThat(error(c)).isInstanceOf(ServerErrorException.class).hasMessage("out of memory");
        assertThat(value(d)).isNull();
        assertThat(transport.isDisconnecting()).isFalse();
    }

    @Test
    void badKeysAndValuesAreRefusedBeforeSending() {
        assertThat(error(client.get("a b"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(error(client.get(""))).isInstanceOf(IllegalArgumentException.class);
        assertThat(error(client.get("a\nb"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(error(client.delete("x".repeat(251)))).isInstanceOf(IllegalArgumentException.class);
        assertThat(error(client.set("k", new byte[1001]))).isInstanceOf(IllegalArgumentException.class);
        assertThat(error(client.getMultiple(List.of("ok", "not ok")))).isInstanceOf(IllegalArgumentException.class);
        assertThat(error(client.getMultiple(List.of()))).isInstanceOf(IllegalArgumentException.class);
        assertThat(transport.value()).isEmpty();
        // The limits themselves are allowed.
        client.get("x".repeat(250));
        client.set("k", new byte[1000]);
        assertThat(client.pendingCalls()).isEqualTo(2);
    }

    @Test
    void garbageClosesTheConnectionAndFailsEveryPendingCall() {
        Deferred<Item> a = client.get("a");
        Deferred<Boolean> b = client.delete("b");
        receive("HELLO\r\n");
        assertThat(error(a)).isInstanceOf(MemcacheProtocolException.class);
        assertThat(error(b)).isInstanceOf(MemcacheProtocolException.class);
        assertThat(transport.closeReason()).isInstanceOf(MemcacheProtocolException.class);
        transport.deliverConnectionLost();
        assertThat(error(client.version())).isInstanceOf(MemcacheProtocolException.class);
    }

    @Test
    void anAnswerWithNothingPendingIsAProtocolError() {
        receive("STORED\r\n");
        assertThat(transport.closeReason()).isInstanceOf(MemcacheProtocolException.class);
    }

    @Test
    void aValueForAnotherKeyOrTooLongOrBadlyTerminatedIsAProtocolError() {
        for (String answer : List.of("VALUE other 0 1\r\nx\r\nEND\r\n", "VALUE a 0 1001\r\n",
                "VALUE a 0 2\r\nxyz\r\n", "VALUE a 0 -1\r\n", "VALUE a 0 1 5\r\nx\r\nEND\r\n", "VALUE a x 1\r\n")) {
            StringTransport t = new StringTransport();
            MemcacheProtocol c = new MemcacheProtocol(clock, Duration.ofSeconds(10), 1000);
            t.connect(c);
            Deferred<Item> d = c.get("a");
            c.dataReceived(answer.getBytes(UTF_8));
            assertThat(error(d)).as(answer).isInstanceOf(MemcacheProtocolException.class);
            assertThat(t.closeReason()).isInstanceOf(MemcacheProtocolException.class);
        }
    }

    @Test
    void anOverlongLineClosesWithLineTooLong() {
        Deferred<String> d = client.version();
        receive("VERSION " + "9".repeat(5000));
        assertThat(transport.closeReason()).isInstanceOf(LineTooLongException.class);
        transport.deliverConnectionLost(transport.closeReason());
        assertThat(error(d)).isInstanceOf(LineTooLongException.class);
    }

    @Test
    void aSilentServerTimesOutEveryPendingCallAndTheConnection() {
        Deferred<Item> a = client.get("a");
        clock.advance(Duration.ofSeconds(9));
        Deferred<Item> b = client.get("b");
        receive("VALUE a 0 1\r\n");   // progress restarts the timeout
        clock.advance(Duration.ofSeconds(9));
        assertThat(a.called()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(error(a)).isInstanceOf(MemcacheTimeoutException.class);
        assertThat(error(b)).isInstanceOf(MemcacheTimeoutException.class);
        assertThat(transport.closeReason()).isInstanceOf(MemcacheTimeoutException.class);
    }

    @Test
    void noTimeoutRunsWhileNothingIsPending() {
        Deferred<String> v = client.version();
        receive("VERSION 1\r\n");
        assertThat(value(v)).isEqualTo("1");
        assertThat(clock.getDelayedCalls()).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        assertThat(transport.isDisconnecting()).isFalse();
    }

    @Test
    void connectionLostFailsPendingCalls() {
        Deferred<Item> a = client.get("a");
        transport.deliverConnectionLost(new net.reactor.ConnectionLostException("gone"));
        assertThat(error(a)).isInstanceOf(net.reactor.ConnectionLostException.class);
        assertThat(clock.getDelayedCalls()).isEmpty();
    }

    @Test
    void callsBeforeTheConnectionFailWithoutSending() {
        MemcacheProtocol unconnected = new MemcacheProtocol(clock);
        assertThat(error(unconnected.get("a"))).isInstanceOf(net.reactor.ConnectionClosedException.class);
        assertThat(unconnected.pendingCalls()).isZero();
        assertThat(clock.getDelayedCalls()).isEmpty();
    }
}
