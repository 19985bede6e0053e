package dev.tickvault.marketdata.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.tickvault.common.Fault;
import dev.tickvault.common.Faults;
import dev.tickvault.common.Problems;
import dev.tickvault.common.Symbols;
import dev.tickvault.marketdata.Bar;
import dev.tickvault.marketdata.Timeframe;
import dev.tickvault.marketdata.ingest.BarRules.Fields;
import dev.tickvault.marketdata.ingest.BarRules.Value;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads bars from CSV: a header row naming {@code symbol,timeframe,ts,open,high,low,close,volume[,vwap,
 * tradeCount,source]}, or Yahoo Finance's {@code Date,Open,High,Low,Close,Adj Close,Volume} with symbol and
 * timeframe from the query. Header names match ignoring case, spaces and underscores; each row is checked
 * with {@link BarRules}, faults located by line number (the header is line 1).
 */
final class BarCsvReader {

    private static final List<String> REQUIRED_CSV = List.of("open", "high", "low", "close", "volume");
    private static final CsvMapper CSV = new CsvMapper();
    /** Longest number read from a CSV value: the JSON parser's limit. */
    private static final int MAX_NUMBER_LENGTH = 1_000;

    private BarCsvReader() {
    }

    /**
     * Reads CSV rows into {@code bars} (null for a row with faults) and their line numbers into
     * {@code lines}.
     *
     * @param querySymbol the {@code symbol} query parameter, for rows without one (may be null)
     * @param queryTimeframe the {@code timeframe} query parameter, for rows without one (may be null)
     * @return the rows read
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 (no header, missing columns, a row with fewer or
     *     more fields than the header, malformed rows, a bad query parameter), 413 (more than {@code maxRows}
     *     rows)
     */
    static int read(byte[] body, String querySymbol, String queryTimeframe, Faults faults, List<Bar> bars,
            List<Long> lines, int maxRows) {
        CsvSchema schema = CsvSchema.emptySchema().withoutHeader();
        try (MappingIterator<String[]> rows = CSV.readerFor(String[].class).with(schema)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).with(CsvParser.Feature.TRIM_SPACES)
                .with(CsvParser.Feature.SKIP_EMPTY_LINES).readValues(body)) {
            if (!rows.hasNextValue()) {
                throw Problems.badRequest("The CSV body is empty");
            }
            String[] header = rows.nextValue();
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                columns.put(normalizeHeader(header[i]), i);
            }
            boolean yahoo = !columns.containsKey("ts") && columns.containsKey("date");
            List<String> missing = new ArrayList<>();
            if (!yahoo && !columns.containsKey("ts")) {
                missing.add("ts");
            }
            for (String name : REQUIRED_CSV) {
                if (!columns.containsKey(name)) {
                    missing.add(name);
                }
            }
            if (!columns.containsKey("symbol") && (querySymbol == null || querySymbol.isEmpty())) {
                missing.add(yahoo ? "symbol (query parameter, for the Yahoo Finance layout)" : "symbol");
            }
            if (!columns.containsKey("timeframe") && (queryTimeframe == null || queryTimeframe.isEmpty())) {
                missing.add(yahoo ? "timeframe (query parameter, for the Yahoo Finance layout)" : "timeframe");
            }
            if (!missing.isEmpty()) {
                throw Problems.badRequest("The CSV header lacks required column(s): " + String.join(", ", missing),
                        List.of(Fault.onLine(1, null, "missing " + String.join(", ", missing))));
            }
            if (querySymbol != null && !querySymbol.isEmpty() && !Symbols.isValid(querySymbol)) {
                Symbols.fromPath(querySymbol);
            }
            if (queryTimeframe != null && !queryTimeframe.isEmpty()) {
                Timeframe.fromQuery(queryTimeframe);
            }
            int count = 0;
            while (true) {
                // The parser sits at the start of the next record before it is read.
                long line = rows.getCurrentLocation().getLineNr();
                if (!rows.hasNextValue()) {
                    break;
                }
                String[] row = rows.nextValue();
                if (row.length == 1 && row[0].isEmpty()) {
                    continue;
                }
                if (++count > maxRows) {
                    throw Problems.tooLarge("A batch holds at most " + maxRows + " bars");
                }
                if (row.length != header.length) {
                    throw Problems.badRequest("Malformed CSV: line " + line + " has " + row.length
                            + " column(s), the header has " + header.length,
                            List.of(Fault.onLine(line, null, "expected " + header.length + " columns")));
                }
                bars.add(BarRules.validate(new CsvFields(row, columns, querySymbol, queryTimeframe, yahoo), null,
                        line, faults));
                lines.add(line);
            }
            return count;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw Problems.badRequest("Malformed CSV" + where + ": " + reason(e));
        } catch (IOException e) {
            throw Problems.badRequest("The CSV body cannot be read");
        }
    }

    /** Why CSV could not be read, in tickvault's words rather than the parser's. */
    private static String reason(JsonProcessingException e) {
        String text = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (text.startsWith("Missing closing quote")) {
            return "a quoted value is not closed";
        }
        if (text.contains("Expected column separator")) {
            return "a quoted value is followed by more than a separator";
        }
        if (text.startsWith("Invalid UTF-8")) {
            return "invalid UTF-8";
        }
        return "not valid CSV";
    }

    private static String normalizeHeader(String name) {
        return name.toLowerCase(Locale.ROOT).replace(" ", "").replace("_", "");
    }

    /** A CSV row's values by header name, the query's symbol and timeframe standing in for missing ones. */
    private record CsvFields(String[] row, Map<String, Integer> columns, String querySymbol, String queryTimeframe,
            boolean yahoo) implements Fields {
        @Override
        public Value get(String name) {
            String key = name.toLowerCase(Locale.ROOT);
            if (key.equals("ts") && yahoo) {
                key = "date";
            }
            Integer index = columns.get(key);
            String text = index == null ? null : row[index];
            if ((text == null || text.isEmpty()) && key.equals("symbol")) {
                text = querySymbol;
            }
            if ((text == null || text.isEmpty()) && key.equals("timeframe")) {
                text = queryTimeframe;
            }
            if (text == null || text.isEmpty()) {
                return Value.MISSING;
            }
            BigDecimal number = null;
            // Longer digit strings are no number here, as in JSON: parsing millions of digits takes minutes.
            if (text.length() <= MAX_NUMBER_LENGTH && (Character.isDigit(text.charAt(0)) || text.charAt(0) == '-'
                    || text.charAt(0) == '.' || text.charAt(0) == '+')) {
                try {
                    number = new BigDecimal(text);
                } catch (NumberFormatException e) {
                    number = null;
                }
            }
            return new Value(false, false, text, number);
        }

        @Override
        public String tsName() {
            return yahoo ? "date" : "ts";
        }

        @Override
        public boolean acceptsDates() {
            return yahoo;
        }
    }
}
