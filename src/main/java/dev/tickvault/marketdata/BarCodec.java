package dev.tickvault.marketdata;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.inject.Singleton;

import java.io.UncheckedIOException;

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

    /** One CSV record and a newline; absent optional fields are empty. */
    public String csv(Bar bar) {
        try {
            return csv.writeValueAsString(bar);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
