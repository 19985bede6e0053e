package dev.tickvault.marketdata.ingest;

import dev.tickvault.common.Faults;
import dev.tickvault.common.Problems;
import dev.tickvault.marketdata.Bar;
import dev.tickvault.marketdata.ingest.BarRules.Value;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an Arrow IPC stream ({@code application/vnd.apache.arrow.stream}) of bars: the columns of DESIGN 9 by name
 * (those a bar does not have are skipped, as unknown JSON fields are), any number of record batches. Each row is
 * checked by {@link BarRules} as a JSON bar is, its faults located by the JSON pointer of its row index in the whole
 * stream ({@code /3/open}), so a client finds the row in its table as it would in a JSON array.
 *
 * <p>Values are taken as exactly as the column holds them: decimals as they are, integers as integers, floats by
 * their shortest decimal form (as a JSON number of that double reads), strings as text, timestamps of any unit as
 * instants; a timestamp column needs a time zone (a zone-less one is local time, which a JSON body may not send
 * either). A column of another type is "must be a number" or "must be a string" on every row that has a value.
 */
final class BarArrowReader {

    /** Whether this platform's longs are little-endian, as Arrow's buffers are (a decimal is read as longs). */
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    /** Arrow's memory for one body: the stream's vectors of one batch at a time, far below this. */
    private static final long BODY_MEMORY_LIMIT = 1L << 30;

    private BarArrowReader() {
    }

    /**
     * Reads every row into {@code bars} (null for a row with faults), adding its faults to {@code faults}.
     *
     * @return the rows read
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when the body is not an Arrow IPC stream, 413 for more
     *     than {@code maxRows} rows
     */
    static int read(byte[] body, Faults faults, List<Bar> bars, int maxRows) {
        int row = 0;
        try (BufferAllocator allocator = new RootAllocator(BODY_MEMORY_LIMIT);
                ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(body), allocator)) {
            VectorSchemaRoot root;
            try {
                root = reader.getVectorSchemaRoot();
            } catch (IOException | RuntimeException e) {
                throw unreadable(e);
            }
            // The root's vectors stay the same from batch to batch; only their contents are loaded anew.
            Column[] columns = new Column[BarRules.FIELDS.length];
            FieldVector[] byField = new FieldVector[BarRules.FIELDS.length];
            LastText[] texts = new LastText[BarRules.FIELDS.length];
            for (FieldVector vector : root.getFieldVectors()) {
                int index = BarRules.fieldIndex(vector.getName());
                if (index >= 0 && byField[index] == null) {
                    byField[index] = vector;
                    columns[index] = Column.of(vector.getField());
                    texts[index] = new LastText();
                }
            }
            while (next(reader)) {
                int rows = root.getRowCount();
                if (row + rows > maxRows) {
                    throw Problems.tooLarge("A batch holds at most " + maxRows + " bars");
                }
                for (int i = 0; i < rows; i++, row++) {
                    int at = i;
                    BarRules.Fields fields = name -> {
                        int index = BarRules.fieldIndex(name);
                        FieldVector vector = byField[index];
                        return vector == null ? Value.MISSING : columns[index].value(vector, at, texts[index]);
                    };
                    bars.add(BarRules.validate(fields, "/" + row, 0, faults));
                }
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
        return row;
    }

    private static boolean next(ArrowStreamReader reader) {
        try {
            return reader.loadNextBatch();
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
    }

    private static RuntimeException unreadable(Exception e) {
        return Problems.badRequest("The body is not an Arrow IPC stream (application/vnd.apache.arrow.stream): "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }

    /** How one column's cells read as a bar's {@link Value}s, chosen once from its Arrow type. */
    private enum Column {
        TEXT, DECIMAL, INTEGER, FLOAT, INSTANT, ZONELESS, OTHER;

        static Column of(Field field) {
            ArrowType type = field.getType();
            return switch (type.getTypeID()) {
                case Utf8, LargeUtf8 -> TEXT;
                case Decimal -> DECIMAL;
                case Int -> INTEGER;
                case FloatingPoint -> FLOAT;
                case Timestamp -> ((ArrowType.Timestamp) type).getTimezone() == null ? ZONELESS : INSTANT;
                default -> OTHER;
            };
        }

        Value value(FieldVector vector, int i, LastText last) {
            if (vector.isNull(i)) {
                return Value.NULL;
            }
            return switch (this) {
                case TEXT -> new Value(false, false, last.of(vector instanceof VarCharVector v ? v.get(i)
                        : ((LargeVarCharVector) vector).get(i)), null);
                case DECIMAL -> new Value(false, false, null, decimal((DecimalVector) vector, i));
                case INTEGER -> new Value(false, false, null, integer((BaseIntVector) vector, i));
                case FLOAT -> {
                    double d = ((FloatingPointVector) vector).getValueAsDouble(i);
                    yield Double.isFinite(d) ? new Value(false, false, null, new BigDecimal(Double.toString(d)))
                            : Value.OTHER;
                }
                case INSTANT -> new Value(false, false, null, null, instant((TimeStampVector) vector, i));
                case ZONELESS, OTHER -> Value.OTHER;
            };
        }

        private static BigDecimal integer(BaseIntVector vector, int i) {
            long value = vector.getValueAsLong(i);
            // An unsigned 64-bit value above Long.MAX_VALUE comes back negative: read it as unsigned.
            if (value < 0 && vector.getMinorType().name().startsWith("UINT")) {
                return new BigDecimal(new BigInteger(Long.toUnsignedString(value)));
            }
            return BigDecimal.valueOf(value);
        }

        /**
         * A decimal128 cell: its 16 bytes are a little-endian two's complement integer (Arrow columnar format), read
         * as one long when its upper half only extends the sign, which every price below 9.2 * 10^10 at 8 decimals
         * does; Arrow's own reader (a byte array and a BigInteger a cell) otherwise.
         */
        private static BigDecimal decimal(DecimalVector vector, int i) {
            if (LITTLE_ENDIAN) {
                long offset = (long) i * DecimalVector.TYPE_WIDTH;
                long low = vector.getDataBuffer().getLong(offset);
                long high = vector.getDataBuffer().getLong(offset + Long.BYTES);
                if (high == low >> 63) {
                    return BigDecimal.valueOf(low, vector.getScale());
                }
            }
            return vector.getObject(i);
        }

        /** The cell as an instant, which {@link BarRules} checks as it checks an RFC 3339 string's. */
        private static Instant instant(TimeStampVector vector, int i) {
            long value = vector.get(i);
            ArrowType.Timestamp type = (ArrowType.Timestamp) vector.getField().getType();
            Instant ts = switch (type.getUnit()) {
                case SECOND -> Instant.ofEpochSecond(value);
                case MILLISECOND -> Instant.ofEpochMilli(value);
                case MICROSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L),
                        Math.floorMod(value, 1_000_000L) * 1_000L);
                case NANOSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L),
                        Math.floorMod(value, 1_000_000_000L));
            };
            return ts;
        }
    }

    /**
     * The last string read from one text column, given again while the next cell holds the same bytes: a batch is
     * mostly one symbol, one timeframe and one source, and its bars then share one string of each.
     */
    private static final class LastText {
        private byte[] bytes;
        private String text;

        String of(byte[] cell) {
            if (text == null || !Arrays.equals(cell, bytes)) {
                bytes = cell;
                text = new String(cell, StandardCharsets.UTF_8);
            }
            return text;
        }
    }
}
