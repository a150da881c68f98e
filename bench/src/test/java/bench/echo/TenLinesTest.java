package bench.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TenLinesTest {

    @Test
    void theAnswerIsTenLinesOfSixtyFourBytesEachEndingInCrlf() {
        byte[] answer = TenLines.answer();
        assertThat(answer).hasSize(640);
        String text = new String(answer, StandardCharsets.US_ASCII);
        String[] lines = text.split("\r\n", -1);
        assertThat(lines).hasSize(11); // ten lines, then the empty rest after the last CRLF
        for (int k = 0; k < 10; k++) {
            assertThat(lines[k]).hasSize(62).startsWith("line " + k + " of 10: ");
            assertThat(TenLines.line(k)).isEqualTo(java.util.Arrays.copyOfRange(answer, k * 64, k * 64 + 64));
        }
    }

    @Test
    void requestsAreCountedByTheirNewlinesWhereverReadsSplitThem() {
        byte[] two = (new String(TenLines.request(), StandardCharsets.US_ASCII) + "LINES").getBytes(StandardCharsets.US_ASCII);
        assertThat(TenLines.requests(two, 0, two.length)).isEqualTo(1);
        byte[] request = TenLines.request();
        assertThat(TenLines.requests(request, 0, request.length - 1)).isZero();
        assertThat(TenLines.requests(request, request.length - 1, request.length)).isEqualTo(1);
    }
}
