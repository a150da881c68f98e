package spindle.it.memcache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.CRC32;
import net.deferred.Deferred;
import net.protocols.memcache.Item;
import net.protocols.memcache.MemcacheProtocol;
import net.protocols.memcache.ServerErrorException;
import net.protocols.memcache.StoreResult;
import net.reactor.ReactorOptions;
import net.reactor.endpoints.Endpoints;
import net.reactor.endpoints.TCPClientEndpoint;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spindle's memcache client against a real memcached (Debian's). */
class MemcachedInteropTest {
    private static Memcached server;
    private static RunningReactor running;
    private static MemcacheProtocol client;
    /** Keys are unique to this run: the server may be shared with other test runs. */
    private static final String PREFIX = "spindle-it-" + UUID.randomUUID() + "-";

    @BeforeAll
    static void connect() throws Exception {
        server = Memcached.find();
        running = RunningReactor.start(ReactorOptions.defaults().withName("memcache-it"));
        client = running.await(() -> Endpoints.connectProtocol(
                new TCPClientEndpoint(running.reactor(), "127.0.0.1", server.port), new MemcacheProtocol(running.reactor())));
    }

    @AfterAll
    static void close() throws Exception {
        if (running != null) {
            running.run(() -> client.transport().loseConnection());
            running.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void tenThousandPipelinedOperationsKeepTheirOrder() throws Exception {
        int n = 5000;
        SplittableRandom random = new SplittableRandom(17);
        List<byte[]> values = new ArrayList<>();
        CRC32 expected = new CRC32();
        for (int i = 0; i < n; i++) {
            byte[] v = new byte[random.nextInt(0, 2000)];
            random.nextBytes(v);
            values.add(v);
            expected.update(v);
        }
        // All 10,000 requests are written before the first answer is read.
        List<Object> answers = running.await(() -> {
            List<Deferred<StoreResult>> sets = new ArrayList<>();
            List<Deferred<Item>> gets = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sets.add(client.set(PREFIX + i, values.get(i), i, 300));
            }
            for (int i = 0; i < n; i++) {
                gets.add(client.get(PREFIX + i));
            }
            assertThat(client.pendingCalls()).isEqualTo(2 * n);
            List<Deferred<?>> all = new ArrayList<>(sets);
            all.addAll(gets);
            @SuppressWarnings({"unchecked", "rawtypes"})
            Deferred<List<Object>> gathered = Deferred.gatherResults((List) all);
            return gathered;
        });
        CRC32 actual = new CRC32();
        for (int i = 0; i < n; i++) {
            assertThat(answers.get(i)).isEqualTo(StoreResult.STORED);
            Item item = (Item) answers.get(n + i);
            assertThat(item.flags()).isEqualTo(i);
            actual.update(item.value());
        }
        assertThat(actual.getValue()).isEqualTo(expected.getValue());
    }

    @Test
    void everyCommandAgainstTheRealServer() throws Exception {
        String k = PREFIX + "k";
        String n = PREFIX + "n";
        assertThat(running.await(() -> client.set(k, "a".getBytes(UTF_8), 5, 0))).isEqualTo(StoreResult.STORED);
        assertThat(running.await(() -> client.add(k, "b".getBytes(UTF_8), 0, 0))).isEqualTo(StoreResult.NOT_STORED);
        assertThat(running.await(() -> client.append(k, "z".getBytes(UTF_8)))).isEqualTo(StoreResult.STORED);
        assertThat(running.await(() -> client.prepend(k, "<".getBytes(UTF_8)))).isEqualTo(StoreResult.STORED);
        Item item = running.await(() -> client.gets(k));
        assertThat(new String(item.value(), UTF_8)).isEqualTo("<az");
        assertThat(item.flags()).isEqualTo(5);
        assertThat(item.casUnique()).isNotZero();
        assertThat(running.await(() -> client.checkAndSet(k, "c".getBytes(UTF_8), item.casUnique() + 1, 0, 0)))
                .isEqualTo(StoreResult.EXISTS);
        assertThat(running.await(() -> client.checkAndSet(k, "c".getBytes(UTF_8), item.casUnique(), 0, 0)))
                .isEqualTo(StoreResult.STORED);
        assertThat(running.await(() -> client.replace(k, "d".getBytes(UTF_8), 0, 0))).isEqualTo(StoreResult.STORED);
        Map<String, Item> both = running.await(() -> client.getMultiple(List.of(k, PREFIX + "missing")));
        assertThat(both).containsOnlyKeys(k);
        assertThat(running.await(() -> client.set(n, "10".getBytes(UTF_8)))).isEqualTo(StoreResult.STORED);
        assertThat(running.await(() -> client.increment(n, 5))).isEqualTo(15L);
        assertThat(running.await(() -> client.decrement(n, 100))).isEqualTo(0L);
        assertThat(running.await(() -> client.increment(PREFIX + "nothing", 1))).isNull();
        assertThat(running.await(() -> client.touch(k, 100))).isTrue();
        assertThat(running.await(() -> client.delete(k))).isTrue();
        assertThat(running.await(() -> client.delete(k))).isFalse();
        assertThat(running.await(() -> client.version())).matches("\\d+\\.\\d+.*");
        assertThat(running.await(() -> client.stats())).containsKey("pid").containsKey("curr_connections");
        assertThat(running.await(() -> client.stats("settings"))).containsKey("maxconns");
    }

    @Test
    void anObjectTooLargeForTheServerFailsOnlyItsCall() throws Exception {
        // memcached's default item limit is 1 MiB including its own overhead: the client's limit
        // lets the value through, the server refuses it and the connection stays usable.
        byte[] big = new byte[MemcacheProtocol.DEFAULT_MAX_VALUE_LENGTH];
        assertThatThrownBy(() -> running.await(() -> client.set(PREFIX + "big", big)))
                .isInstanceOf(ServerErrorException.class);
        assertThat(running.await(() -> client.version())).isNotEmpty();
    }
}
