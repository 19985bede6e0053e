package dev.tickvault.marketdata.ingest;

import dev.tickvault.common.Fault;
import dev.tickvault.common.Faults;
import dev.tickvault.marketdata.Bar;
import dev.tickvault.marketdata.ingest.BarRules.Fields;
import dev.tickvault.marketdata.ingest.BarRules.Value;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules for one bar, as every reader applies them. */
class BarRulesTest {

    /** A bar's fields as a JSON reader would give them: text for strings, exact numbers for numbers. */
    private static Fields fields(Map<String, Object> values) {
        return name -> {
            if (!values.containsKey(name)) {
                return Value.MISSING;
            }
            Object v = values.get(name);
            if (v == null) {
                return Value.NULL;
            }
            return v instanceof String text ? new Value(false, false, text, null)
                    : new Value(false, false, null, new BigDecimal(v.toString()));
        };
    }

    private static Map<String, Object> goodBar() {
        Map<String, Object> bar = new HashMap<>();
        bar.put("symbol", "es=f");
        bar.put("timeframe", "1d");
        bar.put("ts", "2024-01-02T00:00:00Z");
        bar.put("open", "10");
        bar.put("high", "11");
        bar.put("low", "9");
        bar.put("close", "10.5");
        bar.put("volume", "100");
        for (String price : List.of("open", "high", "low", "close")) {
            bar.put(price, new BigDecimal((String) bar.get(price)));
        }
        bar.put("volume", new BigDecimal("100"));
        return bar;
    }

    private static List<Fault> faultsOf(Map<String, Object> values) {
        Faults faults = new Faults();
        assertNull(BarRules.validate(fields(values), "/0", 0, faults));
        return faults.list();
    }

    @Test
    void aGoodBarIsReadWithItsSymbolUpperCasedAndPricesRoundedToEightDecimals() {
        Map<String, Object> values = goodBar();
        values.put("close", new BigDecimal("10.123456785"));
        values.put("vwap", new BigDecimal("10.2"));
        values.put("tradeCount", new BigDecimal("7.0"));
        values.put("source", "feed");
        Faults faults = new Faults();
        Bar bar = BarRules.validate(fields(values), "", 0, faults);
        assertNotNull(bar, faults.list().toString());
        assertEquals("ES=F", bar.symbol());
        assertEquals(Instant.parse("2024-01-02T00:00:00Z"), bar.ts());
        assertEquals(new BigDecimal("10.12345679"), bar.close());
        assertEquals(new BigDecimal("10.20000000"), bar.vwap());
        assertEquals(7L, bar.tradeCount());
        assertEquals(100L, bar.volume());
        assertEquals("feed", bar.source());
    }

    @Test
    void everyBrokenRuleIsReportedAtItsPointer() {
        Map<String, Object> values = goodBar();
        values.put("symbol", "-X");
        values.put("timeframe", "2d");
        values.put("ts", "2024-01-02T00:00:00");
        values.put("open", new BigDecimal("0"));
        values.remove("volume");
        values.put("source", "s".repeat(65));
        List<Fault> faults = faultsOf(values);
        assertEquals(List.of("/0/symbol", "/0/timeframe", "/0/ts", "/0/open", "/0/volume", "/0/source"),
                faults.stream().map(Fault::pointer).toList());
        assertEquals("is required", faults.get(4).message());
    }

    @Test
    void highAndLowMustBoundOpenAndClose() {
        Map<String, Object> values = goodBar();
        values.put("high", new BigDecimal("9.5"));
        values.put("low", new BigDecimal("10.6"));
        List<Fault> faults = faultsOf(values);
        assertEquals(List.of("high", "low"), faults.stream().map(Fault::field).toList());
        assertEquals("must be >= open, close and low", faults.get(0).message());
    }

    @Test
    void faultsOfAnNdjsonOrCsvRowAreReportedByLine() {
        Map<String, Object> values = goodBar();
        values.put("low", new BigDecimal("-1"));
        Faults faults = new Faults();
        assertNull(BarRules.validate(fields(values), null, 7, faults));
        Fault fault = faults.list().get(0);
        assertEquals(7L, fault.line());
        assertNull(fault.pointer());
        assertEquals("low", fault.field());
        assertEquals("must be a positive number", fault.message());
    }

    @Test
    void astronomicalExponentsAreJudgedWithoutBuildingTheNumber() {
        Map<String, Object> values = goodBar();
        values.put("high", new BigDecimal("1e999999999"));
        values.put("low", new BigDecimal("1e-999999999"));
        values.put("vwap", new BigDecimal("-1e999999999"));
        long start = System.nanoTime();
        List<Fault> faults = faultsOf(values);
        assertTrue(System.nanoTime() - start < 1_000_000_000L);
        assertEquals(List.of("must be below 1e12", "must be a positive number", "must be a positive number"),
                faults.stream().map(Fault::message).toList());
    }

    @Test
    void aPriceJustBelowTheColumnLimitIsKeptAndOneRoundingOverItIsNot() {
        Map<String, Object> values = goodBar();
        values.put("high", new BigDecimal("999999999999.99999999"));
        Faults faults = new Faults();
        assertNotNull(BarRules.validate(fields(values), "", 0, faults), faults.list().toString());
        values.put("high", new BigDecimal("999999999999.999999995"));
        assertEquals("must be below 1e12", faultsOf(values).get(0).message());
    }

    @Test
    void volumesAreIntegersOfZeroOrMoreHoweverWritten() {
        Map<String, Object> values = goodBar();
        values.put("volume", new BigDecimal("1e2"));
        Faults faults = new Faults();
        assertEquals(100L, BarRules.validate(fields(values), "", 0, faults).volume());
        values.put("volume", new BigDecimal("1.5"));
        assertEquals("must be an integer", faultsOf(values).get(0).message());
        values.put("volume", new BigDecimal("-1"));
        assertEquals("must be zero or more", faultsOf(values).get(0).message());
        values.put("volume", "100");
        assertEquals("must be an integer", faultsOf(values).get(0).message());
    }

    @Test
    void intradayBarsMustOpenOnTheirTimeframeBoundary() {
        Map<String, Object> values = goodBar();
        values.put("timeframe", "5m");
        values.put("ts", "2024-01-02T14:36:00Z");
        assertEquals("must fall on a 5m boundary (UTC)", faultsOf(values).get(0).message());
        values.put("ts", "2024-01-02T09:35:00-05:00");
        Faults faults = new Faults();
        assertNotNull(BarRules.validate(fields(values), "", 0, faults), faults.list().toString());
    }

    @Test
    void timestampsOutsideTheUtcYearsOneToNineThousandNineHundredNinetyNineAreFaults() {
        Map<String, Object> values = goodBar();
        for (String ts : List.of("0000-06-01T00:00:00Z", "0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00")) {
            values.put("ts", ts);
            Fault fault = faultsOf(values).get(0);
            assertEquals("/0/ts", fault.pointer());
            assertTrue(fault.message().contains("years 1 to 9999"), fault.message());
        }
        values.put("ts", "9999-12-31T00:00:00Z");
        Faults faults = new Faults();
        assertNotNull(BarRules.validate(fields(values), "", 0, faults), faults.list().toString());
    }

    @Test
    void aSourcePostgresqlCannotStoreIsAFault() {
        Map<String, Object> values = goodBar();
        values.put("source", "feed\u0000");
        assertEquals("must not contain U+0000: PostgreSQL cannot store it", faultsOf(values).get(0).message());
        values.put("source", "\ud800feed");
        assertTrue(faultsOf(values).get(0).message().contains("unpaired surrogate"));
        values.put("source", "");
        Faults faults = new Faults();
        assertEquals("", BarRules.validate(fields(values), "", 0, faults).source());
    }

    @Test
    void plainDecimalsAreReadFromTheirCharactersAndEverythingElseIsLeftToTheParser() {
        assertEquals(new BigDecimal("-12.50"), plain("-12.50"));
        assertEquals(new BigDecimal("100"), plain("100"));
        assertEquals(new BigDecimal("999999999999999999"), plain("999999999999999999"));
        assertNull(plain("1000000000000000000"));
        assertNull(plain("1e2"));
        assertNull(plain("-"));
        assertNull(plain("1.2.3"));
        char[] padded = "xx3.25yy".toCharArray();
        assertEquals(new BigDecimal("3.25"), BarRules.plainDecimal(padded, 2, 6));
    }

    private static BigDecimal plain(String text) {
        return BarRules.plainDecimal(text.toCharArray(), 0, text.length());
    }
}
