package spindle.samples.herd;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * The herd's command parser (IAMAT, WHATSAT, AT, PEER): any line parses to a command or to null,
 * never throws; every accepted IAMAT makes an AT line (with the longest server name and time
 * difference) that fits {@link AtRecord#MAX_LINE_BYTES} and parses back to the same record, so no
 * client can send what a link refuses; every accepted AT line round-trips through
 * {@link AtRecord#line()}; every accepted WHATSAT is within its documented bounds.
 *
 * <p>{@code ./mvnw verify} replays the seeds; {@code fuzz/run --only Command} fuzzes it.
 */
class CommandFuzzTest {
    private static final String[] VERBS = {"IAMAT", "WHATSAT", "AT", "PEER", "iamat", ""};
    private static final String LONGEST_SERVER = "Hamilton";
    private static final String WIDEST_DIFFERENCE = "-999999999999999.999999999999999";

    @FuzzTest(maxExecutions = 200_000, maxDuration = "10m")
    void parsesWithinBoundsOrRefuses(FuzzedDataProvider data) {
        String line;
        if (data.consumeBoolean()) {
            StringBuilder b = new StringBuilder(VERBS[data.consumeInt(0, VERBS.length - 1)]);
            int fields = data.consumeInt(0, 6);
            for (int i = 0; i < fields; i++) {
                b.append(data.consumeBoolean() ? " " : " \t ").append(data.consumeString(40));
            }
            line = b.toString();
        } else {
            line = data.consumeRemainingAsString();
        }
        Command command = Command.parse(line);
        switch (command) {
            case null -> { }
            case Command.IAmAt i -> {
                assertThat(Command.isName(i.client())).isTrue();
                AtRecord record = new AtRecord(LONGEST_SERVER, WIDEST_DIFFERENCE, i.client(), i.locationText(),
                        i.location(), i.timeText(), i.time());
                assertThat(record.line().getBytes(StandardCharsets.UTF_8).length)
                        .as("AT line for %s", line).isLessThanOrEqualTo(AtRecord.MAX_LINE_BYTES);
                assertThat(Command.parse(record.line())).isEqualTo(new Command.At(record));
            }
            case Command.At a -> {
                assertThat(a.record().line().getBytes(StandardCharsets.UTF_8).length)
                        .isLessThanOrEqualTo(AtRecord.MAX_LINE_BYTES);
                assertThat(Command.parse(a.record().line())).isEqualTo(a);
            }
            case Command.WhatsAt w -> {
                assertThat(w.radiusKm()).isGreaterThan(0).isLessThanOrEqualTo(Command.MAX_RADIUS_KM);
                assertThat(w.maxResults()).isBetween(1, Command.MAX_RESULTS);
                assertThat(Command.isName(w.client())).isTrue();
            }
            case Command.Peer p -> assertThat(Topology.SERVERS).contains(p.server());
        }
    }
}
