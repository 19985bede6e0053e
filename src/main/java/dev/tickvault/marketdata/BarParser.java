package dev.tickvault.marketdata;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.Fault;
import dev.tickvault.common.Faults;
import dev.tickvault.common.JsonBody;
import dev.tickvault.common.Problems;
import dev.tickvault.common.Symbols;
import dev.tickvault.common.Timestamps;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a batch of bars from a request body and checks every rule of DESIGN 3 before anything is
 * written. Formats: a JSON array (or a single object), NDJSON (one object a line), CSV with header
 * {@code symbol,timeframe,ts,open,high,low,close,volume[,vwap,tradeCount,source]}, and CSV in Yahoo
 * Finance layout ({@code Date,Open,High,Low,Close,Adj Close,Volume}) with symbol and timeframe from the
 * query ({@link BarCsv}). CSV header names match ignoring case, spaces and underscores.
 *
 * <p>Unreadable input throws a 400 problem, more than {@code maxRows} rows a 413; rule violations are
 * collected (JSON pointer for JSON, line number for NDJSON and CSV) in {@link Outcome#faults()}.
 * Prices are rounded half-up to the 8 decimals of {@code NUMERIC(20,8)} before the rules are checked,
 * as PostgreSQL would round them on insert. Unknown fields are ignored.
 */
public final class BarParser {

    /** Largest absolute price that fits {@code NUMERIC(20,8)}. */
    private static final BigDecimal MAX_PRICE = new BigDecimal("999999999999.99999999");
    private static final int MAX_SOURCE_LENGTH = 64;

    private final ObjectMapper json;

    /** A parser using the application's JSON mapper. */
    public BarParser(ObjectMapper json) {
        this.json = json;
    }

    /** The body formats accepted. */
    public enum Format {
        JSON, NDJSON, CSV
    }

    /**
     * Parsed, validated bars in input order, the faults found, how many rows were read, and whether the bars
     * are already in strictly ascending (symbol, timeframe, ts) order (then no two share a key, and sorting
     * them would change nothing).
     */
    public record Outcome(List<Bar> bars, Faults faults, int received, boolean ordered) {
    }

    /**
     * Parses and validates a batch.
     *
     * @param symbol the {@code symbol} query parameter (CSV only; may be null)
     * @param timeframe the {@code timeframe} query parameter (CSV only; may be null)
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 (unreadable), 413 (too many rows)
     */
    public Outcome parse(byte[] body, Format format, String symbol, String timeframe, int maxRows) {
        if (body == null || JsonBody.isBlank(body)) {
            throw Problems.badRequest("The request body is empty");
        }
        Faults faults = new Faults();
        List<Bar> bars = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        int received = switch (format) {
            case JSON -> parseJson(body, faults, bars, maxRows);
            case NDJSON -> parseNdjson(body, faults, bars, lines, maxRows);
            case CSV -> BarCsv.read(body, symbol, timeframe, faults, bars, lines, maxRows);
        };
        if (received == 0) {
            throw Problems.badRequest("The request body holds no bars");
        }
        // Batches usually come in key order: one pass proves there is no duplicate, without a map of keys.
        boolean ordered = isStrictlyAscending(bars);
        if (!ordered) {
            checkDuplicates(bars, lines, faults);
        }
        return new Outcome(bars, faults, received, ordered);
    }

    /**
     * A JSON array of bars (or one bar), read as a token stream: no tree of the whole body, and numbers
     * taken exactly from their text ({@code getDecimalValue}), never through a double.
     */
    private int parseJson(byte[] body, Faults faults, List<Bar> bars, int maxRows) {
        try (JsonParser in = json.getFactory().createParser(body)) {
            JsonToken first = in.nextToken();
            if (first == null) {
                throw Problems.badRequest("The request body is empty");
            }
            if (first == JsonToken.START_OBJECT) {
                bars.add(validate(readObject(in), "", -1, faults));
                return 1;
            }
            if (first != JsonToken.START_ARRAY) {
                throw Problems.badRequest("Expected a JSON array of bars");
            }
            int count = 0;
            JsonToken token;
            while ((token = in.nextToken()) != JsonToken.END_ARRAY) {
                if (count == maxRows) {
                    in.skipChildren();
                    throw Problems.tooLarge("A batch holds at most " + maxRows + " bars; this one has "
                            + (count + 1 + skipRest(in)));
                }
                if (token != JsonToken.START_OBJECT) {
                    in.skipChildren();
                    faults.add(Fault.at("/" + count, null, "must be a JSON object"));
                    bars.add(null);
                } else {
                    bars.add(validate(readObject(in), "/" + count, -1, faults));
                }
                count++;
            }
            return count;
        } catch (IOException e) {
            throw Problems.badRequest("Malformed JSON: " + JsonBody.message(e));
        }
    }

    /** Counts the elements left in an array, reading them to its end (malformed JSON still fails). */
    private static int skipRest(JsonParser in) throws IOException {
        int more = 0;
        while (in.nextToken() != JsonToken.END_ARRAY) {
            in.skipChildren();
            more++;
        }
        return more;
    }

    /** The fields of the object the parser is on ({@code START_OBJECT}); unknown fields are skipped. */
    private static ObjectFields readObject(JsonParser in) throws IOException {
        Value[] values = new Value[FIELDS.length];
        String name;
        while ((name = in.nextFieldName()) != null) {
            JsonToken token = in.nextToken();
            int index = fieldIndex(name);
            Value value = switch (token) {
                case VALUE_STRING -> new Value(false, false, in.getText(), null);
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Value(false, false, null, decimal(in));
                case VALUE_NULL -> Value.NULL;
                default -> {
                    in.skipChildren();
                    yield Value.OTHER;
                }
            };
            if (index >= 0) {
                values[index] = value;
            }
        }
        return new ObjectFields(values);
    }

    /**
     * The exact value of the number token the parser is on. A plain decimal of at most 18 digits, the usual
     * price or volume, is read straight from the token's characters into an unscaled long and a scale;
     * anything else (exponents, more digits) goes through Jackson's {@code getDecimalValue}. Both are exact.
     */
    private static BigDecimal decimal(JsonParser in) throws IOException {
        char[] chars = in.getTextCharacters();
        int start = in.getTextOffset();
        int end = start + in.getTextLength();
        int i = start;
        boolean negative = i < end && chars[i] == '-';
        if (negative) {
            i++;
        }
        long unscaled = 0;
        int digits = 0;
        int scale = -1;
        for (; i < end; i++) {
            char c = chars[i];
            if (c >= '0' && c <= '9') {
                if (++digits > 18) {
                    return in.getDecimalValue();
                }
                unscaled = unscaled * 10 + (c - '0');
                if (scale >= 0) {
                    scale++;
                }
            } else if (c == '.' && scale < 0) {
                scale = 0;
            } else {
                return in.getDecimalValue();
            }
        }
        if (digits == 0) {
            return in.getDecimalValue();
        }
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, Math.max(scale, 0));
    }

    /** Whether every bar is present and its key is above the previous bar's. */
    private static boolean isStrictlyAscending(List<Bar> bars) {
        Bar previous = null;
        for (Bar bar : bars) {
            if (bar == null) {
                return false;
            }
            if (previous != null && compareKeys(previous, bar) >= 0) {
                return false;
            }
            previous = bar;
        }
        return true;
    }

    /** The order of the bars' primary key (symbol, timeframe, ts), the order writes lock rows in. */
    static int compareKeys(Bar a, Bar b) {
        int c = a.symbol().compareTo(b.symbol());
        if (c == 0) {
            c = a.timeframe().compareTo(b.timeframe());
        }
        return c != 0 ? c : a.ts().compareTo(b.ts());
    }

    private int parseNdjson(byte[] body, Faults faults, List<Bar> bars, List<Long> lines, int maxRows) {
        String text = new String(body, StandardCharsets.UTF_8);
        int count = 0;
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            if (++count > maxRows) {
                throw Problems.tooLarge("A batch holds at most " + maxRows + " bars");
            }
            ObjectFields fields;
            try (JsonParser in = json.getFactory().createParser(line)) {
                JsonToken first = in.nextToken();
                if (first == JsonToken.START_OBJECT) {
                    fields = readObject(in);
                } else {
                    in.skipChildren();
                    fields = null;
                }
            } catch (IOException e) {
                throw Problems.badRequest("Malformed JSON on line " + lineNo + ": " + JsonBody.message(e),
                        List.of(Fault.onLine(lineNo, null, "not a JSON object")));
            }
            if (fields == null) {
                faults.add(Fault.onLine(lineNo, null, "must be a JSON object"));
                bars.add(null);
                lines.add((long) lineNo);
                continue;
            }
            bars.add(validate(fields, null, lineNo, faults));
            lines.add((long) lineNo);
        }
        return count;
    }

    static Bar validate(Fields fields, String pointerBase, long line, Faults faults) {
        int before = faults.total();
        Reporter report = (field, message) -> faults.add(line > 0 ? Fault.onLine(line, field, message)
                : Fault.at(pointerBase + "/" + field, field, message));

        String symbol = null;
        Value rawSymbol = fields.get("symbol");
        if (rawSymbol.text() == null) {
            report.fault("symbol", rawSymbol.missing() ? "is required" : "must be a string");
        } else if (!Symbols.isValid(rawSymbol.text())) {
            report.fault("symbol", "must match ^[A-Za-z0-9^][A-Za-z0-9._:^=-]{0,31}$");
        } else {
            symbol = Symbols.normalize(rawSymbol.text());
        }

        Timeframe timeframe = null;
        Value rawTf = fields.get("timeframe");
        if (rawTf.text() == null) {
            report.fault("timeframe", rawTf.missing() ? "is required" : "must be a string");
        } else {
            timeframe = Timeframe.of(rawTf.text()).orElse(null);
            if (timeframe == null) {
                report.fault("timeframe", "must be one of " + Timeframe.codes());
            }
        }

        Instant ts = null;
        Value rawTs = fields.get("ts");
        if (rawTs.text() == null) {
            report.fault(fields.tsName(), rawTs.missing() ? "is required"
                    : "must be an RFC 3339 string with an offset, such as 2024-01-02T14:30:00Z");
        } else {
            ts = Timestamps.parseStrict(rawTs.text());
            if (ts == null && fields.acceptsDates()) {
                ts = Timestamps.parseDate(rawTs.text());
            }
            if (ts == null) {
                report.fault(fields.tsName(), "must be an RFC 3339 date-time with seconds and an offset, "
                        + "such as 2024-01-02T14:30:00Z");
            } else if (ts.getNano() % 1_000 != 0) {
                report.fault(fields.tsName(), "has more precision than microseconds");
                ts = null;
            } else if (timeframe != null && timeframe.alignedToEpoch()
                    && (ts.getNano() != 0 || ts.getEpochSecond() % timeframe.seconds() != 0)) {
                report.fault(fields.tsName(), "must fall on a " + timeframe.code() + " boundary (UTC)");
            }
        }

        BigDecimal open = price(fields, "open", true, report);
        BigDecimal high = price(fields, "high", true, report);
        BigDecimal low = price(fields, "low", true, report);
        BigDecimal close = price(fields, "close", true, report);
        BigDecimal vwap = price(fields, "vwap", false, report);
        Long volume = integer(fields, "volume", true, report);
        Long tradeCount = integer(fields, "tradeCount", false, report);

        String source = null;
        Value rawSource = fields.get("source");
        if (!rawSource.absent()) {
            if (rawSource.text() == null) {
                report.fault("source", "must be a string");
            } else if (rawSource.text().length() > MAX_SOURCE_LENGTH) {
                report.fault("source", "must be at most " + MAX_SOURCE_LENGTH + " characters");
            } else {
                source = rawSource.text();
            }
        }

        if (open != null && high != null && low != null && close != null) {
            if (high.compareTo(open) < 0 || high.compareTo(close) < 0 || high.compareTo(low) < 0) {
                report.fault("high", "must be >= open, close and low");
            }
            if (low.compareTo(open) > 0 || low.compareTo(close) > 0) {
                report.fault("low", "must be <= open and close");
            }
        }
        if (faults.total() != before) {
            return null;
        }
        return new Bar(symbol, timeframe.code(), ts, open, high, low, close, volume, vwap, tradeCount, source);
    }

    private static BigDecimal price(Fields fields, String name, boolean required, Reporter report) {
        Value value = fields.get(name);
        if (value.absent()) {
            if (required) {
                report.fault(name, "is required");
            }
            return null;
        }
        BigDecimal number = value.number();
        if (number == null) {
            report.fault(name, "must be a number");
            return null;
        }
        // Judge extreme magnitudes before rounding: setScale on 1e999999999 or 1e-999999999 would build a
        // number of a billion digits. Beyond 1e13 the rounded value is too large (or not positive), below
        // 1e-10 it rounds to zero.
        int integerDigits = number.precision() - number.scale();
        if (integerDigits > 13) {
            report.fault(name, number.signum() > 0 ? "must be below 1e12" : "must be a positive number");
            return null;
        }
        if (integerDigits < -9) {
            report.fault(name, "must be a positive number");
            return null;
        }
        number = number.setScale(8, RoundingMode.HALF_UP);
        if (number.signum() <= 0) {
            report.fault(name, "must be a positive number");
            return null;
        }
        if (number.compareTo(MAX_PRICE) > 0) {
            report.fault(name, "must be below 1e12");
            return null;
        }
        return number;
    }

    private static Long integer(Fields fields, String name, boolean required, Reporter report) {
        Value value = fields.get(name);
        if (value.absent()) {
            if (required) {
                report.fault(name, "is required");
            }
            return null;
        }
        BigDecimal number = value.number();
        if (number == null) {
            report.fault(name, "must be an integer");
            return null;
        }
        try {
            long result = number.stripTrailingZeros().longValueExact();
            if (result < 0) {
                report.fault(name, "must be zero or more");
                return null;
            }
            return result;
        } catch (ArithmeticException e) {
            report.fault(name, "must be an integer");
            return null;
        }
    }

    private static void checkDuplicates(List<Bar> bars, List<Long> lines, Faults faults) {
        Map<BarKey, Integer> seen = new HashMap<>(bars.size() * 2);
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            if (bar == null) {
                continue;
            }
            Integer first = seen.putIfAbsent(new BarKey(bar.symbol(), bar.timeframe(), bar.ts()), i);
            if (first != null) {
                if (lines.isEmpty()) {
                    faults.add(Fault.at("/" + i + "/ts", "ts",
                            "same symbol, timeframe and ts as /" + first + " in this batch"));
                } else {
                    faults.add(Fault.onLine(lines.get(i), "ts",
                            "same symbol, timeframe and ts as line " + lines.get(first) + " in this batch"));
                }
            }
        }
    }

    /** A bar's primary key. */
    private record BarKey(String symbol, String timeframe, Instant ts) {
    }

    @FunctionalInterface
    private interface Reporter {
        void fault(String field, String message);
    }

    /**
     * A field's raw value: absent (missing or null), text, or a number. In CSV every value is text and
     * numbers are parsed from it; in JSON a number must be a JSON number.
     */
    record Value(boolean missing, boolean isNull, String text, BigDecimal number) {
        static final Value MISSING = new Value(true, false, null, null);
        static final Value NULL = new Value(false, true, null, null);
        static final Value OTHER = new Value(false, false, null, null);

        boolean absent() {
            return missing || isNull;
        }
    }

    interface Fields {
        Value get(String name);

        default String tsName() {
            return "ts";
        }

        default boolean acceptsDates() {
            return false;
        }
    }

    /** The fields of a bar that {@link #validate} reads, in the order of {@link #fieldIndex}. */
    private static final String[] FIELDS = {"symbol", "timeframe", "ts", "open", "high", "low", "close", "volume",
        "vwap", "tradeCount", "source"};

    private static int fieldIndex(String name) {
        return switch (name) {
            case "symbol" -> 0;
            case "timeframe" -> 1;
            case "ts" -> 2;
            case "open" -> 3;
            case "high" -> 4;
            case "low" -> 5;
            case "close" -> 6;
            case "volume" -> 7;
            case "vwap" -> 8;
            case "tradeCount" -> 9;
            case "source" -> 10;
            default -> -1;
        };
    }

    /** A JSON object's values of the known fields; a field it lacks is missing. */
    private record ObjectFields(Value[] values) implements Fields {
        @Override
        public Value get(String name) {
            Value value = values[fieldIndex(name)];
            return value == null ? Value.MISSING : value;
        }
    }
}
