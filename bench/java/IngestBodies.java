import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The request bodies of the ingest scenarios, built before the run so that the load generator spends its core on
 * sending them, not on building them (bench/wrk/ingest.lua reads the file in its {@code init}, before wrk's clock
 * starts). Body n holds the next {@code rows} 1m bars of symbol {@code <prefix><n % symbols>}: the minutes from
 * {@code base + (n / symbols) * rows * 60} (epoch seconds, UTC), so that no two bodies share a bar; the prices and
 * volumes are those of bench/java/CopyLimit.java's rows (row j of a batch: open 100 + (j % 97) * 0.25, close open +
 * ((j % 7) - 3) * 0.05, high max(open, close) + 0.1, low min(open, close) - 0.1, volume 1000 + j).
 *
 * <p>Formats: {@code json}, the array of bar objects of POST /api/v1/bars ({@code application/json}), prices with
 * two decimals; {@code arrow}, an Arrow IPC stream ({@code application/vnd.apache.arrow.stream}) of one record batch
 * in the columns GET answers in (DESIGN 9: {@code symbol} and {@code timeframe} utf8, {@code ts} timestamp[us, UTC],
 * {@code open high low close} decimal128(20,8), {@code volume} int64; the optional columns left out).
 *
 * <p>Run with Arrow Java on the class path (the packaged application's libraries):
 * {@code java --add-opens=java.base/java.nio=ALL-UNNAMED -cp 'target/quarkus-app/lib/main/*'
 * bench/java/IngestBodies.java <json|arrow> <rows> <bodies> <symbols> <prefix> <base-epoch> <out>}.
 * Writes {@code out}: for each body, its length in bytes in decimal and a newline, then the body's bytes.
 * Prints one line: {@code BODIES format=.. bodies=.. rows=.. bytes=..}.
 */
public class IngestBodies {

    public static void main(String[] args) throws IOException {
        String format = args[0];
        int rows = Integer.parseInt(args[1]);
        int bodies = Integer.parseInt(args[2]);
        int symbols = Integer.parseInt(args[3]);
        String prefix = args[4];
        long base = Long.parseLong(args[5]);
        Path out = Path.of(args[6]);

        // Prices in cents (exact), as CopyLimit's %.2f of the same doubles writes them.
        long[][] cents = new long[rows][];
        for (int j = 0; j < rows; j++) {
            long open = 10_000 + (j % 97) * 25L;
            long close = open + ((j % 7) - 3) * 5L;
            cents[j] = new long[] {open, Math.max(open, close) + 10, Math.min(open, close) - 10, close};
        }
        long bytes = 0;
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            Body body = switch (format) {
                case "json" -> new Json(rows, cents);
                case "arrow" -> new Arrow(rows, cents);
                default -> throw new IllegalArgumentException("format must be json or arrow: " + format);
            };
            for (int n = 0; n < bodies; n++) {
                byte[] b = body.build(prefix + (n % symbols), base + (long) (n / symbols) * rows * 60);
                file.write((b.length + "\n").getBytes(StandardCharsets.US_ASCII));
                file.write(b);
                bytes += b.length;
            }
            body.close();
        }
        System.out.printf(Locale.ROOT, "BODIES format=%s bodies=%d rows=%d bytes=%d%n", format, bodies, rows, bytes);
    }

    private interface Body {
        /** The body of the given symbol's {@code rows} minutes from {@code first} (epoch seconds). */
        byte[] build(String symbol, long first) throws IOException;

        default void close() {
        }
    }

    private static final class Json implements Body {
        private final String[] values;
        private final StringBuilder sb;

        Json(int rows, long[][] cents) {
            values = new String[rows];
            for (int j = 0; j < rows; j++) {
                long[] c = cents[j];
                values[j] = String.format(Locale.ROOT, "\",\"open\":%s,\"high\":%s,\"low\":%s,\"close\":%s,\"volume\":%d}",
                        price(c[0]), price(c[1]), price(c[2]), price(c[3]), 1000 + j);
            }
            sb = new StringBuilder(rows * 140);
        }

        private static String price(long cents) {
            return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
        }

        @Override
        public byte[] build(String symbol, long first) {
            sb.setLength(0);
            sb.append('[');
            String head = "{\"symbol\":\"" + symbol + "\",\"timeframe\":\"1m\",\"ts\":\"";
            for (int j = 0; j < values.length; j++) {
                if (j > 0) {
                    sb.append(',');
                }
                sb.append(head).append(Instant.ofEpochSecond(first + j * 60L)).append(values[j]);
            }
            sb.append(']');
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static final class Arrow implements Body {
        private static final byte[] TIMEFRAME = "1m".getBytes(StandardCharsets.UTF_8);
        private static final String[] PRICES = {"open", "high", "low", "close"};
        private final int rows;
        private final long[][] cents;
        private final BufferAllocator allocator = new RootAllocator();
        private final VectorSchemaRoot root;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        Arrow(int rows, long[][] cents) {
            this.rows = rows;
            this.cents = cents;
            FieldType price = FieldType.notNullable(new ArrowType.Decimal(20, 8, 128));
            root = VectorSchemaRoot.create(new Schema(List.of(
                    new Field("symbol", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                    new Field("timeframe", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                    new Field("ts", FieldType.notNullable(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")), null),
                    new Field("open", price, null),
                    new Field("high", price, null),
                    new Field("low", price, null),
                    new Field("close", price, null),
                    new Field("volume", FieldType.notNullable(new ArrowType.Int(64, true)), null))), allocator);
        }

        @Override
        public byte[] build(String symbol, long first) throws IOException {
            root.allocateNew();
            VarCharVector sym = (VarCharVector) root.getVector("symbol");
            VarCharVector tf = (VarCharVector) root.getVector("timeframe");
            TimeStampMicroTZVector ts = (TimeStampMicroTZVector) root.getVector("ts");
            BigIntVector volume = (BigIntVector) root.getVector("volume");
            byte[] s = symbol.getBytes(StandardCharsets.UTF_8);
            for (int j = 0; j < rows; j++) {
                sym.setSafe(j, s);
                tf.setSafe(j, TIMEFRAME);
                ts.setSafe(j, (first + j * 60L) * 1_000_000L);
                for (int p = 0; p < PRICES.length; p++) {
                    // The unscaled value at scale 8: cents * 10^6.
                    ((DecimalVector) root.getVector(PRICES[p])).setSafe(j, cents[j][p] * 1_000_000L);
                }
                volume.setSafe(j, 1000 + j);
            }
            root.setRowCount(rows);
            buffer.reset();
            try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(buffer))) {
                writer.start();
                writer.writeBatch();
                writer.end();
            }
            return buffer.toByteArray();
        }

        @Override
        public void close() {
            root.close();
            allocator.close();
        }
    }
}
