package net.protocols.ident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.SocketType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentProcNetTCPLookupTest {
    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    @TempDir
    Path dir;
    private Path tcp;
    private Path tcp6;
    private Path passwd;

    @BeforeEach
    void files() throws IOException {
        tcp = dir.resolve("tcp");
        tcp6 = dir.resolve("tcp6");
        passwd = dir.resolve("passwd");
        // 127.0.0.1:8080 -> 127.0.0.1:40000 owned by uid 1000; 10.0.0.1:22 -> 192.168.1.1:50000 by uid 7
        Files.writeString(tcp, HEADER
                + "   0: 0100007F:1F90 0100007F:9C40 01 00000000:00000000 00:00000000 00000000  1000        0 1 1 0 100 0 0 10 0\n"
                + "   1: 0100000A:0016 0101A8C0:C350 01 00000000:00000000 00:00000000 00000000     7        0 2 1 0 100 0 0 10 0\n");
        // ::ffff:127.0.0.1:6667 -> ::ffff:127.0.0.1:41000 owned by uid 0
        Files.writeString(tcp6, HEADER
                + "   0: 0000000000000000FFFF00000100007F:1A0B 0000000000000000FFFF00000100007F:A028 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0\n");
        Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n");
    }

    private IdentUserId lookup(int serverPort, int clientPort, String serverHost, String clientHost) {
        return new ProcNetTCPLookup(List.of(tcp, tcp6, dir.resolve("missing")), passwd).lookup(new IdentQuery(serverPort, clientPort),
                new IPv4Address(SocketType.TCP, serverHost, 113), new IPv4Address(SocketType.TCP, clientHost, 55555));
    }

    @Test
    void findsTheOwnerByPortsAndAddresses() {
        assertThat(lookup(8080, 40000, "127.0.0.1", "127.0.0.1")).isEqualTo(new IdentUserId("UNIX", "alice"));
        assertThat(lookup(6667, 41000, "127.0.0.1", "127.0.0.1")).isEqualTo(new IdentUserId("UNIX", "root"));
    }

    @Test
    void aUidWithoutPasswdEntryIsAnsweredAsTheNumber() {
        assertThat(lookup(22, 50000, "10.0.0.1", "192.168.1.1")).isEqualTo(new IdentUserId("UNIX", "7"));
    }

    @Test
    void noMatchingConnectionIsNoUser() {
        assertThatThrownBy(() -> lookup(8080, 40001, "127.0.0.1", "127.0.0.1"))
                .isInstanceOfSatisfying(IdentErrorException.class, e -> assertThat(e.error()).isEqualTo(IdentError.NO_USER));
        // the right ports between other hosts: not the asker's connection
        assertThatThrownBy(() -> lookup(22, 50000, "10.0.0.1", "192.168.1.2"))
                .isInstanceOfSatisfying(IdentErrorException.class, e -> assertThat(e.error()).isEqualTo(IdentError.NO_USER));
    }

    @Test
    void anIPv6ConnectionAddressMatchesTheTable() throws IOException {
        Files.writeString(tcp6, HEADER
                + "   0: 00000000000000000000000001000000:1A0B 00000000000000000000000001000000:A028 01 00000000:00000000 00:00000000 00000000  1000        0 3 1 0\n");
        IdentUserId user = new ProcNetTCPLookup(List.of(tcp6), passwd).lookup(new IdentQuery(6667, 41000),
                new IPv6Address(SocketType.TCP, "::1", 113), new IPv6Address(SocketType.TCP, "::1", 5));
        assertThat(user.userId()).isEqualTo("alice");
    }

    @Test
    void anUnreadablePasswdIsUnknownError() {
        assertThatThrownBy(() -> new ProcNetTCPLookup(List.of(tcp), dir.resolve("nopasswd")).lookup(new IdentQuery(8080, 40000),
                new IPv4Address(SocketType.TCP, "127.0.0.1", 113), new IPv4Address(SocketType.TCP, "127.0.0.1", 5)))
                .isInstanceOfSatisfying(IdentErrorException.class, e -> assertThat(e.error()).isEqualTo(IdentError.UNKNOWN_ERROR));
    }
}
