package dev.tickvault.marketdata.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.Faults;
import dev.tickvault.common.JsonBody;
import dev.tickvault.common.Offload;
import dev.tickvault.common.Problems;
import dev.tickvault.common.RequestConfig;
import dev.tickvault.marketdata.Bar;
import dev.tickvault.marketdata.MarketDataConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a batch of bars from a request body and checks every rule of DESIGN 3 before anything is written:
 * picks the reader for the body's format ({@link BarJsonReader} for a JSON array or object and NDJSON,
 * {@link BarCsvReader} for CSV, generic or Yahoo Finance layout), which checks each bar with
 * {@link BarRules}; then checks the batch ({@link BarBatch}: no key twice).
 *
 * <p>Unreadable input throws a 400 problem, more than {@code maxRows} rows a 413; rule violations are
 * collected (JSON pointer for JSON, line number for NDJSON and CSV) in {@link Outcome#faults()}, and
 * {@link #readBatch} turns them into one 422.
 */
@ApplicationScoped
public class BarReader {

    private final BarJsonReader json;
    private final int maxRows;
    private final int workerThreshold;
    private final Counter rejected;

    /** The reader of request bodies, with {@code tickvault.ingest} limits and the rejected-rows counter. */
    @Inject
    public BarReader(ObjectMapper json, MarketDataConfig config, RequestConfig requests, MeterRegistry registry) {
        this.json = new BarJsonReader(json.getFactory());
        this.maxRows = config.ingest().maxRows();
        this.workerThreshold = requests.ingest().workerParseThresholdBytes();
        this.rejected = Counter.builder("tickvault.bars.rejected")
                .description("Bars received in batches refused as invalid (422)").register(registry);
    }

    /** A reader with the given limits and no metrics, for plain tests of the readers and rules. */
    BarReader(ObjectMapper json, int maxRows) {
        this.json = new BarJsonReader(json.getFactory());
        this.maxRows = maxRows;
        this.workerThreshold = Integer.MAX_VALUE;
        this.rejected = null;
    }

    /**
     * Reads and validates a whole batch before anything is written; bodies over
     * {@code tickvault.ingest.worker-parse-threshold-bytes} are read on a worker thread (tens of milliseconds
     * of CPU for megabytes), the result delivered back on the request's context.
     *
     * @param symbol the {@code symbol} query parameter (CSV only; may be null)
     * @param timeframe the {@code timeframe} query parameter (CSV only; may be null)
     * @return the bars in primary-key order; fails with 400 (unreadable), 413 (over
     *     {@code tickvault.ingest.max-rows}) or 422 (a rule broken, up to 100 faults listed)
     */
    public Uni<List<Bar>> readBatch(byte[] body, Format format, String symbol, String timeframe) {
        return Offload.when(body != null && body.length > workerThreshold, () -> {
            Outcome outcome = read(body, format, symbol, timeframe, maxRows);
            if (outcome.faults().any()) {
                if (rejected != null) {
                    rejected.increment(outcome.received());
                }
                throw Problems.invalid(outcome.faults().total() + " invalid value(s) in " + outcome.received()
                        + " bar(s); nothing was written", outcome.faults().list());
            }
            return outcome.inKeyOrder();
        });
    }

    /** The body formats accepted. */
    public enum Format {
        JSON, NDJSON, CSV,
        /** An Arrow IPC stream, faults located by row index as JSON pointers ({@link BarArrowReader}). */
        ARROW
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
            case ARROW -> BarArrowReader.read(body, faults, bars, maxRows);
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
