package dev.tickvault.common;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Arrays;

/**
 * Reads and checks the fields of one JSON object of a request body against the rules of DESIGN 2, adding a
 * {@link Fault} for each broken rule (at a JSON pointer, or a line for NDJSON) instead of stopping at the
 * first. Every getter returns {@code null} when the field is absent or breaks a rule; check
 * {@link Faults#any()} before using the values.
 *
 * <p>Decimals are rounded half-up to the 8 decimals of {@code NUMERIC(20,8)} before they are checked, as
 * PostgreSQL rounds them on insert. Unknown fields are ignored.
 */
public final class FieldReader {

    /** Largest absolute value that fits {@code NUMERIC(20,8)}. */
    public static final BigDecimal MAX_DECIMAL = new BigDecimal("999999999999.99999999");
    private static final int SCALE = 8;

    private final JsonNode node;
    private final String pointer;
    private final long line;
    private final Faults faults;

    /**
     * A reader of {@code node}.
     *
     * @param pointer the node's JSON pointer ("" for the root), or {@code null} for an NDJSON line
     * @param line the node's NDJSON line (1-based), used when {@code pointer} is {@code null}
     */
    public FieldReader(JsonNode node, String pointer, long line, Faults faults) {
        this.node = node;
        this.pointer = pointer;
        this.line = line;
        this.faults = faults;
    }

    /** A reader of the root object of a single-object body. */
    public static FieldReader root(JsonNode node, Faults faults) {
        return new FieldReader(node, "", 0, faults);
    }

    /** Records a fault on {@code field} at this object's location. */
    public void fault(String field, String message) {
        faults.add(pointer == null ? Fault.onLine(line, field, message) : Fault.at(pointer + "/" + field, field, message));
    }

    /** Whether the field is absent or JSON null. */
    public boolean absent(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull();
    }

    /** A string of 1 to {@code maxLength} characters. */
    public String text(String field, boolean required, int maxLength) {
        JsonNode value = value(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            fault(field, "must be a string");
            return null;
        }
        String text = value.textValue();
        if (text.isBlank()) {
            fault(field, "must not be blank");
            return null;
        }
        if (text.length() > maxLength) {
            fault(field, "must be at most " + maxLength + " characters");
            return null;
        }
        return text;
    }

    /** A symbol (DESIGN 2), upper-cased. */
    public String symbol(String field) {
        JsonNode value = value(field, true);
        if (value == null) {
            return null;
        }
        if (!value.isTextual() || !Symbols.isValid(value.textValue())) {
            fault(field, "must match ^[A-Za-z0-9^][A-Za-z0-9._:^=-]{0,31}$");
            return null;
        }
        return Symbols.normalize(value.textValue());
    }

    /** An identifier such as an agent id: {@code ^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$}. */
    public String identifier(String field, boolean required) {
        JsonNode value = value(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isTextual() || !Identifiers.isValid(value.textValue())) {
            fault(field, "must match " + Identifiers.RULE);
            return null;
        }
        return value.textValue();
    }

    /** One of the constants of {@code type}, spelled exactly (upper case). */
    public <E extends Enum<E>> E oneOf(String field, Class<E> type, boolean required) {
        JsonNode value = value(field, required);
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(value.textValue())) {
                    return constant;
                }
            }
        }
        fault(field, "must be one of " + Arrays.toString(type.getEnumConstants()).replace(" ", ""));
        return null;
    }

    /** A number > 0 that fits {@code NUMERIC(20,8)}: a price or a quantity. */
    public BigDecimal positive(String field, boolean required) {
        BigDecimal number = decimal(field, required);
        if (number != null && number.signum() <= 0) {
            fault(field, "must be a positive number");
            return null;
        }
        return number;
    }

    /** Any number that fits {@code NUMERIC(20,8)}. */
    public BigDecimal decimal(String field, boolean required) {
        JsonNode value = value(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            fault(field, "must be a number");
            return null;
        }
        BigDecimal number = value.decimalValue().setScale(SCALE, RoundingMode.HALF_UP);
        if (number.abs().compareTo(MAX_DECIMAL) > 0) {
            fault(field, "must be below 1e12 in absolute value");
            return null;
        }
        return number;
    }

    /** A number from 0 to 1 inclusive, such as a confidence. */
    public BigDecimal fraction(String field, boolean required) {
        JsonNode value = value(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            fault(field, "must be a number from 0 to 1");
            return null;
        }
        BigDecimal number = value.decimalValue();
        if (number.signum() < 0 || number.compareTo(BigDecimal.ONE) > 0) {
            fault(field, "must be from 0 to 1");
            return null;
        }
        return number.setScale(SCALE, RoundingMode.HALF_UP);
    }

    /** An integer from {@code min} to {@code max}. */
    public Long integer(String field, boolean required, long min, long max) {
        JsonNode value = value(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            fault(field, "must be an integer");
            return null;
        }
        long number = value.longValue();
        if (number < min || number > max) {
            fault(field, "must be from " + min + " to " + max);
            return null;
        }
        return number;
    }

    /** {@code true} or {@code false}. */
    public Boolean bool(String field, boolean required) {
        JsonNode value = value(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            fault(field, "must be true or false");
            return null;
        }
        return value.booleanValue();
    }

    /**
     * An RFC 3339 date-time with seconds and an offset (DESIGN 2), at most microsecond precision (that of
     * PostgreSQL's timestamptz).
     */
    public Instant timestamp(String field, boolean required) {
        JsonNode value = value(field, required);
        if (value == null) {
            return null;
        }
        Instant instant = value.isTextual() ? Timestamps.parseStrict(value.textValue()) : null;
        if (instant == null) {
            fault(field, "must be an RFC 3339 date-time with seconds and an offset, such as 2024-01-02T14:30:00Z");
            return null;
        }
        if (instant.getNano() % 1_000 != 0) {
            fault(field, "has more precision than microseconds");
            return null;
        }
        return instant;
    }

    /** A JSON object. */
    public JsonNode object(String field, boolean required) {
        JsonNode value = value(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            fault(field, "must be a JSON object");
            return null;
        }
        return value;
    }

    /** The raw value, or {@code null} (with a fault when required) when absent or JSON null. */
    private JsonNode value(String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                fault(field, "is required");
            }
            return null;
        }
        return value;
    }
}
