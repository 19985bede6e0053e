package dev.tickvault.marketdata.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.Fault;
import dev.tickvault.common.Faults;
import dev.tickvault.marketdata.Bar;
import io.quarkiverse.resteasy.problem.HttpProblem;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JSON and NDJSON bars read as a token stream, with exact numbers and located faults. */
class BarJsonReaderTest {

    private static final BarJsonReader READER = new BarJsonReader(new ObjectMapper().getFactory());

    static String bar(String symbol, String ts, String close) {
        return "{\"symbol\":\"" + symbol + "\",\"timeframe\":\"1d\",\"ts\":\"" + ts + "\",\"open\":10,\"high\":11,"
                + "\"low\":9,\"close\":" + close + ",\"volume\":100}";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private record Read(List<Bar> bars, Faults faults, List<Long> lines, int count) {
    }

    private static Read json(String body) {
        Faults faults = new Faults();
        List<Bar> bars = new ArrayList<>();
        int count = READER.readJson(bytes(body), faults, bars, 10);
        return new Read(bars, faults, List.of(), count);
    }

    private static Read ndjson(String body) {
        Faults faults = new Faults();
        List<Bar> bars = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        int count = READER.readNdjson(bytes(body), faults, bars, lines, 10);
        return new Read(bars, faults, lines, count);
    }

    @Test
    void anArrayAndASingleObjectAreRead() {
        Read array = json("[" + bar("A", "2024-01-02T00:00:00Z", "10.5") + "," + bar("A", "2024-01-03T00:00:00Z", "10")
                + "]");
        assertEquals(2, array.count());
        assertEquals("A", array.bars().get(1).symbol());
        Read one = json(bar("B", "2024-01-02T00:00:00Z", "10.5"));
        assertEquals(1, one.count());
        assertEquals("B", one.bars().get(0).symbol());
    }

    @Test
    void numbersAreReadExactlyWhateverTheirForm() {
        Read read = json("[" + bar("A", "2024-01-02T00:00:00Z", "10.123456784999") + ","
                + bar("A", "2024-01-03T00:00:00Z", "1.05e1") + ","
                + bar("A", "2024-01-04T00:00:00Z", "10.0000000000000000000001") + "]");
        assertEquals(new BigDecimal("10.12345678"), read.bars().get(0).close());
        assertEquals(new BigDecimal("10.50000000"), read.bars().get(1).close());
        assertEquals(new BigDecimal("10.00000000"), read.bars().get(2).close());
    }

    @Test
    void unknownFieldsAreSkippedWhateverTheyHold() {
        Read read = json("[" + bar("A", "2024-01-02T00:00:00Z", "10.5").replace("{", "{\"extra\":{\"deep\":[1,{}]},") + "]");
        assertTrue(!read.faults().any(), read.faults().list().toString());
    }

    @Test
    void anElementThatIsNotAnObjectIsAFaultAtItsPointer() {
        Read read = json("[" + bar("A", "2024-01-02T00:00:00Z", "10.5") + ",[1],\"x\"]");
        assertEquals(3, read.count());
        assertNull(read.bars().get(1));
        assertEquals(List.of("/1", "/2"), read.faults().list().stream().map(Fault::pointer).toList());
    }

    @Test
    void ndjsonFaultsAreReportedByLineAndBlankLinesSkipped() {
        Read read = ndjson(bar("A", "2024-01-02T00:00:00Z", "10.5") + "\n\n" + bar("A", "2024-01-03T00:00:00Z", "0")
                + "\r\n[1]\n");
        assertEquals(3, read.count());
        assertEquals(List.of(1L, 3L, 4L), read.lines());
        assertEquals(List.of(3L, 4L), read.faults().list().stream().map(Fault::line).toList());
        assertEquals(List.of("close", "must be a JSON object"), List.of(read.faults().list().get(0).field(),
                read.faults().list().get(1).message()));
    }

    @Test
    void malformedJsonIsABadRequest() {
        HttpProblem problem = assertThrows(HttpProblem.class, () -> json("[" + bar("A", "2024-01-02T00:00:00Z", "1")));
        assertEquals(400, problem.getStatusCode());
        assertEquals(400, assertThrows(HttpProblem.class, () -> json("\"bars\"")).getStatusCode());
        HttpProblem line = assertThrows(HttpProblem.class, () -> ndjson(bar("A", "2024-01-02T00:00:00Z", "1")
                + "\n{\"symbol\":"));
        assertEquals(400, line.getStatusCode());
        assertTrue(line.getDetail().contains("line 2"), line.getDetail());
    }

    @Test
    void contentAfterTheJsonValueIsABadRequest() {
        String one = bar("A", "2024-01-02T00:00:00Z", "10.5");
        for (String body : List.of("[" + one + "]garbage", "[" + one + "][" + one + "]", one + one, "[" + one + "],",
                one + " null")) {
            HttpProblem problem = assertThrows(HttpProblem.class, () -> json(body));
            assertEquals(400, problem.getStatusCode(), body);
            assertTrue(problem.getDetail().contains("trailing content after the JSON value"), problem.getDetail());
        }
        assertEquals(1, json("\n " + one + " \r\n\t").count());
    }

    @Test
    void anNdjsonLineWithContentAfterItsValueIsABadRequestOnThatLine() {
        String one = bar("A", "2024-01-02T00:00:00Z", "10.5");
        HttpProblem problem = assertThrows(HttpProblem.class, () -> ndjson(one + "\n" + one + " {}\n"));
        assertEquals(400, problem.getStatusCode());
        assertTrue(problem.getDetail().startsWith("Malformed JSON on line 2, column "), problem.getDetail());
        @SuppressWarnings("unchecked")
        List<Fault> faults = (List<Fault>) problem.getParameters().get("errors");
        assertEquals(2L, faults.get(0).line());
        assertEquals(400, assertThrows(HttpProblem.class, () -> ndjson("[1]x\n")).getStatusCode());
    }

    @Test
    void anExponentBeyondWhatADecimalHoldsIsABadRequestNotAServerError() {
        HttpProblem problem = assertThrows(HttpProblem.class,
                () -> json("[" + bar("A", "2024-01-02T00:00:00Z", "1e99999999999") + "]"));
        assertEquals(400, problem.getStatusCode());
        assertTrue(problem.getDetail().contains("exponent"), problem.getDetail());
        assertEquals(400, assertThrows(HttpProblem.class,
                () -> ndjson(bar("A", "2024-01-02T00:00:00Z", "1e-99999999999"))).getStatusCode());
    }

    @Test
    void malformedJsonIsDescribedWithLineColumnAndAReason() {
        HttpProblem problem = assertThrows(HttpProblem.class,
                () -> json("[" + bar("A", "2024-01-02T00:00:00Z", "NaN") + "]"));
        assertTrue(problem.getDetail().matches("Malformed JSON at line 1, column \\d+: NaN and Infinity are not allowed: "
                + "a number must be finite"), problem.getDetail());
    }

    @Test
    void moreBarsThanTheLimitArePayloadTooLargeAndCounted() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 12; i++) {
            body.append(i == 0 ? "" : ",").append(bar("A", "2024-01-" + (10 + i) + "T00:00:00Z", "10"));
        }
        HttpProblem problem = assertThrows(HttpProblem.class, () -> json(body + "]"));
        assertEquals(413, problem.getStatusCode());
        assertTrue(problem.getDetail().contains("this one has 12"), problem.getDetail());
    }
}
