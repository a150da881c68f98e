package net.protocols.policies;

import static net.protocols.policies.Recording.b;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.protocols.policies.Recording.RecordingClientFactory;
import net.reactor.ConnectionDoneException;
import net.reactor.Transport;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficLoggingFactoryTest {
    @TempDir
    Path dir;

    private final RecordingClientFactory inner = new RecordingClientFactory();

    private List<String> log(int n) throws IOException {
        return Files.readAllLines(dir.resolve("traffic-" + n), StandardCharsets.UTF_8);
    }

    @Test
    void logsEveryEventOfAConnectionToItsOwnFile() throws IOException {
        TrafficLoggingFactory factory = new TrafficLoggingFactory(inner, dir.resolve("traffic"));
        StringTransport t = new StringTransport();
        t.connect(factory.buildProtocol(StringTransport.DEFAULT_PEER));
        Transport seen = inner.built.get(0).transport();

        factory.protocols().iterator().next().dataReceived(b("GET / HTTP/1.0\r\n"));
        seen.write(b("it's \"quoted\"\\"));
        seen.writeSequence(List.of(b("a"), new byte[] {0, (byte) 0xff, 0x7f, '\t'}));
        seen.loseConnection();
        t.deliverConnectionLost(new ConnectionDoneException("Connection was closed cleanly."));

        assertThat(log(1)).containsExactly(
                "*",
                "C 1: b'GET / HTTP/1.0\\r\\n'",
                "S 1: b'it\\'s \"quoted\"\\\\'",
                "SV 1: [b'a', b'\\x00\\xff\\x7f\\t']",
                "S 1: *",
                "C 1: net.reactor.ConnectionDoneException: Connection was closed cleanly.");
        assertThat(t.value()).isEqualTo(b("it's \"quoted\"\\a\0\u00ff\u007f\t"));
    }

    @Test
    void numbersConnectionsAndCanStartAgain() throws IOException {
        TrafficLoggingFactory factory = new TrafficLoggingFactory(inner, dir.resolve("traffic"));
        for (int i = 0; i < 2; i++) {
            new StringTransport().connect(factory.buildProtocol(StringTransport.DEFAULT_PEER));
        }
        assertThat(log(1)).containsExactly("*");
        assertThat(log(2)).containsExactly("*");
        factory.resetCounter();
        StringTransport t = new StringTransport();
        t.connect(factory.buildProtocol(StringTransport.DEFAULT_PEER));
        t.deliverConnectionLost();
        assertThat(log(1)).hasSize(2);
    }

    @Test
    void cutsLongDataToTheLengthLimit() throws IOException {
        TrafficLoggingFactory factory = new TrafficLoggingFactory(inner, dir.resolve("traffic"), 15);
        new StringTransport().connect(factory.buildProtocol(StringTransport.DEFAULT_PEER));
        factory.protocols().iterator().next().dataReceived(b("0123456789abcdef"));
        factory.protocols().iterator().next().dataReceived(b("short"));
        assertThat(log(1)).containsExactly("*", "C 1: b'012'<... elided>", "C 1: b'short'");
    }

    @Test
    void aRefusalOpensNoFile() {
        inner.refuse = true;
        TrafficLoggingFactory factory = new TrafficLoggingFactory(inner, dir.resolve("traffic"));
        assertThat(factory.buildProtocol(StringTransport.DEFAULT_PEER)).isNull();
        assertThat(dir.resolve("traffic-1")).doesNotExist();
    }
}
