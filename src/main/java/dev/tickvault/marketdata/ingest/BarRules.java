package dev.tickvault.marketdata.ingest;

import dev.tickvault.common.Faults;
import dev.tickvault.common.ValueRules;
import dev.tickvault.common.ValueRules.Reporter;
import dev.tickvault.marketdata.Bar;
import dev.tickvault.marketdata.Timeframe;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The rules of DESIGN 3 for one bar, the same whichever reader read it: required fields, prices > 0 and below
 * 10^12 (rounded half-up to the 8 decimals of {@code NUMERIC(20,8)} first, as PostgreSQL rounds on insert),
 * {@code high >= max(open, close, low)}, {@code low <= min(open, close)}, volume and trade count integers
 * {@code >= 0}, {@code ts} an RFC 3339 date-time in the years 1 to 9999 (UTC), on its timeframe's boundary
 * for timeframes up to 1h, {@code source} up to 64 characters PostgreSQL can store. The value rules are
 * those of every body ({@link ValueRules}); faults are located by JSON pointer or by line.
 */
final class BarRules {

    private static final int MAX_SOURCE_LENGTH = 64;

    /** The fields of a bar that {@link #validate} reads, in the order of {@link #fieldIndex}. */
    static final String[] FIELDS = {"symbol", "timeframe", "ts", "open", "high", "low", "close", "volume", "vwap",
        "tradeCount", "source", "adjClose"};

    private BarRules() {
    }

    /**
     * Checks one bar's fields, adding a fault for each broken rule.
     *
     * @param pointerBase the bar's JSON pointer ("" or "/3"), used when {@code line} is not positive
     * @param line the bar's line in an NDJSON or CSV body (1-based), or 0 for JSON
     * @return the bar, or {@code null} when a rule is broken
     */
    static Bar validate(Fields fields, String pointerBase, long line, Faults faults) {
        int before = faults.total();
        Reporter report = reporter(pointerBase, line, faults);

        String symbol = null;
        Value rawSymbol = fields.get("symbol");
        if (rawSymbol.text() == null) {
            report.fault("symbol", rawSymbol.missing() ? "is required" : "must be a string");
        } else {
            symbol = ValueRules.symbol(rawSymbol.text(), "symbol", report);
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
        if (rawTs.instant() != null) {
            ts = ValueRules.instant(rawTs.instant(), fields.tsName(), report);
        } else if (rawTs.text() == null) {
            report.fault(fields.tsName(), rawTs.missing() ? "is required"
                    : "must be an RFC 3339 string with an offset, such as 2024-01-02T14:30:00Z");
        } else {
            ts = ValueRules.timestamp(rawTs.text(), fields.acceptsDates(), fields.tsName(), report);
        }
        if (ts != null && timeframe != null && timeframe.alignedToEpoch()
                && (ts.getNano() != 0 || ts.getEpochSecond() % timeframe.seconds() != 0)) {
            report.fault(fields.tsName(), "must fall on a " + timeframe.code() + " boundary (UTC)");
        }

        BigDecimal open = price(fields, "open", true, report);
        BigDecimal high = price(fields, "high", true, report);
        BigDecimal low = price(fields, "low", true, report);
        BigDecimal close = price(fields, "close", true, report);
        BigDecimal vwap = price(fields, "vwap", false, report);
        BigDecimal adjClose = price(fields, "adjClose", false, report);
        Long volume = integer(fields, "volume", true, report);
        Long tradeCount = integer(fields, "tradeCount", false, report);

        String source = null;
        Value rawSource = fields.get("source");
        if (!rawSource.absent()) {
            if (rawSource.text() == null) {
                report.fault("source", "must be a string");
            } else {
                source = ValueRules.text(rawSource.text(), MAX_SOURCE_LENGTH, "source", report);
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
        return new Bar(symbol, timeframe.code(), ts, open, high, low, close, volume, vwap, tradeCount, source,
                adjClose);
    }

    /** Where the faults of the bar at {@code pointerBase} (JSON) or on {@code line} (NDJSON, CSV; when > 0) go. */
    static Reporter reporter(String pointerBase, long line, Faults faults) {
        return ValueRules.reporter(faults, line > 0 ? null : pointerBase, line);
    }

    /** A price: > 0 and below 10^12 once rounded half-up to 8 decimals ({@link ValueRules#positive}). */
    static BigDecimal price(Fields fields, String name, boolean required, Reporter report) {
        BigDecimal number = number(fields, name, required, report, "must be a number");
        return number == null ? null : ValueRules.positive(number, name, report);
    }

    /** A field's number, or {@code null} when absent (a fault if required) or not a number (a fault). */
    private static BigDecimal number(Fields fields, String name, boolean required, Reporter report,
            String notANumber) {
        Value value = fields.get(name);
        if (value.absent()) {
            if (required) {
                report.fault(name, "is required");
            }
            return null;
        }
        if (value.number() == null) {
            report.fault(name, notANumber);
        }
        return value.number();
    }

    /** A volume or a count: an integer >= 0, however written ({@code 100}, {@code 100.0}, {@code 1e2}). */
    static Long integer(Fields fields, String name, boolean required, Reporter report) {
        BigDecimal number = number(fields, name, required, report, "must be an integer");
        if (number == null) {
            return null;
        }
        return ValueRules.integer(number, 0, Long.MAX_VALUE, name, report);
    }

    /**
     * The exact value of a plain decimal of at most 18 digits ({@code -12.5}, {@code 100}), the usual price
     * or volume, read straight from its characters into an unscaled long and a scale; {@code null} for
     * anything else (an exponent, more digits), which the reader parses its own, slower way.
     */
    static BigDecimal plainDecimal(char[] chars, int start, int end) {
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
                    return null;
                }
                unscaled = unscaled * 10 + (c - '0');
                if (scale >= 0) {
                    scale++;
                }
            } else if (c == '.' && scale < 0) {
                scale = 0;
            } else {
                return null;
            }
        }
        if (digits == 0) {
            return null;
        }
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, Math.max(scale, 0));
    }

    /**
     * A field's raw value: absent (missing or null), text, a number, or an instant (a typed timestamp, as an Arrow
     * column holds one). In CSV every value is text and numbers are parsed from it; in JSON a number must be a
     * JSON number.
     */
    record Value(boolean missing, boolean isNull, String text, BigDecimal number, Instant instant) {
        static final Value MISSING = new Value(true, false, null, null);
        static final Value NULL = new Value(false, true, null, null);
        static final Value OTHER = new Value(false, false, null, null);

        /** A value that is not an instant. */
        Value(boolean missing, boolean isNull, String text, BigDecimal number) {
            this(missing, isNull, text, number, null);
        }

        boolean absent() {
            return missing || isNull;
        }
    }

    /** A bar's fields by name, as one reader found them. */
    interface Fields {
        Value get(String name);

        /** The name of the open-time field in faults: {@code ts}, or {@code date} in the Yahoo Finance layout. */
        default String tsName() {
            return "ts";
        }

        /** Whether a plain date stands for midnight UTC (the Yahoo Finance layout). */
        default boolean acceptsDates() {
            return false;
        }
    }

    /** The index of a field of {@link #FIELDS}, or -1 for a field bars do not have. */
    static int fieldIndex(String name) {
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
            case "adjClose" -> 11;
            default -> -1;
        };
    }
}
