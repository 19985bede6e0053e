package dev.tickvault.common;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Reads and checks the fields of one JSON object of a request body against the rules of DESIGN 2, adding a
 * {@link Fault} for each broken rule (at a JSON pointer, or a line for NDJSON) instead of stopping at the
 * first. Every getter returns {@code null} when the field is absent or breaks a rule; check
 * {@link Faults#any()} before using the values.
 *
 * <p>The rules themselves are {@link ValueRules}, the ones bars follow too: decimals rounded half-up to the
 * 8 decimals of {@code NUMERIC(20,8)} and then checked, timestamps in RFC 3339 in the years 1 to 9999,
 * strings PostgreSQL can store, documents that can be read back. The tree must keep numbers exactly
 * ({@link JsonBody} reads it so). Unknown fields are ignored.
 */
public final class FieldReader {

    /** Largest absolute value that fits {@code NUMERIC(20,8)}. */
    public static final BigDecimal MAX_DECIMAL = ValueRules.MAX_DECIMAL;

    private final JsonNode node;
    private final ValueRules.Reporter report;
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
        this.report = ValueRules.reporter(faults, pointer, line);
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
        report.fault(field, message);
    }

    /** Whether the field is absent or JSON null. */
    public boolean absent(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull();
    }

    /** A string of 1 to {@code maxLength} characters, not blank, that PostgreSQL can store. */
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
        return ValueRules.text(text, maxLength, field, report);
    }

    /** A symbol (DESIGN 2), upper-cased. */
    public String symbol(String field) {
        JsonNode value = value(field, true);
        if (value == null) {
            return null;
        }
        return ValueRules.symbol(value.isTextual() ? value.textValue() : null, field, report);
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
        BigDecimal number = number(field, required, "must be a number");
        return number == null ? null : ValueRules.positive(number, field, report);
    }

    /** Any number that fits {@code NUMERIC(20,8)}. */
    public BigDecimal decimal(String field, boolean required) {
        BigDecimal number = number(field, required, "must be a number");
        return number == null ? null : ValueRules.decimal(number, field, report);
    }

    /** A number from 0 to 1 inclusive, such as a confidence. */
    public BigDecimal fraction(String field, boolean required) {
        BigDecimal number = number(field, required, "must be a number from 0 to 1");
        return number == null ? null : ValueRules.fraction(number, field, report);
    }

    /** An integer from {@code min} to {@code max}. */
    public Long integer(String field, boolean required, long min, long max) {
        BigDecimal number = number(field, required, "must be an integer");
        return number == null ? null : ValueRules.integer(number, min, max, field, report);
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
     * PostgreSQL's timestamptz), in the UTC years 1 to 9999.
     */
    public Instant timestamp(String field, boolean required) {
        JsonNode value = value(field, required);
        if (value == null) {
            return null;
        }
        return ValueRules.timestamp(value.isTextual() ? value.textValue() : null, false, field, report);
    }

    /**
     * A JSON object stored whole (features, a payload, details): at most {@value ValueRules#MAX_DOCUMENT_DEPTH}
     * levels deep, with strings, field names and numbers PostgreSQL can keep and return
     * ({@link ValueRules#document}); a fault inside it is located at its own pointer.
     */
    public JsonNode object(String field, boolean required) {
        JsonNode value = value(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            fault(field, "must be a JSON object");
            return null;
        }
        ValueRules.DocumentFault fault = ValueRules.document(value);
        if (fault != null) {
            report.fault(field, fault.pointer(), fault.message());
            return null;
        }
        return value;
    }

    /**
     * An array of at most {@code max} symbols (DESIGN 2), upper-cased, each fault located at its index
     * ({@code /symbols/2}); duplicates are kept once, in first order.
     */
    public List<String> symbols(String field, boolean required, int max) {
        JsonNode value = value(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            fault(field, "must be an array of symbols");
            return null;
        }
        if (value.size() > max) {
            fault(field, "must hold at most " + max + " symbols");
            return null;
        }
        LinkedHashSet<String> symbols = new LinkedHashSet<>();
        boolean valid = true;
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            String inner = "/" + i;
            String symbol = ValueRules.symbol(element.isTextual() ? element.textValue() : null, field,
                    (f, ignored, message) -> report.fault(f, inner, message));
            if (symbol == null) {
                valid = false;
            } else {
                symbols.add(symbol);
            }
        }
        return valid ? List.copyOf(symbols) : null;
    }

    /**
     * An array of at most {@code max} objects, each read by {@code reader} with its faults located inside it
     * ({@code /points/2/ts}); {@code null} when the field or any element breaks a rule.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 413 with more than {@code max} elements, as for batches
     */
    public <T> List<T> objects(String field, boolean required, int max, JsonBody.RecordReader<T> reader) {
        JsonNode value = value(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            fault(field, "must be an array of objects");
            return null;
        }
        if (value.size() > max) {
            throw Problems.tooLarge("'" + field + "' holds " + value.size() + " elements; at most " + max
                    + " are accepted");
        }
        int before = faults.total();
        List<T> out = new java.util.ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (!element.isObject()) {
                report.fault(field, "/" + i, "must be a JSON object");
                continue;
            }
            String inner = pointer == null ? null : pointer + "/" + field + "/" + i;
            out.add(reader.read(new FieldReader(element, inner, line, faults), faults));
        }
        return faults.total() == before ? out : null;
    }

    /** The exact value of a number field; {@code null}, with {@code notANumber} as the fault, when it is none. */
    private BigDecimal number(String field, boolean required, String notANumber) {
        JsonNode value = value(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || value.isDouble() && !Double.isFinite(value.doubleValue())) {
            fault(field, notANumber);
            return null;
        }
        return value.decimalValue();
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
