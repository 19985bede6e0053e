package dev.tickvault.marketdata.ingest;

import dev.tickvault.common.Fault;
import dev.tickvault.common.Faults;
import dev.tickvault.marketdata.Bar;
import io.quarkiverse.resteasy.problem.HttpProblem;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CSV bars, generic header or Yahoo Finance layout, with faults by line. */
class BarCsvReaderTest {

    private record Read(List<Bar> bars, Faults faults, List<Long> lines, int count) {
    }

    private static Read csv(String body, String symbol, String timeframe) {
        Faults faults = new Faults();
        List<Bar> bars = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        int count = BarCsvReader.read(body.getBytes(StandardCharsets.UTF_8), symbol, timeframe, faults, bars, lines, 10);
        return new Read(bars, faults, lines, count);
    }

    private static HttpProblem refused(String body, String symbol, String timeframe) {
        return assertThrows(HttpProblem.class, () -> csv(body, symbol, timeframe));
    }

    @Test
    void aGenericHeaderMatchesIgnoringCaseSpacesAndUnderscores() {
        Read read = csv("Symbol,TimeFrame,TS,Open,High,Low,Close,Volume,VWAP,Trade_Count,Source\n"
                + "es=f,1h,2024-01-02T14:00:00Z,10,11,9,10.5,100,10.2,7,cme\n", null, null);
        assertTrue(!read.faults().any(), read.faults().list().toString());
        Bar bar = read.bars().get(0);
        assertEquals("ES=F", bar.symbol());
        assertEquals(new BigDecimal("10.20000000"), bar.vwap());
        assertEquals(7L, bar.tradeCount());
        assertEquals("cme", bar.source());
    }

    @Test
    void theYahooLayoutTakesSymbolAndTimeframeFromTheQuery() {
        Read read = csv("Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,10,11,9,10.5,10.5,100\n"
                + "2024-01-03,10,11,9,10.5,10.5,100\n", "^gspc", "1d");
        assertEquals(2, read.count());
        assertEquals("^GSPC", read.bars().get(0).symbol());
        assertEquals(Instant.parse("2024-01-03T00:00:00Z"), read.bars().get(1).ts());
    }

    @Test
    void faultsAreReportedByLineWithTheHeaderAsLineOne() {
        Read read = csv("symbol,timeframe,ts,open,high,low,close,volume\n\nA,1d,2024-01-02T00:00:00Z,10,11,9,-1,100\n"
                + "A,1d,2024-01-03,10,11,9,10,100\n", null, null);
        assertEquals(List.of(3L, 4L), read.faults().list().stream().map(Fault::line).toList());
        assertEquals(List.of("close", "ts"), read.faults().list().stream().map(Fault::field).toList());
        assertEquals(List.of(3L, 4L), read.lines());
    }

    @Test
    void aMissingColumnIsABadRequestOnLineOne() {
        HttpProblem problem = refused("symbol,timeframe,ts,open,high,low,volume\nA,1d,2024-01-02T00:00:00Z,1,1,1,1\n",
                null, null);
        assertEquals(400, problem.getStatusCode());
        assertTrue(problem.getDetail().contains("close"), problem.getDetail());
        assertEquals(400, refused("Date,Open,High,Low,Close,Volume\n2024-01-02,1,1,1,1,1\n", null, "1d").getStatusCode());
    }

    @Test
    void aRowWithFewerFieldsThanTheHeaderIsABadRequest() {
        HttpProblem problem = refused("symbol,timeframe,ts,open,high,low,close,volume\nA,1d,2024-01-02T00:00:00Z,1,1\n",
                null, null);
        assertEquals(400, problem.getStatusCode());
        assertTrue(problem.getDetail().contains("line 2"), problem.getDetail());
    }

    @Test
    void aRowWithMoreFieldsThanTheHeaderIsABadRequest() {
        HttpProblem problem = refused("symbol,timeframe,ts,open,high,low,close,volume\n"
                + "A,1d,2024-01-02T00:00:00Z,10,11,9,10.5,100\nA,1d,2024-01-03T00:00:00Z,10,11,9,10.5,100,x\n", null, null);
        assertEquals(400, problem.getStatusCode());
        assertTrue(problem.getDetail().contains("line 3 has 9 column(s), the header has 8"), problem.getDetail());
    }

    @Test
    void malformedCsvIsDescribedInPlainWords() {
        HttpProblem problem = refused("symbol,timeframe,ts,open,high,low,close,volume\n\"A,1d\n", null, null);
        assertEquals(400, problem.getStatusCode());
        assertTrue(problem.getDetail().startsWith("Malformed CSV at line "), problem.getDetail());
        assertTrue(problem.getDetail().endsWith("a quoted value is not closed"), problem.getDetail());
    }

    @Test
    void aSourceWithANulCharacterIsAFaultOnItsLine() {
        Read read = csv("symbol,timeframe,ts,open,high,low,close,volume,source\n"
                + "A,1d,2024-01-02T00:00:00Z,10,11,9,10.5,100,a\u0000b\n", null, null);
        assertEquals(2L, read.faults().list().get(0).line());
        assertEquals("source", read.faults().list().get(0).field());
    }

    @Test
    void numbersLongerThanJsonAllowsAreNotReadAsNumbers() {
        Read read = csv("symbol,timeframe,ts,open,high,low,close,volume\n"
                + "A,1d,2024-01-02T00:00:00Z,10,11,9,10.5," + "1".repeat(1_001) + "\n", null, null);
        assertEquals("must be an integer", read.faults().list().get(0).message());
    }

    @Test
    void badQueryParametersAreBadRequests() {
        String yahoo = "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,10,11,9,10.5,10.5,100\n";
        assertEquals(400, refused(yahoo, "$X", "1d").getStatusCode());
        assertEquals(400, refused(yahoo, "X", "2d").getStatusCode());
    }
}
