package net.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorGroup;
import net.reactor.ReactorGroup.Balancing;
import net.reactor.ReactorOptions;
import net.reactor.SystemEvent;
import net.reactor.TriggerPhase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reactor group over real sockets: connections spread over the members by either path
 * (SO_REUSEPORT, hand-off), every callback of a connection runs on one member's thread, and
 * stopping runs every member's triggers and leaves no thread or descriptor behind.
 */
class ReactorGroupTest {
    private static final AtomicInteger GROUPS = new AtomicInteger();
    private static final int CLIENTS = 32;

    /** A protocol that tells the client which member serves it and checks the thread of every callback. */
    static final class Probe extends Protocol {
        final Reactor member;
        final int index;
        final Set<Thread> threads = new HashSet<>();
        final AtomicInteger offThread;
        final CountDownLatch lost;

        Probe(Reactor member, int index, AtomicInteger offThread, CountDownLatch lost) {
            this.member = member;
            this.index = index;
            this.offThread = offThread;
            this.lost = lost;
        }

        private void record() {
            threads.add(Thread.currentThread());
            if (!member.isReactorThread()) {
                offThread.incrementAndGet();
            }
        }

        @Override
        public void connectionMade() {
            record();
            transport().write((index + "\n").getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void dataReceived(byte[] data) {
            record();
            // A timer of the protocol's reactor: must be the member that owns the connection.
            member.callLater(Duration.ZERO, () -> {
                record();
                transport().write(data);
            });
        }

        @Override
        public void connectionLost(Throwable reason) {
            record();
            lost.countDown();
        }
    }

    record Served(ReactorGroup group, ListeningPort port, ConcurrentLinkedQueue<Probe> probes, AtomicInteger offThread,
            CountDownLatch lost) {}

    private static Served serve(ReactorGroup group, boolean unix, Path socketFile) {
        ConcurrentLinkedQueue<Probe> probes = new ConcurrentLinkedQueue<>();
        AtomicInteger offThread = new AtomicInteger();
        CountDownLatch lost = new CountDownLatch(CLIENTS);
        java.util.function.Function<Reactor, Factory> factoryFor = member -> {
            int index = group.members().indexOf(member);
            return Factory.forProtocol(() -> {
                Probe p = new Probe(member, index, offThread, lost);
                probes.add(p);
                return p;
            });
        };
        ListeningPort port = unix ? group.listenUNIX(socketFile, factoryFor) : group.listenTCP(0, factoryFor, 50, "127.0.0.1");
        return new Served(group, port, probes, offThread, lost);
    }

    /** One client: reads which member serves it, echoes a byte through the member's timer, closes. */
    private static int talk(Served s, boolean unix, Path socketFile) throws IOException {
        if (unix) {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(socketFile));
                return exchange(new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.US_ASCII)),
                        Channels.newOutputStream(ch));
            }
        }
        int port = ((IPv4Address) s.port().getHost()).port();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000); // a missing answer fails the test instead of hanging it
            return exchange(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)),
                    socket.getOutputStream());
        }
    }

    private static int exchange(BufferedReader in, OutputStream out) throws IOException {
        int member = Integer.parseInt(in.readLine());
        out.write("ping\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(in.readLine()).isEqualTo("ping");
        return member;
    }

    private void spreads(Balancing balancing, boolean unix, Path dir) throws Exception {
        ReactorFixture.openDescriptors(); // the fixture's class set-up opens the JDK's one-off socket first
        long before = ReactorFixture.openDescriptors();
        String name = "grp" + GROUPS.incrementAndGet();
        ReactorGroup group = ReactorGroup.create(2, ReactorOptions.defaults().withName(name), balancing);
        Path socketFile = dir.resolve("g.sock");
        Served s = serve(group, unix, socketFile);
        List<Thread> threads = group.start(name);
        try {
            Set<Integer> members = new HashSet<>();
            for (int i = 0; i < CLIENTS; i++) {
                members.add(talk(s, unix, socketFile));
            }
            assertThat(s.lost().await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(members).as("members that served connections").containsExactlyInAnyOrder(0, 1);
            assertThat(s.probes()).hasSize(CLIENTS);
            assertThat(s.offThread()).as("callbacks off their member's thread").hasValue(0);
            for (Probe p : s.probes()) {
                assertThat(p.threads).as("threads of one connection").hasSize(1);
            }
        } finally {
            group.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(t.isAlive()).isFalse();
        }
        ReactorFixture.assertNoThreadsLeft(name);
        assertThat(ReactorFixture.openDescriptors()).as("socket and selector descriptors").isEqualTo(before);
        if (unix) {
            assertThat(Files.exists(socketFile)).as("socket file removed").isFalse();
        }
    }

    @Test
    void reusePortSpreadsConnectionsOverMembers(@TempDir Path dir) throws Exception {
        assumeTrue(ReactorGroup.reusePortSupported(), "SO_REUSEPORT not available");
        spreads(Balancing.REUSE_PORT, false, dir);
    }

    @Test
    void handOffSpreadsConnectionsOverMembers(@TempDir Path dir) throws Exception {
        spreads(Balancing.HAND_OFF, false, dir);
    }

    @Test
    void unixSocketsAreHandedOff(@TempDir Path dir) throws Exception {
        spreads(Balancing.AUTO, true, dir);
    }

    @Test
    void autoPicksReusePortWhereAvailable() {
        ReactorGroup group = ReactorGroup.create(1, ReactorOptions.defaults());
        group.start("grp-auto");
        try {
            assertThat(group.balancing())
                    .isEqualTo(ReactorGroup.reusePortSupported() ? Balancing.REUSE_PORT : Balancing.HAND_OFF);
        } finally {
            group.stop().toCompletableFuture().join();
        }
    }

    @Test
    void stopListeningFromOutsideClosesEveryMembersPort() throws Exception {
        for (Balancing b : List.of(Balancing.HAND_OFF, Balancing.AUTO)) {
            ReactorGroup group = ReactorGroup.create(2, ReactorOptions.defaults().withName("grp-sl"), b);
            group.start("grp-sl");
            try {
                // Once the group runs, listening from another thread waits for every member.
                ListeningPort port = group.listenTCP(0, m -> Factory.forProtocol(() -> new Protocol() {}), 50, "127.0.0.1");
                int p = ((IPv4Address) port.getHost()).port();
                new Socket(InetAddress.getLoopbackAddress(), p).close();
                CountDownLatch stopped = new CountDownLatch(1);
                AtomicInteger firedOff = new AtomicInteger();
                var stopping = port.stopListening();
                // A Deferred is confined to the thread that fires it (member 0 here): callbacks are
                // added there, or one added after it fired would run on this test thread instead.
                group.callFromThread(0, () -> stopping.addCallback(v -> {
                    if (!group.member(0).isReactorThread()) {
                        firedOff.incrementAndGet();
                    }
                    stopped.countDown();
                    return null;
                }));
                assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();
                assertThat(firedOff).as("fired off member 0's thread").hasValue(0);
                assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), p).close())
                        .isInstanceOf(ConnectException.class);
            } finally {
                group.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void listeningOnAMemberThreadOnceRunningIsRefused() throws Exception {
        ReactorGroup group = ReactorGroup.create(2, ReactorOptions.defaults().withName("grp-wt"));
        group.start("grp-wt");
        try {
            Throwable thrown = group.member(1).blockingCallFromThread(() -> {
                try {
                    group.listenTCP(0, m -> Factory.forProtocol(() -> new Protocol() {}));
                    return net.deferred.Deferred.succeed(null);
                } catch (WrongThreadException e) {
                    return net.deferred.Deferred.succeed(e);
                }
            });
            assertThat(thrown).isInstanceOf(WrongThreadException.class);
        } finally {
            group.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void stopRunsEveryMembersTriggersEvenWhenOneFails() throws Exception {
        ReactorGroup group = ReactorGroup.create(3, ReactorOptions.defaults().withName("grp-stop"));
        List<String> ran = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < group.size(); i++) {
            int index = i;
            Reactor m = group.member(i);
            m.addSystemEventTrigger(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, () -> {
                ran.add("before-" + index);
                if (index == 1) {
                    throw new IllegalStateException("trigger of member 1 fails (expected by the test)");
                }
            });
            m.addSystemEventTrigger(TriggerPhase.AFTER, SystemEvent.SHUTDOWN, () -> ran.add("after-" + index));
        }
        List<Thread> threads = group.start("grp-stop");
        group.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(ran).containsExactlyInAnyOrder("before-0", "before-1", "before-2", "after-0", "after-1", "after-2");
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(group.isRunning()).isFalse();
        ReactorFixture.assertNoThreadsLeft("grp-stop");
    }

    @Test
    void oneMemberStoppingStopsTheGroup() throws Exception {
        ReactorGroup group = ReactorGroup.create(2, ReactorOptions.defaults().withName("grp-one"));
        group.start("grp-one");
        group.member(1).stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
        group.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(group.member(0).isRunning()).isFalse();
    }

    @Test
    void nextGoesRoundAndCurrentNamesTheCallingMember() throws Exception {
        ReactorGroup group = ReactorGroup.create(3, ReactorOptions.defaults().withName("grp-rr"));
        assertThat(List.of(group.next(), group.next(), group.next(), group.next()))
                .containsExactly(group.member(0), group.member(1), group.member(2), group.member(0));
        group.start("grp-rr");
        try {
            assertThat(group.current()).isNull();
            Reactor seen = group.member(2).blockingCallFromThread(() -> net.deferred.Deferred.succeed(group.current()));
            assertThat(seen).isSameAs(group.member(2));
            CountDownLatch ran = new CountDownLatch(1);
            group.callFromThread(1, () -> {
                if (group.member(1).isReactorThread()) {
                    ran.countDown();
                }
            });
            assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            group.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> ReactorGroup.create(0, ReactorOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
