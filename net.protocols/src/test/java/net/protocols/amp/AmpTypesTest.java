package net.protocols.amp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Encodings checked against what Twisted 22.4 writes (TWISTED-SEMANTICS §5.2, and python3 -c). */
class AmpTypesTest {

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void integers() {
        assertThat(text(AmpTypes.INTEGER.toBytes(-5L))).isEqualTo("-5");
        assertThat(AmpTypes.INTEGER.fromBytes(bytes("123"))).isEqualTo(123L);
        assertThat(AmpTypes.BIG_INTEGER.fromBytes(bytes("123456789012345678901234567890")))
                .isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThatThrownBy(() -> AmpTypes.INTEGER.fromBytes(bytes("1.5"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AmpTypes.INTEGER.fromBytes(bytes("123456789012345678901234567890")))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void booleansAreExactlyTrueOrFalse() {
        assertThat(text(AmpTypes.BOOLEAN.toBytes(true))).isEqualTo("True");
        assertThat(text(AmpTypes.BOOLEAN.toBytes(false))).isEqualTo("False");
        assertThat(AmpTypes.BOOLEAN.fromBytes(bytes("False"))).isFalse();
        assertThatThrownBy(() -> AmpTypes.BOOLEAN.fromBytes(bytes("true"))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "1.5, 1.5", "1e100, 1e+100", "-2.0, -2.0", "0.1, 0.1", "1e16, 1e+16", "1e15, 1000000000000000.0",
        "0.0001, 0.0001", "0.00001, 1e-05", "123456789.125, 123456789.125", "1.7976931348623157e308, 1.7976931348623157e+308",
        "5e-324, 5e-324", "2e-323, 2e-323", "3e20, 3e+20", "0.3, 0.3", "0.0, 0.0", "-0.0, -0.0", "Infinity, inf", "-Infinity, -inf", "NaN, nan", "12345678901234567.0, 1.2345678901234568e+16"
    })
    void floatsAsPythonReprsThem(double value, String python) {
        assertThat(text(AmpTypes.FLOAT.toBytes(value))).isEqualTo(python);
        assertThat(AmpTypes.FLOAT.fromBytes(bytes(python))).isEqualTo(Double.valueOf(value)); // boxed: NaN equals NaN, -0.0 differs from 0.0
    }

    @Test
    void floatRefusesWhatPythonRefuses() {
        assertThatThrownBy(() -> AmpTypes.FLOAT.fromBytes(bytes("0x1p3"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AmpTypes.FLOAT.fromBytes(bytes("1.5d"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decimalsKeepPrecision() {
        assertThat(text(AmpTypes.DECIMAL.toBytes(new BigDecimal("1.50")))).isEqualTo("1.50");
        assertThat(text(AmpTypes.DECIMAL.toBytes(new BigDecimal("1E+2")))).isEqualTo("1E+2");
        assertThat(AmpTypes.DECIMAL.fromBytes(bytes("-0.000001"))).isEqualTo(new BigDecimal("-0.000001"));
        assertThatThrownBy(() -> AmpTypes.DECIMAL.fromBytes(bytes("Infinity"))).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void dateTimesAs32CharactersWithUtcAsMinusZero() {
        OffsetDateTime utc = OffsetDateTime.of(2012, 1, 23, 12, 34, 56, 54321000, ZoneOffset.UTC);
        assertThat(text(AmpTypes.DATE_TIME.toBytes(utc))).isEqualTo("2012-01-23T12:34:56.054321-00:00");
        OffsetDateTime east = OffsetDateTime.of(2012, 1, 23, 12, 34, 56, 0, ZoneOffset.ofHoursMinutes(5, 30));
        assertThat(text(AmpTypes.DATE_TIME.toBytes(east))).isEqualTo("2012-01-23T12:34:56.000000+05:30");
        OffsetDateTime west = OffsetDateTime.of(2012, 1, 23, 12, 34, 56, 0, ZoneOffset.ofHours(-7));
        assertThat(AmpTypes.DATE_TIME.fromBytes(AmpTypes.DATE_TIME.toBytes(west))).isEqualTo(west);
        assertThat(AmpTypes.DATE_TIME.fromBytes(bytes("2012-01-23T12:34:56.054321-00:00"))).isEqualTo(utc);
        assertThatThrownBy(() -> AmpTypes.DATE_TIME.fromBytes(bytes("2012-01-23T12:34:56.054321*00:00")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AmpTypes.DATE_TIME.fromBytes(bytes("2012-01-23T12:34:56-00:00")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listOfPrefixesEachElement() {
        AmpType<List<Long>> ints = AmpTypes.listOf(AmpTypes.INTEGER);
        assertThat(ints.toBytes(List.of(1L, 22L))).isEqualTo(new byte[] {0, 1, '1', 0, 2, '2', '2'});
        assertThat(ints.fromBytes(new byte[] {0, 1, '1', 0, 2, '2', '2'})).containsExactly(1L, 22L);
        assertThat(ints.fromBytes(new byte[0])).isEmpty();
        assertThatThrownBy(() -> ints.fromBytes(new byte[] {0, 5, '1'})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ampListIsConcatenatedBoxes() {
        Argument<Long> x = Argument.of("x", AmpTypes.INTEGER);
        Argument<String> s = Argument.optional("s", AmpTypes.UNICODE);
        AmpType<List<AmpValues>> type = AmpTypes.ampList(x, s);
        List<AmpValues> list = List.of(AmpValues.of(x, 1L, s, "one"), AmpValues.of(x, 2L));
        byte[] encoded = type.toBytes(list);
        assertThat(encoded).isEqualTo(AmpBoxTest.concat(Wire.box().item("s", "one").item("x", "1").end(),
                Wire.box().item("x", "2").end()));
        assertThat(type.fromBytes(encoded)).isEqualTo(list);
    }

    @Test
    void unicodeRefusesBytesThatAreNotUtf8() {
        assertThat(AmpTypes.UNICODE.fromBytes("h\u00e9llo \u2603".getBytes(StandardCharsets.UTF_8))).isEqualTo("h\u00e9llo \u2603");
        assertThatThrownBy(() -> AmpTypes.UNICODE.fromBytes(new byte[] {(byte) 0xff})).isInstanceOf(IllegalArgumentException.class);
    }
}
