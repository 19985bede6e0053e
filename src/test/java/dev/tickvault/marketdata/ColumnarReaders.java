package dev.tickvault.marketdata;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Schema;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readers of what the bar streams write, independent of tickvault's writers: the CSV text split by hand, Arrow
 * Java's {@link ArrowStreamReader}, and DuckDB's {@code read_parquet}. Each turns a stream into rows of the CSV's
 * twelve columns as canonical text (decimals without padding zeros, {@code ts} as RFC 3339 UTC, absent as ""), so
 * the three compare with {@code equals}: decimals equal in text are equal in value, nothing rounded.
 */
final class ColumnarReaders {

    static final String[] COLUMNS = {"symbol", "timeframe", "ts", "open", "high", "low", "close", "volume", "vwap",
        "tradeCount", "source", "adjClose"};
    private static final boolean[] DECIMAL = {false, false, false, true, true, true, true, false, true, false, false,
        true};

    private ColumnarReaders() {
    }

    /** A CSV stream's rows (the header checked and dropped). */
    static List<List<String>> csv(String body) {
        String[] lines = body.split("\r?\n");
        assertEquals(String.join(",", COLUMNS), lines[0]);
        List<List<String>> rows = new ArrayList<>(lines.length - 1);
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",", -1);
            assertEquals(COLUMNS.length, f.length, "CSV line " + (i + 1));
            List<String> row = new ArrayList<>(Arrays.asList(f));
            for (int c = 0; c < COLUMNS.length; c++) {
                if (DECIMAL[c] && !row.get(c).isEmpty()) {
                    row.set(c, canonical(new BigDecimal(row.get(c))));
                }
            }
            rows.add(row);
        }
        return rows;
    }

    /** An Arrow IPC stream's rows, with the schema and each batch's size checked. */
    static List<List<String>> arrow(byte[] body, List<Integer> batchSizes) {
        List<List<String>> rows = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
                ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(body), allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            Schema schema = root.getSchema();
            assertEquals("Schema<symbol: Utf8 not null, timeframe: Utf8 not null, ts: Timestamp(MICROSECOND, UTC) not null,"
                    + " open: Decimal(20, 8, 128) not null, high: Decimal(20, 8, 128) not null,"
                    + " low: Decimal(20, 8, 128) not null, close: Decimal(20, 8, 128) not null, volume: Int(64, true) not null,"
                    + " vwap: Decimal(20, 8, 128), tradeCount: Int(64, true), source: Utf8, adjClose: Decimal(20, 8, 128)>",
                    schema.toString());
            while (reader.loadNextBatch()) {
                batchSizes.add(root.getRowCount());
                List<FieldVector> vectors = root.getFieldVectors();
                for (int i = 0; i < root.getRowCount(); i++) {
                    List<String> row = new ArrayList<>(COLUMNS.length);
                    for (int c = 0; c < COLUMNS.length; c++) {
                        Object value = vectors.get(c).getObject(i);
                        if (value == null) {
                            row.add("");
                        } else if (c == 2) {
                            long micros = (Long) value;
                            row.add(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                                    Math.floorMod(micros, 1_000_000L) * 1000).toString());
                        } else if (value instanceof BigDecimal decimal) {
                            assertEquals(8, decimal.scale());
                            row.add(canonical(decimal));
                        } else {
                            row.add(value.toString());
                        }
                    }
                    rows.add(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /**
     * A Parquet file's rows as DuckDB reads them, in file order, with the decimal columns checked to be
     * DECIMAL(20,8).
     */
    static List<List<String>> parquet(byte[] body) {
        try {
            Path file = Files.createTempFile("bars", ".parquet");
            try {
                Files.write(file, body);
                try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                        Statement st = db.createStatement()) {
                    String from = "read_parquet('" + file + "')";
                    try (ResultSet types = st.executeQuery("SELECT typeof(open), typeof(vwap), typeof(adjClose),"
                            + " typeof(ts) FROM " + from + " LIMIT 1")) {
                        if (types.next()) {
                            assertEquals("DECIMAL(20,8)", types.getString(1));
                            assertEquals("DECIMAL(20,8)", types.getString(2));
                            assertEquals("DECIMAL(20,8)", types.getString(3));
                            assertEquals("TIMESTAMP WITH TIME ZONE", types.getString(4));
                        }
                    }
                    List<List<String>> rows = new ArrayList<>();
                    try (ResultSet rs = st.executeQuery("SELECT symbol, timeframe, epoch_us(ts), open, high, low, close,"
                            + " volume, vwap, tradeCount, source, adjClose FROM " + from)) {
                        while (rs.next()) {
                            List<String> row = new ArrayList<>(COLUMNS.length);
                            for (int c = 0; c < COLUMNS.length; c++) {
                                Object value = rs.getObject(c + 1);
                                if (value == null) {
                                    row.add("");
                                } else if (c == 2) {
                                    long micros = ((Number) value).longValue();
                                    row.add(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                                            Math.floorMod(micros, 1_000_000L) * 1000).toString());
                                } else if (DECIMAL[c]) {
                                    row.add(canonical(rs.getBigDecimal(c + 1)));
                                } else {
                                    row.add(value.toString());
                                }
                            }
                            rows.add(row);
                        }
                    }
                    return rows;
                }
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts two readers' rows are the same, row for row, naming the first that differs. */
    static void assertSameRows(List<List<String>> expected, List<List<String>> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": rows");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), what + ": row " + i);
        }
        assertTrue(!expected.isEmpty(), what + ": no rows compared");
    }

    private static String canonical(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }
}
