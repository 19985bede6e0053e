package dev.tickvault.marketdata;

import io.smallrye.mutiny.Multi;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Bars as an Arrow IPC stream (Apache Arrow columnar format, "IPC Streaming Format"): the schema of DESIGN 9
 * ({@link #SCHEMA}), then one record batch per list of bars the database cursor delivers (split at
 * {@link #MAX_BATCH_ROWS}), then the end-of-stream marker. Each stream's vectors live in a child of one root
 * allocator and are reused from batch to batch, so a stream holds one batch whatever its length; they are
 * released when the stream completes, fails or is cancelled.
 */
@Singleton
public class ArrowBars {

    /** The most rows in one record batch (DESIGN 9). */
    public static final int MAX_BATCH_ROWS = 65_536;
    /** Prices as stored: {@code NUMERIC(20,8)}. */
    public static final ArrowType.Decimal PRICE = new ArrowType.Decimal(20, 8, 128);
    /** Open times in microseconds (PostgreSQL's {@code timestamptz} resolution), UTC. */
    public static final ArrowType.Timestamp TIME = new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");

    /**
     * DESIGN 9's columns in the order of the CSV stream, and a vendor's {@code adjClose} last, as the CSV has it:
     * {@code symbol}, {@code timeframe} utf8; {@code ts} timestamp[us, UTC]; {@code open}..{@code close}
     * decimal128(20,8); {@code volume} int64; {@code vwap} decimal128(20,8), {@code tradeCount} int64,
     * {@code source} utf8 and {@code adjClose} decimal128(20,8) nullable.
     */
    public static final Schema SCHEMA = new Schema(List.of(
            field("symbol", ArrowType.Utf8.INSTANCE, false), field("timeframe", ArrowType.Utf8.INSTANCE, false),
            field("ts", TIME, false), field("open", PRICE, false), field("high", PRICE, false),
            field("low", PRICE, false), field("close", PRICE, false),
            field("volume", new ArrowType.Int(64, true), false), field("vwap", PRICE, true),
            field("tradeCount", new ArrowType.Int(64, true), true), field("source", ArrowType.Utf8.INSTANCE, true),
            field("adjClose", PRICE, true)));

    /** Why Arrow's memory cannot be used in this JVM, or {@code null} when it can; found on first use. */
    private static volatile String unusable;
    private static volatile boolean checked;

    private final BufferAllocator root = new RootAllocator();

    private static Field field(String name, ArrowType type, boolean nullable) {
        return new Field(name, new FieldType(nullable, type, null), null);
    }

    /**
     * Why Arrow cannot run in this JVM, or {@code null}: its memory module needs {@code java.base/java.nio} opened
     * ({@code --add-opens=java.base/java.nio=ALL-UNNAMED}, which the jar's manifest gives {@code java -jar}); a JVM
     * started another way without it fails Arrow's first allocation, once, with an error that says so.
     */
    static String unusable() {
        if (!checked) {
            synchronized (ArrowBars.class) {
                if (!checked) {
                    try (BufferAllocator probe = new RootAllocator(64); var buffer = probe.buffer(8)) {
                        unusable = null;
                    } catch (RuntimeException | LinkageError e) {
                        // MemoryUtil's static initialiser: an ExceptionInInitializerError, then NoClassDefFoundError.
                        unusable = "Arrow needs this JVM started with --add-opens=java.base/java.nio=ALL-UNNAMED"
                                + " (java -jar quarkus-run.jar has it from the jar's manifest)";
                    }
                    checked = true;
                }
            }
        }
        return unusable;
    }

    /** The allocator of everything Arrow holds here; a stream or a body takes a child of it and closes it. */
    public BufferAllocator allocator() {
        return root;
    }

    @PreDestroy
    void close() {
        root.close();
    }

    /**
     * The stream's bytes, one chunk per list of bars (the schema with the first, the end-of-stream marker after
     * the last), written as the lists arrive: the subscriber's demand reaches the cursor as for CSV.
     */
    public Multi<byte[]> stream(Multi<List<Bar>> batches) {
        return Multi.createFrom().resource(() -> new Writer(root.newChildAllocator("bars-stream", 0, Long.MAX_VALUE)),
                        writer -> Multi.createBy().concatenating().streams(
                                batches.map(writer::batch),
                                Multi.createFrom().item(writer::end)))
                .withFinalizer(Writer::close);
    }

    /** One stream's vectors and writer. Not thread-safe: a stream's items arrive one at a time. */
    static final class Writer implements AutoCloseable {

        private final BufferAllocator allocator;
        private final VectorSchemaRoot root;
        private final ArrowStreamWriter writer;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        private final VarCharVector symbol;
        private final VarCharVector timeframe;
        private final TimeStampMicroTZVector ts;
        private final Utf8Bytes symbolBytes = new Utf8Bytes();
        private final Utf8Bytes timeframeBytes = new Utf8Bytes();
        private final Utf8Bytes sourceBytes = new Utf8Bytes();
        private final DecimalVector open;
        private final DecimalVector high;
        private final DecimalVector low;
        private final DecimalVector close;
        private final BigIntVector volume;
        private final DecimalVector vwap;
        private final BigIntVector tradeCount;
        private final VarCharVector source;
        private final DecimalVector adjClose;
        private boolean started;

        Writer(BufferAllocator allocator) {
            this.allocator = allocator;
            this.root = VectorSchemaRoot.create(SCHEMA, allocator);
            this.writer = new ArrowStreamWriter(root, null, Channels.newChannel(out));
            List<FieldVector> v = root.getFieldVectors();
            symbol = (VarCharVector) v.get(0);
            timeframe = (VarCharVector) v.get(1);
            ts = (TimeStampMicroTZVector) v.get(2);
            open = (DecimalVector) v.get(3);
            high = (DecimalVector) v.get(4);
            low = (DecimalVector) v.get(5);
            close = (DecimalVector) v.get(6);
            volume = (BigIntVector) v.get(7);
            vwap = (DecimalVector) v.get(8);
            tradeCount = (BigIntVector) v.get(9);
            source = (VarCharVector) v.get(10);
            adjClose = (DecimalVector) v.get(11);
        }

        /** The schema (first call only) and the bars as record batches of at most {@link #MAX_BATCH_ROWS}. */
        byte[] batch(List<Bar> bars) {
            try {
                if (!started) {
                    writer.start();
                    started = true;
                }
                for (int from = 0; from < bars.size(); from += MAX_BATCH_ROWS) {
                    fill(bars.subList(from, Math.min(bars.size(), from + MAX_BATCH_ROWS)));
                    writer.writeBatch();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return drain();
        }

        /** The end-of-stream marker (and the schema, for a stream that had no list at all). */
        byte[] end() {
            try {
                if (!started) {
                    writer.start();
                    started = true;
                }
                writer.end();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return drain();
        }

        private byte[] drain() {
            byte[] bytes = out.toByteArray();
            out.reset();
            return bytes;
        }

        private void fill(List<Bar> bars) {
            root.allocateNew();
            int i = 0;
            for (Bar bar : bars) {
                symbol.setSafe(i, symbolBytes.of(bar.symbol()));
                timeframe.setSafe(i, timeframeBytes.of(bar.timeframe()));
                ts.setSafe(i, micros(bar.ts()));
                price(open, i, bar.open());
                price(high, i, bar.high());
                price(low, i, bar.low());
                price(close, i, bar.close());
                volume.setSafe(i, bar.volume());
                price(vwap, i, bar.vwap());
                if (bar.tradeCount() == null) {
                    tradeCount.setNull(i);
                } else {
                    tradeCount.setSafe(i, bar.tradeCount());
                }
                if (bar.source() == null) {
                    source.setNull(i);
                } else {
                    source.setSafe(i, sourceBytes.of(bar.source()));
                }
                price(adjClose, i, bar.adjClose());
                i++;
            }
            root.setRowCount(i);
        }

        /**
         * A price at scale 8 exactly: stored as NUMERIC(20,8), it has no more decimals to round. Written as its
         * unscaled long when it fits one (every price below 9.2 * 10^10); Arrow's {@code setSafe(int, BigDecimal)}
         * makes a BigInteger and a byte array of each cell.
         */
        private static void price(DecimalVector vector, int i, BigDecimal value) {
            if (value == null) {
                vector.setNull(i);
                return;
            }
            long unscaled;
            try {
                unscaled = value.movePointRight(PRICE.getScale()).longValueExact();
            } catch (ArithmeticException e) {
                vector.setSafe(i, value.setScale(PRICE.getScale(), RoundingMode.UNNECESSARY));
                return;
            }
            vector.setSafe(i, unscaled);
        }

        @Override
        public void close() {
            try {
                writer.close();
            } finally {
                root.close();
                allocator.close();
            }
        }
    }

    /** The UTF-8 bytes of the last string asked for, given again while the next one is equal (a series' symbol). */
    private static final class Utf8Bytes {
        private String text;
        private byte[] bytes;

        byte[] of(String value) {
            if (!value.equals(text)) {
                text = value;
                bytes = value.getBytes(StandardCharsets.UTF_8);
            }
            return bytes;
        }
    }

    /** Microseconds since the epoch. */
    static long micros(java.time.Instant ts) {
        return Math.addExact(Math.multiplyExact(ts.getEpochSecond(), 1_000_000L), ts.getNano() / 1_000);
    }
}
