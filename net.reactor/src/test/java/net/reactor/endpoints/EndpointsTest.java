package net.reactor.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import net.reactor.Reactor;
import net.reactor.testing.MemoryReactor;
import org.junit.jupiter.api.Test;

class EndpointsTest {
    private final MemoryReactor reactor = new MemoryReactor();

    @Test
    void tcpServerWithEveryParameter() {
        assertThat(Endpoints.serverFromString(reactor, "tcp:8080:interface=127.0.0.1:backlog=50"))
                .isEqualTo(new TCPServerEndpoint(reactor, 8080, 50, "127.0.0.1"));
    }

    @Test
    void tcpServerDefaultsAndPositionalForms() {
        assertThat(Endpoints.serverFromString(reactor, "tcp:80")).isEqualTo(new TCPServerEndpoint(reactor, 80, 50, ""));
        assertThat(Endpoints.serverFromString(reactor, "tcp:port=80:backlog=7"))
                .isEqualTo(new TCPServerEndpoint(reactor, 80, 7, ""));
        // Positional order for tcp is port, interface, backlog (Twisted's _parseTCP).
        assertThat(Endpoints.serverFromString(reactor, "tcp:80:10.0.0.1:9"))
                .isEqualTo(new TCPServerEndpoint(reactor, 80, 9, "10.0.0.1"));
        assertThat(Endpoints.serverFromString(reactor, "TCP:0")).isEqualTo(new TCPServerEndpoint(reactor, 0));
    }

    @Test
    void tcp6ServerDefaultsToEveryIPv6InterfaceAndTakesBacklogSecond() {
        assertThat(Endpoints.serverFromString(reactor, "tcp6:8080"))
                .isEqualTo(new TCPServerEndpoint(reactor, 8080, 50, "::"));
        assertThat(Endpoints.serverFromString(reactor, "tcp6:8080:interface=\\:\\:1"))
                .isEqualTo(new TCPServerEndpoint(reactor, 8080, 50, "::1"));
        assertThat(Endpoints.serverFromString(reactor, "tcp6:8080:20:fe80\\:\\:1"))
                .isEqualTo(new TCPServerEndpoint(reactor, 8080, 20, "fe80::1"));
        assertThat(Endpoints.serverFromString(reactor, "tcp:8080:interface=\\:\\:1"))
                .isEqualTo(new TCPServerEndpoint(reactor, 8080, 50, "::1"));
    }

    @Test
    void malformedServerDescriptionsNameTheBadPart() {
        assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tcp:http"))
                .isInstanceOf(EndpointDescriptionException.class)
                .hasMessageContaining("tcp:http")
                .hasMessageContaining("port 'http' is not an integer");
        assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tcp:70000")).hasMessageContaining("port 70000 is out of range");
        assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tcp:interface=127.0.0.1"))
                .hasMessageContaining("missing required parameter 'port'");
        assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tcp:80:backlgo=5"))
                .hasMessageContaining("unknown parameter 'backlgo'");
        assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tcp:80:interface=localhost"))
                .hasMessageContaining("interface 'localhost' is not an IP address");
        assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tcp6:80:interface=127.0.0.1"))
                .hasMessageContaining("not an IPv6 address");
        assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tcp:80:backlog=-1"))
                .hasMessageContaining("backlog -1 is out of range");
        assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "sctp:80"))
                .isInstanceOf(EndpointDescriptionException.class)
                .hasMessageContaining("unknown endpoint type 'sctp'")
                .hasMessageContaining("tcp");
    }

    @Test
    void tcpClientInEveryTwistedForm() {
        TCPClientEndpoint expected = new TCPClientEndpoint(reactor, "example.org", 80);
        assertThat(Endpoints.clientFromString(reactor, "tcp:example.org:80")).isEqualTo(expected);
        assertThat(Endpoints.clientFromString(reactor, "tcp:host=example.org:port=80")).isEqualTo(expected);
        assertThat(Endpoints.clientFromString(reactor, "tcp:example.org:port=80")).isEqualTo(expected);
        assertThat(Endpoints.clientFromString(reactor, "tcp:host=example.org:80")).isEqualTo(expected);
        assertThat(Endpoints.clientFromString(reactor, "TCP:port=80:host=example.org")).isEqualTo(expected);
    }

    @Test
    void tcpClientTimeoutAndBindAddress() {
        assertThat(Endpoints.clientFromString(reactor, "tcp:host=example.org:port=80:timeout=5"))
                .isEqualTo(new TCPClientEndpoint(reactor, "example.org", 80, Duration.ofSeconds(5), null));
        assertThat(Endpoints.clientFromString(reactor, "tcp:\\:\\:1:443:bindAddress=\\:\\:1"))
                .isEqualTo(new TCPClientEndpoint(reactor, "::1", 443, Duration.ofSeconds(30),
                        new InetSocketAddress("::1", 0)));
    }

    @Test
    void malformedClientDescriptionsNameTheBadPart() {
        assertThatThrownBy(() -> Endpoints.clientFromString(reactor, "tcp:example.org"))
                .isInstanceOf(EndpointDescriptionException.class)
                .hasMessageContaining("missing required parameter 'port'");
        assertThatThrownBy(() -> Endpoints.clientFromString(reactor, "tcp:port=80"))
                .hasMessageContaining("missing required parameter 'host'");
        assertThatThrownBy(() -> Endpoints.clientFromString(reactor, "tcp:h:80:extra"))
                .hasMessageContaining("too many positional fields");
        assertThatThrownBy(() -> Endpoints.clientFromString(reactor, "tcp:h:80:host=x"))
                .hasMessageContaining("'host' is given both by position and by name");
        assertThatThrownBy(() -> Endpoints.clientFromString(reactor, "tcp:h:80:timeout=soon"))
                .hasMessageContaining("timeout 'soon' is not an integer");
        assertThatThrownBy(() -> Endpoints.clientFromString(reactor, "tcp:h:0")).hasMessageContaining("port 0 is out of range 1..65535");
        assertThatThrownBy(() -> Endpoints.clientFromString(reactor, "tcp:h:80:bindAddress=myhost"))
                .hasMessageContaining("bindAddress 'myhost' is not an IP address");
        assertThatThrownBy(() -> Endpoints.clientFromString(reactor, "tcp:h:80:proxy=x"))
                .hasMessageContaining("unknown parameter 'proxy'");
        assertThatThrownBy(() -> Endpoints.clientFromString(reactor, "tcp6:h:80"))
                .hasMessageContaining("unknown endpoint type 'tcp6'");
    }

    /** A parser for a made-up "mem" type, standing in for the ssl: and unix: parsers to come. */
    record MemParser(String prefix) implements ServerEndpointParser, ClientEndpointParser {
        @Override
        public ServerEndpoint parseServer(Reactor reactor, EndpointDescription description) {
            String name = description.bind(List.of("name"), java.util.Set.of("name")).get("name");
            return factory -> net.deferred.Deferred.fail(new IllegalStateException("server " + name));
        }

        @Override
        public ClientEndpoint parseClient(Reactor reactor, EndpointDescription description) {
            String name = description.bind(List.of("name"), java.util.Set.of("name")).get("name");
            return factory -> net.deferred.Deferred.fail(new IllegalStateException("client " + name));
        }
    }

    @Test
    void registeredParsersAddTypesButCannotReplaceBuiltIns() {
        EndpointParsers parsers = new EndpointParsers(
                List.of(net.reactor.endpoints.internal.TCPServerParser.tcp(), new MemParser("MEM"), new MemParser("tcp")),
                List.of(new net.reactor.endpoints.internal.TCPClientParser(), new MemParser("mem")));
        EndpointDescription mem = EndpointDescription.parse("mem:alpha");
        assertThat(parsers.server(mem)).isEqualTo(new MemParser("MEM"));
        assertThat(parsers.client(EndpointDescription.parse("Mem:beta"))).isEqualTo(new MemParser("mem"));
        assertThat(parsers.server(EndpointDescription.parse("tcp:80")))
                .isInstanceOf(net.reactor.endpoints.internal.TCPServerParser.class);
        assertThatThrownBy(() -> parsers.server(EndpointDescription.parse("unix:/tmp/s")))
                .hasMessageContaining("unknown endpoint type 'unix'")
                .hasMessageContaining("mem");
    }

    @Test
    void theInstalledParsersHaveTheBuiltInTypes() {
        EndpointParsers installed = EndpointParsers.installed();
        assertThat(installed.server(EndpointDescription.parse("tcp6:1")).prefix()).isEqualTo("tcp6");
        assertThat(installed.client(EndpointDescription.parse("tcp:h:1")).prefix()).isEqualTo("tcp");
    }
}
