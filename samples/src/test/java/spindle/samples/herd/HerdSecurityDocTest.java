package spindle.samples.herd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The herd's trust model and bounds as {@code docs/security.md} states them, checked against the
 * sample's constants (which are package-private, so the check lives here rather than in it/'s
 * SecurityDefaultsTest). The behaviour behind each is proved by {@link HerdHardeningTest}.
 */
class HerdSecurityDocTest {

    @Test
    void theSecurityPageStatesTheHerdsActualBounds() throws IOException {
        String page = Files.readString(Path.of("..", "docs", "security.md"));
        assertThat(Topology.PEER_PORT_OFFSET).isEqualTo(100);
        assertThat(page).contains("a peer port, client port + 100, for its neighbours (PEER, AT only)");
        assertThat(Command.MAX_NAME_BYTES).isEqualTo(255);
        assertThat(page).contains("names of at most 255 UTF-8 bytes without control characters");
        assertThat(HerdServer.MAX_AHEAD_SECONDS).isEqualByComparingTo(BigDecimal.valueOf(300));
        assertThat(HerdServer.MAX_BEHIND_SECONDS).isEqualByComparingTo(BigDecimal.valueOf(86_400));
        assertThat(page).contains("at most 5 minutes ahead of the server's clock and 1 day behind it");
        assertThat(HerdProtocol.MAX_LINE).isEqualTo(4096);
        assertThat(AtRecord.MAX_LINE_BYTES).isLessThanOrEqualTo(HerdProtocol.MAX_LINE);
        assertThat(page).contains("so every AT line fits every link (4,096-byte lines)");
        assertThat(HerdServer.MAX_CLIENTS).isEqualTo(100_000);
        assertThat(page).contains("at most 100,000 clients per server");
        assertThat(page).contains("`HerdHardeningTest`");
    }
}
