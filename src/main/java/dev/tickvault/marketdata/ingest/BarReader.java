package dev.tickvault.marketdata.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.Faults;
import dev.tickvault.common.JsonBody;
import dev.tickvault.common.Problems;
import dev.tickvault.marketdata.Bar;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a batch of bars from a request body and checks every rule of DESIGN 3 before anything is written:
 * picks the reader for the body's format ({@link BarJsonReader} for a JSON array or object and NDJSON,
 * {@link BarCsvReader} for CSV, generic or Yahoo Finance layout), which checks each bar with
 * {@link BarRules}; then checks the batch ({@link BarBatch}: no key twice).
 *
 * <p>Unreadable input throws a 400 problem, more than {@code maxRows} rows a 413; rule violations are
 * collected (JSON pointer for JSON, line number for NDJSON and CSV) in {@link Outcome#faults()}.
 */
public final class BarReader {

    private final BarJsonReader json;

    /** A reader using the application's JSON mapper (its parser and read limits). */
    public BarReader(ObjectMapper json) {
        this.json = new BarJsonReader(json.getFactory());
    }

    /** The body formats accepted. */
    public enum Format {
        JSON, NDJSON, CSV
    }

    /**
     * Validated bars in input order (null for a bar with faults), the faults found, how many rows were read,
     * and whether the bars are already in strictly ascending (symbol, timeframe, ts) order (then no two share
     * a key, and sorting them would change nothing).
     */
    public record Outcome(List<Bar> bars, Faults faults, int received, boolean ordered) {

        /** The bars in the order of their primary key (symbol, timeframe, ts), the order writes lock rows in. */
        public List<Bar> inKeyOrder() {
            if (ordered) {
                return bars;
            }
            List<Bar> sorted = new ArrayList<>(bars);
            sorted.sort(BarBatch::compareKeys);
            return sorted;
        }
    }

    /**
     * Reads and validates a batch.
     *
     * @param symbol the {@code symbol} query parameter (CSV only; may be null)
     * @param timeframe the {@code timeframe} query parameter (CSV only; may be null)
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 (unreadable), 413 (too many rows)
     */
    public Outcome read(byte[] body, Format format, String symbol, String timeframe, int maxRows) {
        if (body == null || JsonBody.isBlank(body)) {
            throw Problems.badRequest("The request body is empty");
        }
        Faults faults = new Faults();
        List<Bar> bars = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        int received = switch (format) {
            case JSON -> json.readJson(body, faults, bars, maxRows);
            case NDJSON -> json.readNdjson(body, faults, bars, lines, maxRows);
            case CSV -> BarCsvReader.read(body, symbol, timeframe, faults, bars, lines, maxRows);
        };
        if (received == 0) {
            throw Problems.badRequest("The request body holds no bars");
        }
        boolean ordered = BarBatch.isStrictlyAscending(bars);
        if (!ordered) {
            BarBatch.checkDuplicates(bars, lines, faults);
        }
        return new Outcome(bars, faults, received, ordered);
    }
}
