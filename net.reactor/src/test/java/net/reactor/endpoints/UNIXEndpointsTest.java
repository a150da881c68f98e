package net.reactor.endpoints;

import static net.reactor.endpoints.TCPEndpointsTest.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import net.deferred.Deferred;
import net.reactor.ConnectFailedException;
import net.reactor.Factory;
import net.reactor.Protocol;
import net.reactor.UNIXAddress;
import net.reactor.testing.MemoryReactor;
import org.junit.jupiter.api.Test;

/** {@code unix:} descriptions, Twisted's grammar, recorded by the memory reactor. */
class UNIXEndpointsTest {
    private final MemoryReactor reactor = new MemoryReactor();

    @Test
    void serverDescriptionsTakeTwistedsParametersAndDefaults() {
        assertThat(Endpoints.serverFromString(reactor, "unix:/tmp/a.sock"))
                .isEqualTo(new UNIXServerEndpoint(reactor, Path.of("/tmp/a.sock"), 50, 0666, true));
        assertThat(Endpoints.serverFromString(reactor, "unix:path=/tmp/a.sock:lockfile=0:mode=660"))
                .isEqualTo(new UNIXServerEndpoint(reactor, Path.of("/tmp/a.sock"), 50, 0660, false));
        assertThat(Endpoints.serverFromString(reactor, "unix:address=/tmp/b.sock:backlog=7:mode=0600"))
                .isEqualTo(new UNIXServerEndpoint(reactor, Path.of("/tmp/b.sock"), 7, 0600, true));
        assertThat(Endpoints.serverFromString(reactor, "unix:/tmp/c.sock:640:9:1"))
                .isEqualTo(new UNIXServerEndpoint(reactor, Path.of("/tmp/c.sock"), 9, 0640, true));
    }

    @Test
    void badServerDescriptionsNameTheirFault() {
        assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "unix:mode=660"))
                .isInstanceOf(EndpointDescriptionException.class).hasMessageContaining("address");
        assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "unix:/tmp/a.sock:mode=689"))
                .isInstanceOf(EndpointDescriptionException.class).hasMessageContaining("octal");
        assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "unix:/tmp/a.sock:lockfile=yes"))
                .isInstanceOf(EndpointDescriptionException.class).hasMessageContaining("lockfile");
        assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "unix:/tmp/a.sock:path=/tmp/b.sock"))
                .isInstanceOf(EndpointDescriptionException.class).hasMessageContaining("twice");
    }

    @Test
    void listeningThroughTheEndpointRecordsListenUNIX() {
        Deferred<?> d = Endpoints.serverFromString(reactor, "unix:/tmp/x.sock:mode=600:lockfile=0")
                .listen(Factory.forProtocol(() -> new Protocol() {}));
        MemoryReactor.UNIXServer server = reactor.unixServers().getFirst();
        assertThat(server.path()).isEqualTo(Path.of("/tmp/x.sock"));
        assertThat(server.mode()).isEqualTo(0600);
        assertThat(server.wantPID()).isFalse();
        assertThat(server.listeningPort().getHost()).isEqualTo(new UNIXAddress(Path.of("/tmp/x.sock")));
        assertThat(TCPEndpointsTest.outcome(d)).isNotNull();
    }

    @Test
    void clientDescriptionsTakeThePathTimeoutAndLockfile() {
        assertThat(Endpoints.clientFromString(reactor, "unix:/tmp/a.sock"))
                .isEqualTo(new UNIXClientEndpoint(reactor, Path.of("/tmp/a.sock"), Duration.ofSeconds(30), false));
        assertThat(Endpoints.clientFromString(reactor, "unix:path=/tmp/a.sock:timeout=5:lockfile=1"))
                .isEqualTo(new UNIXClientEndpoint(reactor, Path.of("/tmp/a.sock"), Duration.ofSeconds(5), true));
        assertThatThrownBy(() -> Endpoints.clientFromString(reactor, "unix:/tmp/a.sock:5"))
                .isInstanceOf(EndpointDescriptionException.class);
        assertThatThrownBy(() -> Endpoints.clientFromString(reactor, "unix:timeout=5"))
                .isInstanceOf(EndpointDescriptionException.class).hasMessageContaining("path");
    }

    @Test
    void connectingThroughTheEndpointRecordsConnectUNIX() {
        Endpoints.clientFromString(reactor, "unix:path=/tmp/a.sock:timeout=5").connect(Factory.forProtocol(() -> new Protocol() {}));
        MemoryReactor.UNIXClient client = reactor.unixClients().getFirst();
        assertThat(client.path()).isEqualTo(Path.of("/tmp/a.sock"));
        assertThat(client.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(client.connector().getDestination()).isEqualTo(new UNIXAddress(Path.of("/tmp/a.sock")));
        client.connector().completeConnection();
    }

    @Test
    void lockfileOneWithoutALiveServerFailsAtOnce() {
        Deferred<Protocol> d = Endpoints.clientFromString(reactor, "unix:/tmp/no-such-server.sock:lockfile=1")
                .connect(Factory.forProtocol(() -> new Protocol() {}));
        assertThat(failure(d)).isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("/tmp/no-such-server.sock.lock");
        assertThat(reactor.unixClients()).isEmpty();
    }
}
