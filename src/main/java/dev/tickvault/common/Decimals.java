package dev.tickvault.common;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.sqlclient.data.Numeric;

import java.math.BigDecimal;

/** Decimal formatting shared by the wire models, and the decimals of result rows. */
public final class Decimals {

    private Decimals() {
    }

    /** {@code NUMERIC(20,8)} without the padding zeros: 2874.56005900 reads 2874.560059, 10.00000000 reads 10. */
    public static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /**
     * A {@code NUMERIC} column of a result row as {@link #plain(BigDecimal)} gives it; {@code null} for SQL NULL.
     * The driver decodes a {@code NUMERIC} into a {@link Numeric} that holds a BigDecimal, which this takes as it is:
     * {@code Row.getBigDecimal} formats it as text and parses that again, a cost per cell that a whole-range
     * export pays millions of times.
     */
    public static BigDecimal plain(Row row, int column) {
        Object value = row.getValue(column);
        if (value == null) {
            return null;
        }
        return plain(value instanceof Numeric numeric ? numeric.bigDecimalValue() : row.getBigDecimal(column));
    }

    /** {@link #plain(Row, int)} of the column named {@code column}. */
    public static BigDecimal plain(Row row, String column) {
        return plain(row, row.getColumnIndex(column));
    }
}
