package spindle.it.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import spindle.it.support.RequiredPeer;

/**
 * The UDP pair run as a user runs them: {@code samples/run udp-echo} answered by an outside peer
 * (Python's socket module, which every machine with python3 has) and by
 * {@code samples/run udp-echo-client}, each in its own JVM on the module path.
 */
class UdpSamplesTest {
    private static final int SIGTERM_STATUS = 143;
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Sends datagrams of several sizes (up to UDP's IPv4 maximum) from one socket, and checks
     * that each comes back whole, in its own datagram, from the port it was sent to.
     */
    private static final String PEER = """
            import socket, sys
            port = int(sys.argv[1])
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.settimeout(1.0)
            for size in (1, 0, 1000, 8193, 65507):
                message = bytes((i * 7 + size) % 251 for i in range(size))
                for attempt in range(10):
                    s.sendto(message, ("127.0.0.1", port))
                    try:
                        data, sender = s.recvfrom(70000)
                    except socket.timeout:
                        continue
                    break
                else:
                    sys.exit("no echo for %d bytes" % size)
                if data != message:
                    sys.exit("echo of %d bytes came back as %d different bytes" % (size, len(data)))
                if sender != ("127.0.0.1", port):
                    sys.exit("echo came from %r, not the server's port" % (sender,))
                print("echoed %d" % size)
            """;

    @TempDir
    Path dir;

    @RegisterExtension
    final SampleProcesses samples = new SampleProcesses();

    private SampleProcess start(String... args) throws Exception {
        return samples.start(dir, args);
    }

    @Test
    void udpEchoReturnsEveryDatagramWholeToAPythonPeerAndTheClientSampleGetsItsAnswer() throws Exception {
        SampleProcess server = start("udp-echo", "--port", "0");
        InetSocketAddress address = server.awaitListening();
        assertThat(address.getHostString()).isEqualTo("127.0.0.1");
        String port = String.valueOf(address.getPort());

        Path script = dir.resolve("udp_peer.py");
        Files.writeString(script, PEER);
        Process peer = new ProcessBuilder(python(), script.toString(), port).redirectErrorStream(true).start();
        peer.getOutputStream().close();
        String peerOutput = new String(peer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(peer.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(peer.exitValue()).as(peerOutput + server.diagnostics()).isZero();
        assertThat(peerOutput.lines()).containsExactly("echoed 1", "echoed 0", "echoed 1000", "echoed 8193", "echoed 65507");

        SampleProcess client = start("udp-echo-client", "--port", port, "--message", "round trip over UDP");
        assertThat(client.awaitExit(EXIT_TIMEOUT)).as(client.diagnostics()).isZero();
        assertThat(client.output()).containsExactly("Server said: round trip over UDP");

        server.terminate();
        assertThat(server.awaitExit(EXIT_TIMEOUT)).as(server.diagnostics()).isEqualTo(SIGTERM_STATUS);
        assertThat(server.stderr()).doesNotContain("Exception");
        assertThat(server.output()).filteredOn(l -> l.startsWith("listening on ")).hasSize(1);
    }

    @Test
    void udpEchoClientGivesUpWithANonZeroStatusWhenNoOneAnswers() throws Exception {
        int deadPort;
        try (java.nio.channels.DatagramChannel probe = java.nio.channels.DatagramChannel.open()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            deadPort = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        SampleProcess client = start("udp-echo-client", "--port", String.valueOf(deadPort), "--timeout", "0.2",
                "--tries", "3");
        assertThat(client.awaitExit(EXIT_TIMEOUT)).as(client.diagnostics()).isEqualTo(1);
        assertThat(client.output()).isEmpty();
        assertThat(client.stderr())
                .contains("sending again (2 of 3)", "sending again (3 of 3)", "after 3 tries")
                .contains("port unreachable")
                .doesNotContain("Exception");
    }

    /** Any python3 will do: only the standard library's socket module is used. */
    private static String python() {
        List<String> candidates = new ArrayList<>();
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(Path.of(d, "python3").toString());
        }
        candidates.add("/usr/bin/python3");
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        throw RequiredPeer.missing("the UDP sample test needs python3 as the outside peer; none found",
                "apt-get install -y python3");
    }
}
