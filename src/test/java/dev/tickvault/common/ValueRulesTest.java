package dev.tickvault.common;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The value rules every body follows: decimals, integers, timestamps, symbols, strings and documents. */
class ValueRulesTest {

    private final List<String> faults = new ArrayList<>();
    private final ValueRules.Reporter report = (field, inner, message) -> faults.add(field + inner + ": " + message);

    private static BigDecimal d(String text) {
        return new BigDecimal(text);
    }

    @Test
    void decimalsAreRoundedHalfUpToEightDecimalsThenChecked() {
        assertEquals(d("12345678901.12345679"), ValueRules.decimal(d("12345678901.123456785"), "v", report));
        assertEquals(d("-12345678901.12345679"), ValueRules.decimal(d("-12345678901.123456785"), "v", report));
        assertEquals(d("1.12345679"), ValueRules.positive(d("1.123456789"), "v", report));
        assertEquals(d("999999999999.99999999"), ValueRules.decimal(d("999999999999.999999994"), "v", report));
        assertNull(ValueRules.decimal(d("999999999999.999999995"), "v", report));
        assertNull(ValueRules.decimal(d("-1e12"), "v", report));
        assertEquals(List.of("v: must be below 1e12 in absolute value", "v: must be below 1e12 in absolute value"), faults);
    }

    @Test
    void extremeMagnitudesAreJudgedAtOnce() {
        long start = System.nanoTime();
        assertNull(ValueRules.decimal(d("1e999999999"), "a", report));
        assertEquals(0, ValueRules.decimal(d("1e-999999999"), "b", report).signum());
        assertEquals(0, ValueRules.decimal(d("0e-999999999"), "b", report).signum());
        assertNull(ValueRules.positive(d("1e999999999"), "c", report));
        assertNull(ValueRules.positive(d("-1e999999999"), "d", report));
        assertNull(ValueRules.positive(d("1e-999999999"), "e", report));
        assertNull(ValueRules.fraction(d("1e999999999"), "f", report));
        assertEquals(0, ValueRules.fraction(d("1e-999999999"), "g", report).signum());
        assertNull(ValueRules.integer(d("1e999999999"), 0, Long.MAX_VALUE, "h", report));
        assertNull(ValueRules.integer(d("1e-999999999"), 0, Long.MAX_VALUE, "i", report));
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "no number of a billion digits was built");
        assertEquals(List.of("a: must be below 1e12 in absolute value", "c: must be below 1e12",
                "d: must be a positive number", "e: must be a positive number", "f: must be from 0 to 1",
                "h: must be an integer", "i: must be an integer"), faults);
    }

    @Test
    void positiveNumbersMustStayAboveZeroOnceRounded() {
        assertEquals(d("0.00000001"), ValueRules.positive(d("0.000000005"), "p", report));
        assertNull(ValueRules.positive(d("0.000000004"), "p", report));
        assertNull(ValueRules.positive(d("0"), "p", report));
        assertEquals(List.of("p: must be a positive number", "p: must be a positive number"), faults);
    }

    @Test
    void fractionsAreFromZeroToOneOnceRounded() {
        assertEquals(d("1.00000000"), ValueRules.fraction(d("1.000000004"), "c", report));
        assertEquals(d("0.12345679"), ValueRules.fraction(d("0.123456785"), "c", report));
        assertNull(ValueRules.fraction(d("1.000000005"), "c", report));
        assertNull(ValueRules.fraction(d("-0.01"), "c", report));
        assertEquals(2, faults.size());
    }

    @Test
    void integersHaveNoFractionalPartHoweverTheyAreWritten() {
        assertEquals(100L, ValueRules.integer(d("1e2"), 0, Long.MAX_VALUE, "n", report));
        assertEquals(7L, ValueRules.integer(d("7.00"), 0, Long.MAX_VALUE, "n", report));
        assertNull(ValueRules.integer(d("7.5"), 0, Long.MAX_VALUE, "n", report));
        assertNull(ValueRules.integer(d("-1"), 0, Long.MAX_VALUE, "n", report));
        assertNull(ValueRules.integer(d("2147483648"), Integer.MIN_VALUE, Integer.MAX_VALUE, "n", report));
        assertNull(ValueRules.integer(d("9223372036854775808"), 0, Long.MAX_VALUE, "n", report));
        assertEquals(List.of("n: must be an integer", "n: must be zero or more",
                "n: must be from -2147483648 to 2147483647", "n: must be an integer"), faults);
    }

    @Test
    void timestampsAreRfc3339WithSecondsOffsetAndAtMostMicroseconds() {
        assertEquals(Instant.parse("2024-01-02T14:30:00Z"),
                ValueRules.timestamp("2024-01-02T09:30:00-05:00", false, "t", report));
        assertEquals(Instant.parse("2024-01-02T00:00:00Z"), ValueRules.timestamp("2024-01-02", true, "t", report));
        assertNull(ValueRules.timestamp("2024-01-02", false, "t", report));
        assertNull(ValueRules.timestamp("2024-01-02T14:30:00.0000001Z", false, "t", report));
        assertNull(ValueRules.timestamp(null, false, "t", report));
        assertEquals(List.of(
                "t: must be an RFC 3339 date-time with seconds and an offset, such as 2024-01-02T14:30:00Z",
                "t: has more precision than microseconds",
                "t: must be an RFC 3339 date-time with seconds and an offset, such as 2024-01-02T14:30:00Z"), faults);
    }

    @Test
    void timestampsMustFallInTheUtcYearsOneToNineThousandNineHundredNinetyNine() {
        assertEquals(Timestamps.EARLIEST, ValueRules.timestamp("0001-01-01T00:00:00Z", false, "t", report));
        assertEquals(Timestamps.LATEST, ValueRules.timestamp("9999-12-31T23:59:59.999999Z", false, "t", report));
        assertEquals(Timestamps.EARLIEST, ValueRules.timestamp("0001-01-01T01:00:00+01:00", false, "t", report));
        for (String outside : List.of("0000-12-31T23:59:59Z", "0001-01-01T00:30:00+01:00",
                "9999-12-31T23:30:00-01:00", "0000-06-01", "0000-01-01T00:00:00Z")) {
            assertNull(ValueRules.timestamp(outside, true, "t", report), outside);
        }
        assertEquals(5, faults.size());
        assertTrue(faults.get(0).contains("years 1 to 9999"), faults.get(0));
    }

    @Test
    void symbolsFollowTheRuleAndAreUpperCased() {
        assertEquals("ES=F", ValueRules.symbol("es=f", "symbol", report));
        assertNull(ValueRules.symbol("A\u0000", "symbol", report));
        assertNull(ValueRules.symbol(null, "symbol", report));
        assertEquals(2, faults.size());
    }

    @Test
    void stringsPostgresqlCannotStoreAreRefused() {
        assertNull(ValueRules.unstorable("plain, caf\u00e9, \ud83d\ude00"));
        assertTrue(ValueRules.unstorable("a\u0000b").contains("U+0000"));
        assertTrue(ValueRules.unstorable("\ud800").contains("unpaired surrogate"));
        assertTrue(ValueRules.unstorable("x\udc00").contains("\\udc00"));
        assertTrue(ValueRules.unstorable("\ude00\ud83d").contains("unpaired surrogate"));
        assertNull(ValueRules.text("\u0000", 64, "source", report));
        assertNull(ValueRules.text("s".repeat(65), 64, "source", report));
        assertEquals("s".repeat(64), ValueRules.text("s".repeat(64), 64, "source", report));
        assertEquals(List.of("source: must not contain U+0000: PostgreSQL cannot store it",
                "source: must be at most 64 characters"), faults);
    }

    /** A tree with numbers as written, as request bodies are read. */
    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .with(JsonNodeFactory.withExactBigDecimals(true)).readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void documentsNestAtMostOneHundredLevels() {
        assertNull(ValueRules.document(json("{\"a\":".repeat(99) + "[1]" + "}".repeat(99))));
        ValueRules.DocumentFault fault = ValueRules.document(json("{\"a\":".repeat(100) + "[1]" + "}".repeat(100)));
        assertEquals("/a".repeat(100), fault.pointer());
        assertEquals("nests deeper than 100 levels", fault.message());
    }

    @Test
    void documentFaultsAreLocatedByPointerWithEscapedNames() {
        assertEquals("/a~1b~0c/1", ValueRules.document(json("{\"a/b~c\":[1,\"\\u0000\"]}")).pointer());
        ValueRules.DocumentFault key = ValueRules.document(json("{\"ok\":{\"k\\u0000\":1}}"));
        assertEquals("/ok/k\u0000", key.pointer());
        assertTrue(key.message().startsWith("field name must not contain U+0000"), key.message());
        assertEquals("/s", ValueRules.document(json("{\"s\":\"\\ud800\"}")).pointer());
        assertEquals("", ValueRules.document(json("\"\\u0000\"")).pointer());
    }

    @Test
    void documentNumbersMustBeReadableOnceWrittenOutInFull() {
        assertNull(ValueRules.document(json("{\"a\":1e300,\"b\":-2.5e-300,\"c\":0.0123,\"d\":"
                + "9".repeat(1_000) + ",\"e\":1e2,\"f\":4.9e-324,\"g\":0e-5}")));
        for (String number : List.of("1e1000", "1e999999999", "-1e-999999999", "0e-999999999")) {
            ValueRules.DocumentFault fault = ValueRules.document(json("{\"n\":[" + number + "]}"));
            assertEquals("/n/0", fault == null ? null : fault.pointer(), number);
            assertTrue(fault.message().contains("1000 characters"), fault.message());
        }
    }

    @Test
    void documentNumbersWithAFractionOrExponentMustFitADouble() {
        for (String number : List.of("1e309", "-1.8e308", "1e-330", "1e-324")) {
            ValueRules.DocumentFault fault = ValueRules.document(json("{\"n\":" + number + "}"));
            assertEquals("/n", fault == null ? null : fault.pointer(), number);
            assertTrue(fault.message().contains("range of a double"), fault.message());
        }
        // Integers are kept as integers, however long.
        assertNull(ValueRules.document(json("{\"n\":1" + "0".repeat(400) + "}")));
    }

    @Test
    void faultsGoToTheirPointerOrToTheirLine() {
        Faults json = new Faults();
        ValueRules.reporter(json, "/3", 0).fault("features", "/a/0", "must not contain U+0000");
        ValueRules.reporter(json, "", 0).fault("price", "must be a number");
        assertEquals("/3/features/a/0", json.list().get(0).pointer());
        assertEquals("features", json.list().get(0).field());
        assertEquals("/price", json.list().get(1).pointer());
        Faults lines = new Faults();
        ValueRules.reporter(lines, null, 4).fault("features", "/a/0", "must not contain U+0000");
        Fault onLine = lines.list().get(0);
        assertEquals(4L, onLine.line());
        assertNull(onLine.pointer());
        assertEquals("must not contain U+0000 (at /features/a/0)", onLine.message());
    }
}
