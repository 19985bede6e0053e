package dev.tickvault.marketdata.ingest;

import dev.tickvault.common.Fault;
import dev.tickvault.common.Faults;
import dev.tickvault.marketdata.Bar;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The cells of an Arrow stream as bars: decimal128(20,8) prices on both sides of what one long holds, a typed
 * timestamp (nanoseconds, UTC) checked as RFC 3339 text is, and a text column's repeated values.
 */
class BarArrowReaderTest {

    /** One row: ts in epoch nanoseconds, the four prices as decimal text. */
    private record Row(String symbol, long tsNanos, String open, String high, String low, String close) {
    }

    private static byte[] stream(List<Row> rows) throws IOException {
        ArrowType price = new ArrowType.Decimal(20, 8, 128);
        Schema schema = new Schema(List.of(
                new Field("symbol", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                new Field("timeframe", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                new Field("ts", FieldType.notNullable(new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC")), null),
                new Field("open", FieldType.notNullable(price), null),
                new Field("high", FieldType.notNullable(price), null),
                new Field("low", FieldType.notNullable(price), null),
                new Field("close", FieldType.notNullable(price), null),
                new Field("volume", FieldType.notNullable(new ArrowType.Int(64, true)), null)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
            writer.start();
            root.allocateNew();
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                ((VarCharVector) root.getVector("symbol")).setSafe(i, row.symbol().getBytes(StandardCharsets.UTF_8));
                ((VarCharVector) root.getVector("timeframe")).setSafe(i, "1d".getBytes(StandardCharsets.UTF_8));
                ((TimeStampNanoTZVector) root.getVector("ts")).setSafe(i, row.tsNanos());
                ((DecimalVector) root.getVector("open")).setSafe(i, new BigDecimal(row.open()).setScale(8));
                ((DecimalVector) root.getVector("high")).setSafe(i, new BigDecimal(row.high()).setScale(8));
                ((DecimalVector) root.getVector("low")).setSafe(i, new BigDecimal(row.low()).setScale(8));
                ((DecimalVector) root.getVector("close")).setSafe(i, new BigDecimal(row.close()).setScale(8));
                ((BigIntVector) root.getVector("volume")).setSafe(i, 10);
            }
            root.setRowCount(rows.size());
            writer.writeBatch();
            writer.end();
        }
        return out.toByteArray();
    }

    private static long nanos(String ts) {
        Instant instant = Instant.parse(ts);
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @Test
    void decimalsOnBothSidesOfALongAreReadExactly() throws IOException {
        List<Bar> bars = new ArrayList<>();
        Faults faults = new Faults();
        BarArrowReader.read(stream(List.of(
                new Row("WIDE", nanos("2024-01-02T00:00:00Z"), "0.00000001", "92233720368.54775807", "0.00000001",
                        "92233720368.54775807"),
                new Row("WIDE", nanos("2024-01-03T00:00:00Z"), "123456789012.12345678", "999999999999.99999999",
                        "92233720368.54775808", "123456789012.12345678"))), faults, bars, 100);
        assertEquals(List.of(), faults.list());
        assertEquals(new BigDecimal("0.00000001"), bars.get(0).open());
        assertEquals(new BigDecimal("92233720368.54775807"), bars.get(0).high());
        assertEquals(new BigDecimal("123456789012.12345678"), bars.get(1).open());
        assertEquals(new BigDecimal("999999999999.99999999"), bars.get(1).high());
        assertEquals(new BigDecimal("92233720368.54775808"), bars.get(1).low());
        assertEquals(Instant.parse("2024-01-03T00:00:00Z"), bars.get(1).ts());
        // The rows of one symbol share its string.
        assertSame(bars.get(0).symbol(), bars.get(1).symbol());
    }

    @Test
    void aTypedTimestampIsCheckedAsTextIs() throws IOException {
        List<Bar> bars = new ArrayList<>();
        Faults faults = new Faults();
        BarArrowReader.read(stream(List.of(
                new Row("TS", nanos("2024-01-02T00:00:00.000000001Z"), "1", "2", "1", "2"),
                new Row("TS", nanos("2024-01-02T00:00:00.000001Z"), "-1", "2", "1", "2"))), faults, bars, 100);
        assertNull(bars.get(0));
        assertNull(bars.get(1));
        List<Fault> list = faults.list();
        assertEquals(2, list.size(), list.toString());
        assertEquals("/0/ts", list.get(0).pointer());
        assertEquals("has more precision than microseconds", list.get(0).message());
        assertEquals("/1/open", list.get(1).pointer());
    }
}
