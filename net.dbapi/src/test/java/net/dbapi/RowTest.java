package net.dbapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Row value type, without a database. */
class RowTest {
    private final Row row = Row.of(List.of("id", "Name", "score", "note", "big"),
            Arrays.asList(7L, "Ada", new BigDecimal("9.50"), null, new BigDecimal("12345678901")));

    @Test
    void columnsAreFoundByIndexFromZeroAndByLabelIgnoringCase() {
        assertThat(row.size()).isEqualTo(5);
        assertThat(row.get(0)).isEqualTo(7L);
        assertThat(row.get("name")).isEqualTo("Ada");
        assertThat(row.get("NAME")).isEqualTo("Ada");
        assertThat(row.indexOf("Name")).isEqualTo(1);
        assertThat(row.indexOf("missing")).isEqualTo(-1);
        assertThat(row.labels()).containsExactly("id", "Name", "score", "note", "big");
    }

    @Test
    void anExactLabelMatchWinsOverACaseInsensitiveOne() {
        Row r = Row.of(List.of("a", "A"), List.of(1, 2));

        assertThat(r.get("A")).isEqualTo(2);
        assertThat(r.get("a")).isEqualTo(1);
    }

    @Test
    void numbersConvertExactlyOrNotAtAll() {
        assertThat(row.getInt("id")).isEqualTo(7);
        assertThat(row.getDouble("score")).isEqualTo(9.5);
        assertThat(row.getLong("big")).isEqualTo(12_345_678_901L);
        assertThatThrownBy(() -> row.getInt("big")).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> row.getInt("score")).isInstanceOf(ArithmeticException.class);
        assertThat(row.getBigDecimal("id")).isEqualByComparingTo("7");
        assertThat(row.getBoolean("id")).isTrue();
    }

    @Test
    void integerColumnsConvertBetweenIntAndLongExactly() {
        Row r = Row.of(List.of("i", "l", "big", "s"), List.of(5, 6L, 12_345_678_901L, (short) 7));

        assertThat(r.getLong("i")).isEqualTo(5L);
        assertThat(r.getInt("l")).isEqualTo(6);
        assertThat(r.getLong("s")).isEqualTo(7L);
        assertThat(r.getInt("s")).isEqualTo(7);
        assertThatThrownBy(() -> r.getInt("big")).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void anIndexPastTheEndSaysThatColumnsCountFromZero() {
        assertThatThrownBy(() -> row.get(5)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("no column 5: the row has 5 columns [id, Name, score, note, big]")
                .hasMessageContaining("counted from 0");
        assertThatThrownBy(() -> row.label(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void anythingReadsAsAStringAndStringsAsUUIDs() {
        UUID u = UUID.randomUUID();
        Row r = Row.of(List.of("u"), List.of(u.toString()));

        assertThat(row.getString("id")).isEqualTo("7");
        assertThat(r.get("u", UUID.class)).isEqualTo(u);
    }

    @Test
    void sqlNullIsNullForObjectsAndAnErrorForPrimitives() {
        assertThat(row.isNull("note")).isTrue();
        assertThat(row.get("note", Integer.class)).isNull();
        assertThat(row.getString(3)).isNull();
        assertThatThrownBy(() -> row.getInt("note")).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'note'").hasMessageContaining("is NULL");
    }

    @Test
    void impossibleConversionsAndUnknownLabelsFailClearly() {
        assertThatThrownBy(() -> row.getLong("name")).isInstanceOf(ClassCastException.class)
                .hasMessageContaining("java.lang.String").hasMessageContaining("java.lang.Long");
        assertThatThrownBy(() -> row.get("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> Row.of(List.of("a"), List.of(1, 2))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rowsReadWellAndCompareByValue() {
        assertThat(row).hasToString("Row[id=7, Name='Ada', score=9.50, note=NULL, big=12345678901]");
        assertThat(row).isEqualTo(Row.of(List.of("id", "Name", "score", "note", "big"),
                Arrays.asList(7L, "Ada", new BigDecimal("9.50"), null, new BigDecimal("12345678901"))));
        assertThat(Row.of(List.of("b"), List.<Object>of(new byte[] {1, 2})))
                .isEqualTo(Row.of(List.of("b"), List.<Object>of(new byte[] {1, 2})));
        assertThat(row.values()).containsExactly(7L, "Ada", new BigDecimal("9.50"), null,
                new BigDecimal("12345678901"));
    }
}
