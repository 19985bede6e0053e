package dev.tickvault.marketdata;

import io.airlift.compress.snappy.SnappyCompressor;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Singleton;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Bars as a Parquet file (Apache Parquet format 2): the columns of {@link ArrowBars#SCHEMA} (strings UTF8,
 * {@code ts} INT64 TIMESTAMP(MICROS, UTC), prices FIXED_LEN_BYTE_ARRAY(9) DECIMAL(20,8), counts INT64), streamed:
 * a row group goes out as soon as it reaches {@link #ROW_GROUP_BYTES}, the footer last. Memory per stream is one
 * row group being encoded.
 *
 * <p>The writer is parquet-hadoop's {@link ParquetWriter}, given an {@link OutputFile} that collects the bytes,
 * a {@link PlainParquetConfiguration} and a codec factory of its own (Snappy in pure Java, aircompressor): none of
 * them loads a Hadoop class, so Hadoop is not on the class path at run time (only its API, to compile).
 */
@Singleton
public class ParquetBars {

    /** The row group size: Parquet's readers parallelise by row group, and a stream holds one. */
    static final long ROW_GROUP_BYTES = 8L * 1024 * 1024;
    /** The bytes of a DECIMAL(20,8): the fewest whose two's complement holds 20 digits. */
    private static final int PRICE_BYTES = 9;

    static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("symbol")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("timeframe")
            .required(PrimitiveTypeName.INT64)
            .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named("ts")
            .required(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(PRICE_BYTES).as(price()).named("open")
            .required(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(PRICE_BYTES).as(price()).named("high")
            .required(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(PRICE_BYTES).as(price()).named("low")
            .required(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(PRICE_BYTES).as(price()).named("close")
            .required(PrimitiveTypeName.INT64).named("volume")
            .optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(PRICE_BYTES).as(price()).named("vwap")
            .optional(PrimitiveTypeName.INT64).named("tradeCount")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("source")
            .optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(PRICE_BYTES).as(price()).named("adjClose")
            .named("bar");

    private static LogicalTypeAnnotation price() {
        return LogicalTypeAnnotation.decimalType(8, 20);
    }

    /**
     * The file's bytes, one chunk per list of bars that completed a row group (the magic number with the first),
     * the last row group and the footer after the last list; lists that fill no row group yield nothing.
     */
    public Multi<byte[]> stream(Multi<List<Bar>> batches) {
        return Multi.createFrom().resource(Writer::new,
                        writer -> Multi.createBy().concatenating().streams(
                                batches.map(writer::write),
                                Multi.createFrom().item(writer::end)))
                .withFinalizer(Writer::close)
                .filter(chunk -> chunk.length > 0);
    }

    /** One stream's Parquet writer and the bytes it wrote since they were last taken. */
    static final class Writer implements AutoCloseable {

        private final Sink sink = new Sink();
        private final ParquetWriter<Bar> writer;
        private boolean ended;

        Writer() {
            try {
                writer = new Builder(sink).withConf(new PlainParquetConfiguration())
                        .withCodecFactory(new Codecs()).withCompressionCodec(CompressionCodecName.SNAPPY)
                        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).withRowGroupSize(ROW_GROUP_BYTES)
                        .withValidation(false).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] write(List<Bar> bars) {
            try {
                for (Bar bar : bars) {
                    writer.write(bar);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return sink.drain();
        }

        byte[] end() {
            ended = true;
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return sink.drain();
        }

        @Override
        public void close() {
            if (!ended) {
                ended = true;
                try {
                    // Writes the footer into the sink, which nobody reads any more: the stream was cut.
                    writer.close();
                } catch (IOException | RuntimeException ignored) {
                    // A writer that failed mid-row has nothing more worth reporting than the failure that cut it.
                }
            }
        }
    }

    /** The file's bytes as they are written, taken by the stream after each list of bars. */
    static final class Sink extends PositionOutputStream implements OutputFile {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        private long position;

        byte[] drain() {
            byte[] bytes = out.toByteArray();
            out.reset();
            return bytes;
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void write(int b) {
            out.write(b);
            position++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            out.write(b, off, len);
            position += len;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return this;
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return this;
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }

        @Override
        public String getPath() {
            return "bars.parquet";
        }
    }

    /** The writer's builder, with the bars' write support whichever configuration type asks. */
    private static final class Builder extends ParquetWriter.Builder<Bar, Builder> {

        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Bar> getWriteSupport(ParquetConfiguration conf) {
            return new BarWriteSupport();
        }

        @Override
        protected WriteSupport<Bar> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new BarWriteSupport();
        }
    }

    /** A bar as one Parquet record of {@link #SCHEMA}. */
    private static final class BarWriteSupport extends WriteSupport<Bar> {

        private RecordConsumer out;

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(SCHEMA, Map.of("writer.model.name", "tickvault"));
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return init((ParquetConfiguration) null);
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(Bar bar) {
            out.startMessage();
            text(0, "symbol", bar.symbol());
            text(1, "timeframe", bar.timeframe());
            out.startField("ts", 2);
            out.addLong(ArrowBars.micros(bar.ts()));
            out.endField("ts", 2);
            price(3, "open", bar.open());
            price(4, "high", bar.high());
            price(5, "low", bar.low());
            price(6, "close", bar.close());
            out.startField("volume", 7);
            out.addLong(bar.volume());
            out.endField("volume", 7);
            price(8, "vwap", bar.vwap());
            if (bar.tradeCount() != null) {
                out.startField("tradeCount", 9);
                out.addLong(bar.tradeCount());
                out.endField("tradeCount", 9);
            }
            text(10, "source", bar.source());
            price(11, "adjClose", bar.adjClose());
            out.endMessage();
        }

        private void text(int index, String name, String value) {
            if (value != null) {
                out.startField(name, index);
                out.addBinary(Binary.fromString(value));
                out.endField(name, index);
            }
        }

        private void price(int index, String name, BigDecimal value) {
            if (value != null) {
                out.startField(name, index);
                out.addBinary(Binary.fromConstantByteArray(fixed(value)));
                out.endField(name, index);
            }
        }
    }

    /**
     * The unscaled value at scale 8 as 9 big-endian two's-complement bytes (Parquet's DECIMAL on
     * FIXED_LEN_BYTE_ARRAY); exact, since a NUMERIC(20,8) has no more decimals.
     */
    static byte[] fixed(BigDecimal value) {
        byte[] unscaled = value.setScale(8, RoundingMode.UNNECESSARY).unscaledValue().toByteArray();
        byte[] out = new byte[PRICE_BYTES];
        int pad = PRICE_BYTES - unscaled.length;
        byte sign = unscaled[0] < 0 ? (byte) -1 : 0;
        for (int i = 0; i < pad; i++) {
            out[i] = sign;
        }
        System.arraycopy(unscaled, 0, out, pad, unscaled.length);
        return out;
    }

    /** Snappy (aircompressor, pure Java) or nothing: Hadoop's codec factory would load Hadoop's codecs. */
    private static final class Codecs implements CompressionCodecFactory {

        @Override
        public BytesInputCompressor getCompressor(CompressionCodecName codec) {
            if (codec != CompressionCodecName.SNAPPY && codec != CompressionCodecName.UNCOMPRESSED) {
                throw new IllegalArgumentException("Only Snappy or no compression: " + codec);
            }
            return new BytesInputCompressor() {
                private final SnappyCompressor snappy = new SnappyCompressor();
                private byte[] buffer = new byte[0];

                @Override
                public BytesInput compress(BytesInput bytes) throws IOException {
                    if (codec == CompressionCodecName.UNCOMPRESSED) {
                        return bytes;
                    }
                    byte[] input = bytes.toByteArray();
                    int max = snappy.maxCompressedLength(input.length);
                    if (buffer.length < max) {
                        buffer = new byte[max];
                    }
                    int length = snappy.compress(input, 0, input.length, buffer, 0, buffer.length);
                    // The page is copied out of the buffer by the writer before the next compress.
                    return BytesInput.from(buffer, 0, length);
                }

                @Override
                public CompressionCodecName getCodecName() {
                    return codec;
                }

                @Override
                public void release() {
                }
            };
        }

        @Override
        public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
            throw new UnsupportedOperationException("ParquetBars only writes");
        }

        @Override
        public void release() {
        }
    }
}
