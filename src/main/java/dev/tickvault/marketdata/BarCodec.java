package dev.tickvault.marketdata;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes bars as NDJSON lines (the application's JSON mapper) and as CSV records (RFC 4180, Jackson's CSV
 * module) in the column order of {@link #CSV_HEADER}, with readers built once.
 */
@Singleton
public class BarCodec {

    /** The CSV header that streamed ranges start with, and that {@code POST /bars} accepts. */
    public static final String CSV_HEADER = "symbol,timeframe,ts,open,high,low,close,volume,vwap,tradeCount,source,"
            + "adjClose\n";

    private final ObjectWriter json;
    private final ObjectWriter csv;

    public BarCodec(ObjectMapper mapper) {
        this.json = mapper.writerFor(Bar.class);
        CsvMapper csvMapper = CsvMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
        CsvSchema schema = CsvSchema.builder()
                .addColumn("symbol").addColumn("timeframe").addColumn("ts").addColumn("open").addColumn("high")
                .addColumn("low").addColumn("close").addColumn("volume").addColumn("vwap").addColumn("tradeCount")
                .addColumn("source").addColumn("adjClose").build().withoutHeader();
        this.csv = csvMapper.writerFor(Bar.class).with(schema);
    }

    /** One JSON object and a newline. */
    public String ndjson(Bar bar) {
        try {
            return json.writeValueAsString(bar) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code prefix} (or nothing), then one CSV record and a newline per bar; absent optional fields are empty.
     * One generator writes the whole list: a generator per record cost more than the record.
     */
    public String csv(List<Bar> bars, String prefix) {
        StringWriter out = new StringWriter(bars.size() * 120 + (prefix == null ? 0 : prefix.length()));
        if (prefix != null) {
            out.write(prefix);
        }
        try (SequenceWriter records = csv.writeValues(out)) {
            records.writeAll(bars);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
