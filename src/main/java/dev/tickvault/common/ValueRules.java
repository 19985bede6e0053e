package dev.tickvault.common;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;

/**
 * The value rules of DESIGN 2, in one place for every body tickvault reads: bars (JSON, NDJSON, CSV) and
 * the JSON records of the journal and the agents ({@link FieldReader}). Each rule takes a value already
 * read, reports what is wrong with it through a {@link Reporter} (which knows where the value was: a JSON
 * pointer, or a line of NDJSON or CSV) and returns the value to store, or {@code null} when a rule is
 * broken.
 *
 * <ul>
 *   <li>Decimals fit {@code NUMERIC(20,8)}: rounded half-up to 8 decimals, as PostgreSQL rounds on insert,
 *   then checked: the absolute value is below 10^12. Magnitudes are judged before rounding, so that
 *   {@code 1e999999999} or {@code 1e-999999999} never builds a number of a billion digits.</li>
 *   <li>Integers are numbers without a fractional part ({@code 7}, {@code 7.0}, {@code 7e0}).</li>
 *   <li>Timestamps are RFC 3339 date-times with seconds and an offset, at most microsecond precision (that
 *   of {@code timestamptz}), in the UTC years 1 to 9999 ({@link Timestamps#inRange}).</li>
 *   <li>Strings hold no U+0000 (PostgreSQL {@code text} and {@code jsonb} cannot) and no unpaired UTF-16
 *   surrogate (not a character: it would be stored as {@code ?}).</li>
 *   <li>JSON documents kept as {@code jsonb} (decision features, agent state, command payloads,
 *   circuit-breaker details, cache values) nest at most {@value #MAX_DOCUMENT_DEPTH} levels, their strings
 *   and field names follow the string rule, and their numbers fit {@value #MAX_DOCUMENT_NUMBER_LENGTH}
 *   characters written out in full, as PostgreSQL returns them: a longer one could not be read back. A
 *   number with a fraction or an exponent must also lie in the range of a double: the reactive driver's
 *   JSON codec, through which Hibernate Reactive writes and reads the entities' documents, holds such a
 *   number as a double, so {@code 1e400} would come back as {@code Infinity} and {@code 1e-400} as 0.</li>
 * </ul>
 */
public final class ValueRules {

    /** Decimals kept: those of {@code NUMERIC(20,8)}. */
    public static final int SCALE = 8;
    /** Largest absolute value that fits {@code NUMERIC(20,8)}. */
    public static final BigDecimal MAX_DECIMAL = new BigDecimal("999999999999.99999999");
    /**
     * Deepest nesting of a stored JSON document (the document's own object or array is level 1). Well below
     * the 1,000 levels the JSON parser and writer accept, so that a document also fits inside the responses
     * that carry it ({@code {"data":[{"features":...}]}}).
     */
    public static final int MAX_DOCUMENT_DEPTH = 100;
    /**
     * Longest number in a stored JSON document, written out in full with its sign and decimal point.
     * PostgreSQL's {@code jsonb} returns numbers without an exponent ({@code 1e2} reads {@code 100}), and
     * the JSON parser reads numbers of at most 1,000 characters.
     */
    public static final int MAX_DOCUMENT_NUMBER_LENGTH = 1_000;

    private static final String BELOW_1E12 = "must be below 1e12";
    private static final String TOO_LONG = "must fit in " + MAX_DOCUMENT_NUMBER_LENGTH
            + " characters written out without an exponent";
    private static final String OUT_OF_DOUBLE_RANGE = "must be 0 or from 4.9e-324 to 1.7976931348623157e308 in"
            + " magnitude, the range of a double";
    private static final String POSITIVE = "must be a positive number";

    private ValueRules() {
    }

    /**
     * Where the faults of one object of a body go. {@code inner} locates the fault inside the field's value
     * (an RFC 6901 pointer relative to it, "" for the value itself), for the documents kept whole.
     */
    @FunctionalInterface
    public interface Reporter {

        /** Records that the value at {@code inner} inside {@code field} breaks a rule. */
        void fault(String field, String inner, String message);

        /** Records that {@code field} breaks a rule. */
        default void fault(String field, String message) {
            fault(field, "", message);
        }
    }

    /**
     * A reporter for the object at {@code pointer} of a JSON body ("" for the root, "/3" for an array's
     * fourth element): a fault on {@code field} is at {@code pointer + "/" + field}; or, when {@code pointer}
     * is {@code null}, for the object on {@code line} of an NDJSON or CSV body (1-based), where a fault
     * inside a field's value names its pointer in the message.
     */
    public static Reporter reporter(Faults faults, String pointer, long line) {
        if (pointer == null) {
            return (field, inner, message) -> faults.add(Fault.onLine(line, field,
                    inner.isEmpty() ? message : message + " (at /" + field + inner + ")"));
        }
        return (field, inner, message) -> faults.add(Fault.at(pointer + "/" + field + inner, field, message));
    }

    // ---- decimals ----

    /** Any decimal that fits {@code NUMERIC(20,8)}, rounded to 8 decimals; {@code null} with a fault otherwise. */
    public static BigDecimal decimal(BigDecimal number, String field, Reporter report) {
        // More than 13 digits before the point is over the bound however it rounds; rounding such a number
        // (1e999999999) would first write out all its digits.
        if (integerDigits(number) > 13) {
            report.fault(field, BELOW_1E12 + " in absolute value");
            return null;
        }
        BigDecimal rounded = round(number);
        if (rounded.abs().compareTo(MAX_DECIMAL) > 0) {
            report.fault(field, BELOW_1E12 + " in absolute value");
            return null;
        }
        return rounded;
    }

    /** A price or quantity: above 0 and below 10^12 once rounded to 8 decimals. */
    public static BigDecimal positive(BigDecimal number, String field, Reporter report) {
        if (integerDigits(number) > 13) {
            report.fault(field, number.signum() > 0 ? BELOW_1E12 : POSITIVE);
            return null;
        }
        BigDecimal rounded = round(number);
        if (rounded.signum() <= 0) {
            report.fault(field, POSITIVE);
            return null;
        }
        if (rounded.compareTo(MAX_DECIMAL) > 0) {
            report.fault(field, BELOW_1E12);
            return null;
        }
        return rounded;
    }

    /** A share such as a confidence: from 0 to 1 inclusive once rounded to 8 decimals. */
    public static BigDecimal fraction(BigDecimal number, String field, Reporter report) {
        BigDecimal rounded = integerDigits(number) > 13 ? null : round(number);
        if (rounded == null || rounded.signum() < 0 || rounded.compareTo(BigDecimal.ONE) > 0) {
            report.fault(field, "must be from 0 to 1");
            return null;
        }
        return rounded;
    }

    /**
     * An integer from {@code min} to {@code max}: a number with no fractional part, however it is written
     * ({@code 100}, {@code 100.0}, {@code 1e2}).
     */
    public static Long integer(BigDecimal number, long min, long max, String field, Reporter report) {
        long value;
        try {
            // longValueExact judges the magnitude before it scales, so 1e999999999 fails at once.
            value = number.longValueExact();
        } catch (ArithmeticException e) {
            report.fault(field, "must be an integer");
            return null;
        }
        if (value < min || value > max) {
            report.fault(field, max == Long.MAX_VALUE && min == 0 ? "must be zero or more"
                    : "must be from " + min + " to " + max);
            return null;
        }
        return value;
    }

    /**
     * Digits before the decimal point (negative when the number starts further right: 0.001 has -2), known
     * without building the number.
     */
    private static long integerDigits(BigDecimal number) {
        return number.signum() == 0 ? 0 : (long) number.precision() - number.scale();
    }

    /**
     * Half-up to 8 decimals, as PostgreSQL rounds on insert. Zero, and anything below 1e-10 (which rounds to
     * zero), is answered here: {@code setScale} would first build the divisor 10^(scale - 8), a number of a
     * billion digits for {@code 1e-999999999} (or {@code 0e-999999999}).
     */
    private static BigDecimal round(BigDecimal number) {
        if (number.signum() == 0 || integerDigits(number) < -SCALE - 1) {
            return BigDecimal.ZERO.setScale(SCALE);
        }
        return number.setScale(SCALE, RoundingMode.HALF_UP);
    }

    // ---- timestamps, symbols, strings ----

    /**
     * A timestamp from a body: an RFC 3339 date-time with seconds and an offset (DESIGN 2), or with
     * {@code datesToo} also a plain date (midnight UTC, the Yahoo Finance layout), at most microsecond
     * precision, in the UTC years 1 to 9999.
     */
    public static Instant timestamp(String text, boolean datesToo, String field, Reporter report) {
        Instant instant = Timestamps.parseStrict(text);
        if (instant == null && datesToo) {
            instant = Timestamps.parseDate(text);
        }
        if (instant == null) {
            report.fault(field, "must be an RFC 3339 date-time with seconds and an offset, "
                    + "such as 2024-01-02T14:30:00Z");
            return null;
        }
        return instant(instant, field, report);
    }

    /**
     * An instant a body carried as one (an Arrow timestamp column with a time zone): at most microsecond precision,
     * in the UTC years 1 to 9999, as {@link #timestamp} requires of text.
     */
    public static Instant instant(Instant instant, String field, Reporter report) {
        if (instant.getNano() % 1_000 != 0) {
            report.fault(field, "has more precision than microseconds");
            return null;
        }
        if (!Timestamps.inRange(instant)) {
            report.fault(field, "must be from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z "
                    + "(years 1 to 9999 in UTC)");
            return null;
        }
        return instant;
    }

    /** A symbol (DESIGN 2), upper-cased. */
    public static String symbol(String text, String field, Reporter report) {
        if (!Symbols.isValid(text)) {
            report.fault(field, "must match ^[A-Za-z0-9^][A-Za-z0-9._:^=-]{0,31}$");
            return null;
        }
        return Symbols.normalize(text);
    }

    /** A string of at most {@code maxLength} UTF-16 units that PostgreSQL can store ({@link #unstorable}). */
    public static String text(String text, int maxLength, String field, Reporter report) {
        if (text.length() > maxLength) {
            report.fault(field, "must be at most " + maxLength + " characters");
            return null;
        }
        String why = unstorable(text);
        if (why != null) {
            report.fault(field, why);
            return null;
        }
        return text;
    }

    /**
     * Why PostgreSQL cannot store {@code text} as sent, or {@code null} when it can: U+0000, which
     * {@code text} and {@code jsonb} cannot hold, or a UTF-16 surrogate without its pair, which is no
     * character and cannot be written as UTF-8.
     */
    public static String unstorable(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain U+0000: PostgreSQL cannot store it";
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return "must not contain an unpaired surrogate (\\u" + Integer.toHexString(c)
                            + "): it is not a Unicode character";
                }
            }
        }
        return null;
    }

    // ---- JSON documents ----

    /** Why a document cannot be kept, and where: {@code pointer} (RFC 6901) inside the document, "" for its root. */
    public record DocumentFault(String pointer, String message) {
    }

    /**
     * Checks a JSON document that is stored whole and read back later (see the class comment).
     *
     * @return the first fault found, depth first, or {@code null} when the document can be kept
     */
    public static DocumentFault document(JsonNode document) {
        return check(document, "", 1);
    }

    private static DocumentFault check(JsonNode node, String pointer, int depth) {
        if (node.isContainerNode() && depth > MAX_DOCUMENT_DEPTH) {
            return new DocumentFault(pointer, "nests deeper than " + MAX_DOCUMENT_DEPTH + " levels");
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                String at = pointer + "/" + escape(member.getKey());
                String why = unstorable(member.getKey());
                if (why != null) {
                    return new DocumentFault(at, "field name " + why);
                }
                DocumentFault fault = check(member.getValue(), at, depth + 1);
                if (fault != null) {
                    return fault;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                DocumentFault fault = check(node.get(i), pointer + "/" + i, depth + 1);
                if (fault != null) {
                    return fault;
                }
            }
        } else if (node.isTextual()) {
            String why = unstorable(node.textValue());
            if (why != null) {
                return new DocumentFault(pointer, why);
            }
        } else if (node.isNumber()) {
            String why = unreadable(node);
            if (why != null) {
                return new DocumentFault(pointer, why);
            }
        }
        return null;
    }

    /** Why a number of a document could not be read back, or {@code null} when it can. */
    private static String unreadable(JsonNode number) {
        if (number.isIntegralNumber()) {
            // Integers travel as integers of any size: only their length matters.
            boolean fits = number.canConvertToLong()
                    || fullLength(number.decimalValue()) <= MAX_DOCUMENT_NUMBER_LENGTH;
            return fits ? null : TOO_LONG;
        }
        if (number.isDouble() || number.isFloat()) {
            return Double.isFinite(number.doubleValue()) ? null : OUT_OF_DOUBLE_RANGE;
        }
        BigDecimal value = number.decimalValue();
        if (fullLength(value) > MAX_DOCUMENT_NUMBER_LENGTH) {
            return TOO_LONG;
        }
        // Judged on the magnitude first: doubleValue() of 1e999999999 is quick, but this is quicker.
        long integerDigits = integerDigits(value);
        if (value.signum() != 0 && (integerDigits > 310 || integerDigits < -325)) {
            return OUT_OF_DOUBLE_RANGE;
        }
        double asDouble = value.doubleValue();
        return Double.isInfinite(asDouble) || asDouble == 0 && value.signum() != 0 ? OUT_OF_DOUBLE_RANGE : null;
    }

    /** The length of a number written out without an exponent, with its sign and decimal point. */
    private static long fullLength(BigDecimal value) {
        long scale = value.scale();
        long integerDigits = Math.max((long) value.precision() - scale, 1);
        return (value.signum() < 0 ? 1 : 0) + integerDigits + (scale > 0 ? 1 + scale : 0);
    }

    /** A field name as a pointer segment (RFC 6901 3): {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
    private static String escape(String name) {
        return name.indexOf('~') < 0 && name.indexOf('/') < 0 ? name : name.replace("~", "~0").replace("/", "~1");
    }
}
