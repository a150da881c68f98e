package net.dbapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.deferred.Deferred;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorGroup;
import net.reactor.ReactorOptions;
import net.threadpool.Blocking;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One pool serving a reactor group over in-memory H2: every member may call it and each call's
 * Deferred fires on the member that made it, for results, for failures decided by the pool's
 * home member (acquire timeout), and through the blocking façade.
 */
class GroupPoolTest {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private String name;
    private Connection keepAlive;
    private ReactorGroup group;

    @BeforeEach
    void setUp() throws Exception {
        name = "grppool" + COUNTER.incrementAndGet();
        keepAlive = DriverManager.getConnection("jdbc:h2:mem:" + name);
        try (Statement st = keepAlive.createStatement()) {
            st.execute("CREATE TABLE users(id INT PRIMARY KEY, name VARCHAR(20))");
            for (int i = 0; i < 16; i++) {
                st.execute("INSERT INTO users VALUES (" + i + ", 'user" + i + "')");
            }
        }
        // HAND_OFF: the connections spread over both members whatever the kernel's hash does.
        group = ReactorGroup.create(2, ReactorOptions.defaults().withName(name).withShutdownTimeout(Duration.ofSeconds(10)),
                ReactorGroup.Balancing.HAND_OFF);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (group.isRunning()) {
            group.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        keepAlive.close();
    }

    private ConnectionPool pool(ConnectionPoolOptions options) {
        return ConnectionPool.create(group, ConnectionSource.url("jdbc:h2:mem:" + name), options.withName(name + "-pool"));
    }

    /** Answers each line (a user id) with the user's name, looked up through the shared pool. */
    static final class Lookup extends Protocol {
        final Reactor member;
        final int index;
        final ConnectionPool pool;
        final AtomicInteger offThread;

        Lookup(Reactor member, int index, ConnectionPool pool, AtomicInteger offThread) {
            this.member = member;
            this.index = index;
            this.pool = pool;
            this.offThread = offThread;
        }

        @Override
        public void dataReceived(byte[] data) {
            int id = Integer.parseInt(new String(data, StandardCharsets.US_ASCII).trim());
            pool.runQuery("SELECT name FROM users WHERE id = ?", id).addCallback(rows -> {
                if (!member.isReactorThread()) {
                    offThread.incrementAndGet();
                }
                transport().write((index + " " + rows.get(0).getString("name") + "\n").getBytes(StandardCharsets.US_ASCII));
                return null;
            });
        }
    }

    @Test
    void callsOverRealConnectionsFireOnTheMemberThatMadeThem() throws Exception {
        ConnectionPool pool = pool(ConnectionPoolOptions.defaults().withMaxConnections(2));
        AtomicInteger offThread = new AtomicInteger();
        ListeningPort port = group.listenTCP(0, member -> Factory.forProtocol(
                () -> new Lookup(member, group.members().indexOf(member), pool, offThread)), 50, "127.0.0.1");
        group.start(name);
        int p = ((IPv4Address) port.getHost()).port();
        Set<String> members = new HashSet<>();
        for (int i = 0; i < 16; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), p)) {
                s.setSoTimeout(30_000); // a missing answer fails the test instead of hanging it
                OutputStream out = s.getOutputStream();
                out.write((i + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String[] answer = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine().split(" ");
                assertThat(answer[1]).isEqualTo("user" + i);
                members.add(answer[0]);
            }
        }
        assertThat(members).containsExactlyInAnyOrder("0", "1");
        assertThat(offThread).as("results delivered off the calling member's thread").hasValue(0);
    }

    @Test
    void aFailureDecidedByTheHomeMemberFiresOnTheCaller() throws Exception {
        ConnectionPool pool = pool(ConnectionPoolOptions.defaults().withMaxConnections(1)
                .withAcquireTimeout(Duration.ofMillis(100)));
        group.start(name);
        CountDownLatch release = new CountDownLatch(1);
        // Member 0 holds the only connection until member 1's call has given up.
        CompletableFuture<Integer> held = new CompletableFuture<>();
        group.callFromThread(0, () -> pool.runWithConnection(c -> {
            release.await(30, TimeUnit.SECONDS);
            return 1;
        }).addBoth(o -> held.complete(1)));
        CompletableFuture<String> failedOn = new CompletableFuture<>();
        Reactor member1 = group.member(1);
        group.callFromThread(1, () -> waitThenCall(pool, member1, failedOn));
        try {
            assertThat(failedOn.get(30, TimeUnit.SECONDS)).isEqualTo("AcquireTimeoutException on member 1");
        } finally {
            release.countDown();
        }
        assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    }

    /** On member 1: calls once the pool's only connection is busy, and records where the failure fired. */
    private static void waitThenCall(ConnectionPool pool, Reactor member1, CompletableFuture<String> failedOn) {
        if (pool.stats().busyConnections() < 1) {
            member1.callLater(Duration.ofMillis(5), () -> waitThenCall(pool, member1, failedOn));
            return;
        }
        pool.runQuery("SELECT 1").addErrback(f -> {
            failedOn.complete(f.value().getClass().getSimpleName() + (member1.isReactorThread() ? " on member 1" : " elsewhere"));
            return null;
        });
    }

    @Test
    void theBlockingFacadeAndDeferToThreadWorkFromEveryMember() throws Exception {
        ConnectionPool pool = pool(ConnectionPoolOptions.defaults());
        group.start(name);
        for (int i = 0; i < group.size(); i++) {
            Reactor member = group.member(i);
            // A virtual thread bound to the member: Blocking.await runs the call on the member's thread.
            String viaFacade = member.blockingCallFromThread(() -> Blocking.spawn(member,
                    () -> Blocking.await(() -> pool.runQuery("SELECT name FROM users WHERE id = ?", 3)).get(0).getString("name")));
            assertThat(viaFacade).isEqualTo("user3");
            Boolean firedOnMember = member.blockingCallFromThread(() -> {
                Deferred<Boolean> d = member.deferToThread(() -> true);
                return d.addCallback(v -> member.isReactorThread());
            });
            assertThat(firedOnMember).isTrue();
        }
        List<Row> rows = group.member(1).blockingCallFromThread(() -> pool.runQuery("SELECT COUNT(*) AS n FROM users"));
        assertThat(rows.get(0).getInt("n")).isEqualTo(16);
    }
}
