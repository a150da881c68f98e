package net.reactor.internal;

import static net.reactor.internal.ReactorFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import net.deferred.Deferred;
import net.reactor.Address;
import net.reactor.CannotListenException;
import net.reactor.DNSLookupException;
import net.reactor.DatagramProtocol;
import net.reactor.Factory;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.MessageLengthException;
import net.reactor.MulticastJoinException;
import net.reactor.MulticastTransport;
import net.reactor.SocketType;
import net.reactor.UDPTransport;
import net.reactor.UNIXAddress;
import net.reactor.internal.ReactorFixture.Echo;
import org.junit.jupiter.api.Test;

/** UDP and multicast ports over real loopback datagrams. */
class UdpPortTest {
    private static final long WAIT = ReactorFixture.WAIT_SECONDS;

    /** Records every event; the queue is read by the test thread. */
    static class Recorder extends DatagramProtocol {
        final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<Address> senders = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> started = new CompletableFuture<>();
        final CompletableFuture<Void> stopped = new CompletableFuture<>();

        @Override
        public void startProtocol() {
            started.complete(null);
        }

        @Override
        public void stopProtocol() {
            stopped.complete(null);
        }

        @Override
        public void datagramReceived(byte[] data, Address from) {
            senders.add(from);
            events.add("data:" + new String(data, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void datagramTruncated(byte[] head, Address from) {
            events.add("truncated:" + head.length);
        }

        @Override
        public void connectionRefused() {
            events.add("refused");
        }

        String next() throws InterruptedException {
            String e = events.poll(WAIT, TimeUnit.SECONDS);
            assertThat(e).as("an event within " + WAIT + " s").isNotNull();
            return e;
        }
    }

    /** Echoes every datagram to its sender. */
    static final class EchoDatagrams extends Recorder {
        @Override
        public void datagramReceived(byte[] data, Address from) {
            super.datagramReceived(data, from);
            transport().write(data, from);
        }
    }

    private static int port(UDPTransport t) {
        return switch (t.getHost()) {
            case IPv4Address a -> a.port();
            case IPv6Address a -> a.port();
            default -> throw new AssertionError(t.getHost());
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void echoOverIPv4() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            EchoDatagrams server = new EchoDatagrams();
            Recorder client = new Recorder();
            UDPTransport serverPort = f.call(() -> f.reactor.listenUDP(0, server, "127.0.0.1"));
            UDPTransport clientPort = f.call(() -> f.reactor.listenUDP(0, client, "127.0.0.1"));
            assertThat(server.started).isDone();
            assertThat(serverPort.getHost()).isInstanceOf(IPv4Address.class);
            assertThat(((IPv4Address) serverPort.getHost()).type()).isEqualTo(SocketType.UDP);
            IPv4Address to = new IPv4Address(SocketType.UDP, "127.0.0.1", port(serverPort));
            assertThat(f.call(() -> clientPort.write(bytes("hello"), to))).isTrue();
            assertThat(server.next()).isEqualTo("data:hello");
            assertThat(server.senders.take()).isEqualTo(clientPort.getHost());
            assertThat(client.next()).isEqualTo("data:hello");
            assertThat(client.senders.take()).isEqualTo(to);
            // Boundaries are kept, and an empty datagram is a datagram.
            f.run(() -> {
                clientPort.write(bytes("a"), to);
                clientPort.write(new byte[0], to);
                clientPort.write(bytes("bc"), to);
            });
            assertThat(List.of(client.next(), client.next(), client.next())).containsExactly("data:a", "data:", "data:bc");
        }
    }

    @Test
    void echoOverIPv6() throws Exception {
        assumeTrue(ipv6LoopbackWorks(), "::1 is not available on this machine (no IPv6 loopback)");
        try (ReactorFixture f = new ReactorFixture().start()) {
            EchoDatagrams server = new EchoDatagrams();
            Recorder client = new Recorder();
            UDPTransport serverPort = f.call(() -> f.reactor.listenUDP(0, server, "::1"));
            UDPTransport clientPort = f.call(() -> f.reactor.listenUDP(0, client, "::1"));
            assertThat(serverPort.getHost()).isEqualTo(new IPv6Address(SocketType.UDP, "::1", port(serverPort)));
            IPv6Address to = new IPv6Address(SocketType.UDP, "::1", port(serverPort));
            f.run(() -> clientPort.write(bytes("over six"), to));
            assertThat(client.next()).isEqualTo("data:over six");
            assertThat(client.senders.take()).isEqualTo(to);
        }
    }

    private static boolean ipv6LoopbackWorks() {
        try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            ch.bind(new InetSocketAddress("::1", 0));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void connectedPortHearsIcmpRefusalAsConnectionRefused() throws Exception {
        int deadPort;
        try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET)) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            deadPort = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        try (ReactorFixture f = new ReactorFixture().start()) {
            Recorder client = new Recorder();
            UDPTransport port = f.call(() -> f.reactor.listenUDP(0, client, "127.0.0.1"));
            Address peer = f.reactor.blockingCallFromThread(() -> port.connect("127.0.0.1", deadPort));
            assertThat(peer).isEqualTo(new IPv4Address(SocketType.UDP, "127.0.0.1", deadPort));
            assertThat(f.call(port::getPeer)).isEqualTo(peer);
            f.run(() -> port.write(bytes("anyone?")));
            assertThat(client.next()).isEqualTo("refused");
            // The port stays open and usable: a peer that starts listening now gets through.
            assertThat(f.call(() -> port.write(bytes("again"), peer))).isTrue();
            assertThatThrownBy(() -> f.call(() -> port.write(bytes("x"), new IPv4Address(SocketType.UDP, "127.0.0.1", 9))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connected to");
            assertThatThrownBy(() -> f.call(() -> port.connect("127.0.0.1", 9)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already connected");
        }
    }

    @Test
    void connectedPortOnlyHearsItsPeerAndWritesWithoutAddress() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            EchoDatagrams server = new EchoDatagrams();
            Recorder client = new Recorder();
            Recorder stranger = new Recorder();
            UDPTransport serverPort = f.call(() -> f.reactor.listenUDP(0, server, "127.0.0.1"));
            UDPTransport clientPort = f.call(() -> f.reactor.listenUDP(0, client, "127.0.0.1"));
            UDPTransport strangerPort = f.call(() -> f.reactor.listenUDP(0, stranger, "127.0.0.1"));
            f.reactor.blockingCallFromThread(() -> clientPort.connect("127.0.0.1", port(serverPort)));
            f.run(() -> strangerPort.write(bytes("not for you"), clientPort.getHost()));
            f.run(() -> clientPort.write(bytes("ping")));
            assertThat(client.next()).isEqualTo("data:ping");
            assertThat(client.events).isEmpty(); // the stranger's datagram was filtered by the system
        }
    }

    @Test
    void connectResolvesHostNamesOffTheReactorThread() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            UDPTransport port = f.call(() -> f.reactor.listenUDP(0, new Recorder(), "127.0.0.1"));
            Thread loop = f.thread();
            AtomicBoolean firedOnLoop = new AtomicBoolean();
            CompletableFuture<Throwable> failed = new CompletableFuture<>();
            f.run(() -> port.connect("no-such-host.invalid", 9).addErrback(failure -> {
                firedOnLoop.set(Thread.currentThread() == loop);
                failed.complete(failure.value());
                return null;
            }));
            assertThat(await(failed)).isInstanceOf(DNSLookupException.class).hasMessageContaining("no-such-host.invalid");
            assertThat(firedOnLoop).isTrue();
            assertThat(f.call(port::getPeer)).isNull();
            // A failed attempt leaves the port free to connect again.
            Address peer = f.reactor.blockingCallFromThread(() -> port.connect("127.0.0.1", 9));
            assertThat(peer).isEqualTo(new IPv4Address(SocketType.UDP, "127.0.0.1", 9));
        }
    }

    @Test
    void writeRefusesAddressesItCannotSendTo() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            UDPTransport port = f.call(() -> f.reactor.listenUDP(0, new Recorder(), "127.0.0.1"));
            assertThatThrownBy(() -> f.call(() -> port.write(bytes("x"), new IPv4Address(SocketType.UDP, "localhost", 9))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numeric address");
            assertThatThrownBy(() -> f.call(() -> port.write(bytes("x"), new IPv6Address(SocketType.UDP, "::1", 9))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IPv4 port");
            assertThatThrownBy(() -> f.call(() -> port.write(bytes("x"), new UNIXAddress(Path.of("/tmp/x")))))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> f.call(() -> port.write(bytes("x"))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("not connected");
            IPv4Address self = (IPv4Address) port.getHost();
            assertThatThrownBy(() -> f.call(() -> port.write(new byte[65_508], self)))
                    .isInstanceOf(MessageLengthException.class).hasMessageContaining("65508");
            // An address the system cannot send to fails at once, naming it; the port stays usable.
            assertThatThrownBy(() -> f.call(() -> port.write(bytes("x"), new IPv4Address(SocketType.UDP, "127.0.0.1", 0))))
                    .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("cannot send a datagram to 127.0.0.1:0");
            assertThat(f.call(() -> port.write(bytes("x"), self))).isTrue();
            assertThatThrownBy(() -> port.write(bytes("x"), self)).isInstanceOf(WrongThreadException.class);
            assertThatThrownBy(() -> f.reactor.listenUDP(0, new Recorder())).isInstanceOf(WrongThreadException.class);
            assertThatThrownBy(() -> f.call(() -> f.reactor.listenUDP(0, new Recorder(), "localhost")))
                    .isInstanceOf(CannotListenException.class).hasMessageContaining("numeric");
        }
    }

    @Test
    void longestDatagramArrivesWholeAndLongerOnesAreReportedTruncated() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            Recorder small = new Recorder();
            Recorder big = new Recorder();
            UDPTransport smallPort = f.call(() -> f.reactor.listenUDP(0, small, "127.0.0.1", 100));
            UDPTransport bigPort = f.call(() -> f.reactor.listenUDP(0, big, "127.0.0.1", 65_535));
            assertThat(smallPort.maxPacketSize()).isEqualTo(100);
            f.run(() -> {
                bigPort.write(new byte[100], smallPort.getHost());
                bigPort.write(new byte[101], smallPort.getHost());
                bigPort.write(new byte[150], smallPort.getHost());
                smallPort.write(new byte[65_507], bigPort.getHost());
            });
            assertThat(small.next()).isEqualTo("data:" + "\0".repeat(100));
            assertThat(small.next()).isEqualTo("truncated:100");
            assertThat(small.next()).isEqualTo("truncated:100");
            assertThat(big.next()).hasSize("data:".length() + 65_507);
        }
    }

    @Test
    void aReadyPortDeliversABoundedBatchPerTurn() throws Exception {
        int queued = 80; // more than one batch, and few enough for any socket receive buffer
        assertThat(queued).isGreaterThan(UdpPort.READ_BATCH);
        try (ReactorFixture f = new ReactorFixture()) {
            AtomicInteger received = new AtomicInteger();
            CompletableFuture<Integer> seenByOtherWork = new CompletableFuture<>();
            CompletableFuture<Void> all = new CompletableFuture<>();
            DatagramProtocol counter = new DatagramProtocol() {
                @Override
                public void datagramReceived(byte[] data, Address from) {
                    if (received.incrementAndGet() == 1) {
                        // Work queued by the first datagram runs in this same turn, after the
                        // port yields: it sees how many the port delivered in one go.
                        f.reactor.callFromThread(() -> seenByOtherWork.complete(received.get()));
                    }
                    if (received.get() == queued) {
                        all.complete(null);
                    }
                }
            };
            UDPTransport port = f.reactor.listenUDP(0, counter, "127.0.0.1");
            // Queue them all in the socket's receive buffer before the loop runs.
            try (DatagramChannel sender = DatagramChannel.open(StandardProtocolFamily.INET)) {
                InetSocketAddress to = new InetSocketAddress("127.0.0.1", port(port));
                for (int i = 0; i < queued; i++) {
                    sender.send(ByteBuffer.wrap(new byte[] {(byte) i}), to);
                }
            }
            f.start();
            assertThat(await(seenByOtherWork)).isEqualTo(UdpPort.READ_BATCH);
            await(all); // and the rest follow in the next turn
        }
    }

    @Test
    void aFloodOfDatagramsNeitherBlocksTheLoopNorStarvesTCP() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            AtomicLong received = new AtomicLong();
            DatagramProtocol counter = new DatagramProtocol() {
                @Override
                public void datagramReceived(byte[] data, Address from) {
                    received.incrementAndGet();
                }
            };
            UDPTransport udp = f.call(() -> f.reactor.listenUDP(0, counter, "127.0.0.1"));
            int tcpPort = f.call(() -> f.listen(Factory.forProtocol(Echo::new)));
            int minimum = 100_000;
            int cap = 20_000_000;
            AtomicBoolean tcpServed = new AtomicBoolean();
            AtomicLong sent = new AtomicLong();
            AtomicLong sentWhenServed = new AtomicLong(-1);
            // Floods until TCP has been served, and at least 100,000 datagrams: a loop starved by
            // the flood would only serve TCP after the cap, which the assertions below catch.
            Thread flood = Thread.ofPlatform().name("udp-flood").start(() -> {
                try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
                    ch.connect(new InetSocketAddress("127.0.0.1", port(udp)));
                    ByteBuffer b = ByteBuffer.allocateDirect(64);
                    while (sent.get() < cap && (sent.get() < minimum || !tcpServed.get())) {
                        b.clear();
                        ch.write(b);
                        sent.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", tcpPort));
                s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT));
                while (sent.get() < 1000) {
                    Thread.onSpinWait(); // the flood is on
                }
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write(bytes("ping"));
                assertThat(in.readNBytes(4)).isEqualTo(bytes("ping"));
                sentWhenServed.set(sent.get());
                tcpServed.set(true);
            }
            flood.join(TimeUnit.SECONDS.toMillis(WAIT * 4));
            assertThat(flood.isAlive()).isFalse();
            assertThat(sentWhenServed.get()).as("TCP was served while the flood went on").isLessThan(cap);
            assertThat(sent.get()).isGreaterThanOrEqualTo(minimum);
            // What the socket's buffer could not hold was dropped by the system, as UDP does.
            long got = f.call(() -> received.get());
            assertThat(got).isPositive().isLessThanOrEqualTo(sent.get());
            // The loop is still responsive and the port still works.
            Recorder probe = new Recorder();
            UDPTransport probePort = f.call(() -> f.reactor.listenUDP(0, probe, "127.0.0.1"));
            f.run(() -> probePort.write(bytes("still here"), probePort.getHost()));
            assertThat(probe.next()).isEqualTo("data:still here");
        }
    }

    @Test
    void stopListeningStopsTheProtocolAndReleasesThePort() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            Recorder first = new Recorder();
            UDPTransport port = f.call(() -> f.reactor.listenUDP(0, first, "127.0.0.1"));
            int number = port(port);
            f.reactor.blockingCallFromThread(() -> {
                Deferred<Void> d1 = port.stopListening();
                assertThat(port.stopListening()).isSameAs(d1);
                return d1;
            });
            assertThat(first.stopped).isDone();
            assertThat(f.call(() -> f.reactor.openCount())).isZero();
            assertThatThrownBy(() -> f.call(() -> port.write(bytes("x"), port.getHost())))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped listening");
            // The number is free again, and the same protocol may serve the new port.
            UDPTransport again = f.call(() -> f.reactor.listenUDP(number, first, "127.0.0.1"));
            assertThat(port(again)).isEqualTo(number);
            f.run(() -> again.write(bytes("back"), again.getHost()));
            assertThat(first.next()).isEqualTo("data:back");
            // A protocol serves one port at a time.
            assertThatThrownBy(() -> f.call(() -> f.reactor.listenUDP(0, first, "127.0.0.1")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already serves");
        }
    }

    @Test
    void reactorStopClosesPortsAndStopsProtocols() throws Exception {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        try (ReactorFixture f = new ReactorFixture().start()) {
            f.run(() -> {
                f.reactor.listenUDP(0, a, "127.0.0.1");
                f.reactor.listenMulticast(0, b, "", true);
            });
        } // the fixture checks that no socket, thread or registration is left
        assertThat(a.stopped).isDone();
        assertThat(b.stopped).isDone();
    }

    @Test
    void multicastReachesEveryMemberOnLoopbackUntilItLeaves() throws Exception {
        String group = "239.255.42.99";
        try (ReactorFixture f = new ReactorFixture().start()) {
            Recorder one = new Recorder();
            Recorder two = new Recorder();
            Recorder senderProtocol = new Recorder();
            MulticastTransport p1 = f.call(() -> f.reactor.listenMulticast(0, one, "", true));
            int port = port(p1);
            MulticastTransport p2 = f.call(() -> f.reactor.listenMulticast(port, two, "", true));
            MulticastTransport sender = f.call(() -> f.reactor.listenMulticast(0, senderProtocol, "127.0.0.1", false));
            f.reactor.blockingCallFromThread(() -> sender.setOutgoingInterface("127.0.0.1"));
            assertThat(f.call(sender::getOutgoingInterface)).isEqualTo("127.0.0.1");
            assertThat(f.call(sender::getLoopbackMode)).isTrue();
            assertThat(f.call(sender::getTTL)).isEqualTo(1);
            f.run(() -> sender.setTTL(2));
            assertThat(f.call(sender::getTTL)).isEqualTo(2);
            try {
                f.reactor.blockingCallFromThread(() -> p1.joinGroup(group, "127.0.0.1"));
                f.reactor.blockingCallFromThread(() -> p2.joinGroup(group, "127.0.0.1"));
            } catch (MulticastJoinException e) {
                assumeTrue(false, "the kernel refuses multicast on the loopback interface: " + e.getMessage());
            }
            IPv4Address to = new IPv4Address(SocketType.UDP, group, port);
            f.run(() -> sender.write(bytes("to all"), to));
            assertThat(one.next()).isEqualTo("data:to all");
            assertThat(two.next()).isEqualTo("data:to all");
            // A second join of the same group on the same interface is refused.
            assertThatThrownBy(() -> f.reactor.blockingCallFromThread(() -> p1.joinGroup(group, "127.0.0.1")))
                    .isInstanceOf(MulticastJoinException.class).hasMessageContaining("already joined");
            f.reactor.blockingCallFromThread(() -> p1.leaveGroup(group, "127.0.0.1"));
            f.run(() -> sender.write(bytes("to the rest"), to));
            assertThat(two.next()).isEqualTo("data:to the rest");
            // The system delivers a group datagram to every member within the one send: had `one`
            // still been a member, it would have it by now.
            f.run(() -> { });
            assertThat(one.events).isEmpty();
            assertThatThrownBy(() -> f.reactor.blockingCallFromThread(() -> p1.leaveGroup(group, "127.0.0.1")))
                    .isInstanceOf(MulticastJoinException.class).hasMessageContaining("not a member");
            assertThatThrownBy(() -> f.reactor.blockingCallFromThread(() -> p1.joinGroup("127.0.0.1", "127.0.0.1")))
                    .isInstanceOf(MulticastJoinException.class).hasMessageContaining("not a multicast address");
            // IP_MULTICAST_LOOP is a setting of the sender's socket. (Sent out of the loopback
            // interface itself, a group datagram still reaches members here: that is delivery on
            // lo, not the loop-back this option governs, so it is not observable in this test.)
            f.run(() -> sender.setLoopbackMode(false));
            assertThat(f.call(sender::getLoopbackMode)).isFalse();
        }
    }


    @Test
    void aProtocolWhoseStartFailsLeavesNoPortAndCanBeUsedAgain() throws Exception {
        try (ReactorFixture f = new ReactorFixture().start()) {
            AtomicInteger starts = new AtomicInteger();
            Recorder flaky = new Recorder() {
                @Override
                public void startProtocol() {
                    if (starts.incrementAndGet() == 1) {
                        throw new IllegalStateException("not today");
                    }
                    super.startProtocol();
                }
            };
            assertThatThrownBy(() -> f.call(() -> f.reactor.listenUDP(0, flaky, "127.0.0.1")))
                    .isInstanceOf(IllegalStateException.class).hasMessage("not today");
            assertThat(f.call(() -> f.reactor.openCount())).isZero();
            assertThat(flaky.attached()).isFalse();
            UDPTransport port = f.call(() -> f.reactor.listenUDP(0, flaky, "127.0.0.1"));
            assertThat(flaky.started).isDone();
            f.reactor.blockingCallFromThread(port::stopListening);
        }
    }
}
