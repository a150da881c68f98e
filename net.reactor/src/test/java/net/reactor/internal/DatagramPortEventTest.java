package net.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import net.reactor.UDPTransport;
import org.junit.jupiter.api.Test;

/** The spindle.DatagramPortClosed event: one per port, with its totals, in a real recording. */
class DatagramPortEventTest {

    @Test
    void aClosedPortRecordsItsTotals() throws Exception {
        Path file = Files.createTempFile("spindle-udp", ".jfr");
        String reactorName;
        try (Recording recording = new Recording()) {
            recording.enable("spindle.DatagramPortClosed");
            recording.start();
            try (ReactorFixture f = new ReactorFixture().start()) {
                reactorName = f.name;
                UdpPortTest.EchoDatagrams server = new UdpPortTest.EchoDatagrams();
                UdpPortTest.Recorder client = new UdpPortTest.Recorder();
                UDPTransport serverPort = f.call(() -> f.reactor.listenUDP(0, server, "127.0.0.1"));
                UDPTransport clientPort = f.call(() -> f.reactor.listenUDP(0, client, "127.0.0.1"));
                f.run(() -> {
                    clientPort.write("hello".getBytes(StandardCharsets.US_ASCII), serverPort.getHost());
                    clientPort.write("hi".getBytes(StandardCharsets.US_ASCII), serverPort.getHost());
                });
                assertThat(List.of(client.next(), client.next())).containsExactlyInAnyOrder("data:hello", "data:hi");
                f.reactor.blockingCallFromThread(serverPort::stopListening);
                f.run(serverPort::stopListening); // again: the same Deferred, and the port is recorded once
                // The client port is closed by the reactor's stop, and recorded then.
            }
            recording.stop();
            recording.dump(file);
            List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("spindle.DatagramPortClosed"))
                    .filter(e -> reactorName.equals(e.getString("reactor"))) // not another test's ports
                    .toList();
            assertThat(events).hasSize(2);
            assertThat(events).allSatisfy(e -> {
                assertThat(e.getString("kind")).isEqualTo("UDP");
                assertThat(e.getString("local")).contains("127.0.0.1");
                assertThat(e.getLong("datagramsIn")).isEqualTo(2);
                assertThat(e.getLong("datagramsOut")).isEqualTo(2);
                assertThat(e.getLong("bytesIn")).isEqualTo(7);
                assertThat(e.getLong("bytesOut")).isEqualTo(7);
                assertThat(e.getLong("droppedWrites")).isZero();
                assertThat(e.getLong("lifetime")).isPositive();
            });
            assertThat(events).extracting(e -> e.getString("protocol")).containsExactlyInAnyOrder(
                    UdpPortTest.EchoDatagrams.class.getName(), UdpPortTest.Recorder.class.getName());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
