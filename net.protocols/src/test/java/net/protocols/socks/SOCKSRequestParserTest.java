package net.protocols.socks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SOCKSRequestParserTest {

    private static SOCKSRequestParser.Result parse(byte[] b) {
        return SOCKSRequestParser.parse(b, b.length);
    }

    @Test
    void everyPrefixOfAValidRequestIsIncomplete() {
        byte[] req = SOCKSv4Test.request(1, 443, new int[] {0, 0, 0, 1}, "u", "example.org");
        for (int n = 0; n < req.length; n++) {
            assertThat(SOCKSRequestParser.parse(req, n)).as("prefix " + n).isInstanceOf(SOCKSRequestParser.Incomplete.class);
        }
        var parsed = (SOCKSRequestParser.Parsed) parse(req);
        assertThat(parsed.length()).isEqualTo(req.length);
        assertThat(parsed.request().command()).isEqualTo(SOCKSCommand.CONNECT);
        assertThat(parsed.request().port()).isEqualTo(443);
        assertThat(parsed.request().userId()).isEqualTo("u");
        assertThat(parsed.request().hostName()).isEqualTo("example.org");
        assertThat(parsed.request().destination()).isEqualTo("example.org");
    }

    @Test
    void plainV4StopsAtTheUserIdAndLeavesTheRest() {
        byte[] req = SOCKSv4Test.request(2, 21, new int[] {10, 1, 2, 3}, "", null);
        byte[] more = Arrays.copyOf(req, req.length + 5);
        var parsed = (SOCKSRequestParser.Parsed) parse(more);
        assertThat(parsed.length()).isEqualTo(req.length);
        assertThat(parsed.request().command()).isEqualTo(SOCKSCommand.BIND);
        assertThat(parsed.request().hostName()).isNull();
        assertThat(parsed.request().destination()).isEqualTo("10.1.2.3");
    }

    @Test
    void limitsAndBadFieldsAreMalformed() {
        assertThat(parse(new byte[] {5})).isInstanceOf(SOCKSRequestParser.Malformed.class);
        assertThat(parse(new byte[] {4, 3})).isInstanceOf(SOCKSRequestParser.Malformed.class);
        assertThat(parse(SOCKSv4Test.request(1, 1, new int[] {1, 1, 1, 1}, "x".repeat(256), null)))
                .isInstanceOf(SOCKSRequestParser.Malformed.class);
        assertThat(parse(SOCKSv4Test.request(1, 1, new int[] {1, 1, 1, 1}, "x".repeat(255), null)))
                .isInstanceOf(SOCKSRequestParser.Parsed.class);
        byte[] unterminated = Arrays.copyOf(new byte[] {4, 1, 0, 1, 1, 1, 1, 1}, 8 + 256);
        Arrays.fill(unterminated, 8, unterminated.length, (byte) 'x');
        assertThat(parse(unterminated)).isInstanceOf(SOCKSRequestParser.Malformed.class);
        assertThat(parse(SOCKSv4Test.request(1, 1, new int[] {0, 0, 0, 1}, "", "h".repeat(256))))
                .isInstanceOf(SOCKSRequestParser.Malformed.class);
        assertThat(parse(SOCKSv4Test.request(1, 1, new int[] {0, 0, 0, 1}, "", "")))
                .isInstanceOf(SOCKSRequestParser.Malformed.class);
        assertThat(parse(SOCKSv4Test.request(1, 1, new int[] {0, 0, 0, 1}, "", "a b")))
                .isInstanceOf(SOCKSRequestParser.Malformed.class);
    }
}
