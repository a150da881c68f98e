package net.protocols.socks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowListTest {

    private static boolean allows(AllowList list, String address, int port) throws Exception {
        return list.permits(SOCKSCommand.CONNECT, InetAddress.getByName(address), port, "");
    }

    @Test
    void emptyAllowsNothing() throws Exception {
        AllowList none = AllowList.of(List.of());
        assertThat(allows(none, "127.0.0.1", 80)).isFalse();
    }

    @Test
    void hostsNetworksAndPorts() throws Exception {
        AllowList list = AllowList.of(List.of("127.0.0.1", "10.0.0.0/8:443", "192.168.0.0/23:8000-8010", "[::1]/128"));
        assertThat(allows(list, "127.0.0.1", 1)).isTrue();
        assertThat(allows(list, "127.0.0.2", 1)).isFalse();
        assertThat(allows(list, "10.200.3.4", 443)).isTrue();
        assertThat(allows(list, "10.200.3.4", 444)).isFalse();
        assertThat(allows(list, "11.0.0.1", 443)).isFalse();
        assertThat(allows(list, "192.168.1.255", 8005)).isTrue();
        assertThat(allows(list, "192.168.2.0", 8005)).isFalse();
        assertThat(allows(list, "192.168.0.1", 8011)).isFalse();
        assertThat(allows(list, "::1", 22)).isTrue();
    }

    @Test
    void hostNamesResolveWhenTheListIsMade() throws Exception {
        assertThat(allows(AllowList.of(List.of("localhost")), "127.0.0.1", 80)).isTrue();
    }

    @Test
    void malformedEntriesAreRefused() {
        for (String bad : List.of("", "1.2.3.4/33", "1.2.3.4:70000", "1.2.3.4:", "1.2.3.4/x", "[::1", "no-such-host.invalid")) {
            assertThatThrownBy(() -> AllowList.of(List.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
