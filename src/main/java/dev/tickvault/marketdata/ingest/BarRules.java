package dev.tickvault.marketdata.ingest;

import dev.tickvault.common.Fault;
import dev.tickvault.common.Faults;
import dev.tickvault.common.Symbols;
import dev.tickvault.common.Timestamps;
import dev.tickvault.marketdata.Bar;
import dev.tickvault.marketdata.Timeframe;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * The rules of DESIGN 3 for one bar, the same whichever reader read it: required fields, prices > 0 and below
 * 10^12 (rounded half-up to the 8 decimals of {@code NUMERIC(20,8)} first, as PostgreSQL rounds on insert),
 * {@code high >= max(open, close, low)}, {@code low <= min(open, close)}, volume and trade count integers
 * {@code >= 0}, {@code ts} an RFC 3339 date-time on its timeframe's boundary for timeframes up to 1h,
 * {@code source} up to 64 characters. Faults are located by JSON pointer or by line.
 */
final class BarRules {

    /** Largest absolute price that fits {@code NUMERIC(20,8)}. */
    private static final BigDecimal MAX_PRICE = new BigDecimal("999999999999.99999999");
    private static final int MAX_SOURCE_LENGTH = 64;

    /** The fields of a bar that {@link #validate} reads, in the order of {@link #fieldIndex}. */
    static final String[] FIELDS = {"symbol", "timeframe", "ts", "open", "high", "low", "close", "volume", "vwap",
        "tradeCount", "source"};

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

    /** A price: > 0 and below 10^12 once rounded half-up to 8 decimals. */
    static BigDecimal price(Fields fields, String name, boolean required, Reporter report) {
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

    /** A volume or a count: an integer >= 0. */
    static Long integer(Fields fields, String name, boolean required, Reporter report) {
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

    /** Where a bar's faults go: the reporter knows the bar's pointer or line. */
    @FunctionalInterface
    interface Reporter {
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
            default -> -1;
        };
    }
}
