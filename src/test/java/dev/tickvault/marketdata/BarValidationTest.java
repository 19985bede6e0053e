package dev.tickvault.marketdata;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.LogConfig;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input to the bars API: the status of DESIGN 2, an RFC 9457 problem, and nothing written. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BarValidationTest {

    private static final String VALID_BAR = BarIngestTest.jsonBar("V.OK", "2024-01-02", "10", "11", "9", "10.5", 100);

    /** Checks the RFC 9457 shape: problem+json with type, title, status and detail, and no internals. */
    static ValidatableResponse assertProblem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("status", equalTo(status))
                .body("detail", notNullValue())
                .body(not(containsString("Exception")))
                .body(not(containsString("SELECT")));
    }

    /** Checks that no bar of {@code symbol} exists in any of the usual timeframes and /symbols does not list it. */
    private static void assertNothingStored(String symbol) {
        for (String tf : List.of("1m", "1h", "1d")) {
            given().queryParam("timeframe", tf)
                    .when().get("/api/v1/bars/" + symbol)
                    .then().statusCode(200)
                    .body("data", hasSize(0));
        }
        given().when().get("/api/v1/symbols")
                .then().statusCode(200)
                .body("data.symbol", not(hasItem(symbol)));
    }

    private static ValidatableResponse postJson(String body) {
        return given().contentType("application/json").body(body).when().post("/api/v1/bars").then();
    }

    private static String bar(String symbol, String ts, String open, String high, String low, String close) {
        return "{\"symbol\":\"" + symbol + "\",\"timeframe\":\"1d\",\"ts\":" + ts + ",\"open\":" + open + ",\"high\":"
                + high + ",\"low\":" + low + ",\"close\":" + close + ",\"volume\":10}";
    }

    /** A request that does not copy its body for failure logging: formatting 64 MiB takes REST Assured tens of seconds. */
    private static RequestSpecification withoutBodyLogging() {
        return given().config(RestAssured.config().logConfig(new LogConfig()));
    }

    // ---- 400: the request cannot be read ----

    @Test
    void malformedJsonIsABadRequestAndWritesNothing() {
        assertProblem(postJson("[" + VALID_BAR.replace("V.OK", "V.MAL") + ",{\"symbol\":\"V.MAL\","), 400);
        assertNothingStored("V.MAL");
    }

    @Test
    void emptyBodyIsABadRequestForEveryFormat() {
        for (String type : List.of("application/json", "application/x-ndjson", "text/csv")) {
            assertProblem(given().contentType(type).body(new byte[0]).when().post("/api/v1/bars").then(), 400);
        }
        assertProblem(given().contentType("application/x-ndjson").body("  \n\n".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/bars").then(), 400);
        assertProblem(postJson("[]"), 400);
    }

    @Test
    void csvWithoutARequiredColumnIsABadRequestAndWritesNothing() {
        String body = """
                symbol,timeframe,ts,open,high,low,volume
                V.COL,1d,2024-01-02T00:00:00Z,10,11,9,100
                """;
        assertProblem(given().contentType("text/csv").body(body).when().post("/api/v1/bars").then(), 400)
                .body("detail", containsString("close"))
                .body("errors[0].line", equalTo(1));
        assertNothingStored("V.COL");
    }

    @Test
    void yahooCsvWithoutTheSymbolQueryParameterIsABadRequest() {
        String body = "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,10,11,9,10.5,10.5,100\n";
        assertProblem(given().contentType("text/csv").queryParam("timeframe", "1d").body(body)
                .when().post("/api/v1/bars").then(), 400);
    }

    @Test
    void csvRowWithTooFewColumnsIsABadRequestAndWritesNothing() {
        String body = """
                symbol,timeframe,ts,open,high,low,close,volume
                V.SHORT,1d,2024-01-02T00:00:00Z,10,11,9,10.5,100
                V.SHORT,1d,2024-01-03T00:00:00Z,10,11,9
                """;
        assertProblem(given().contentType("text/csv").body(body).when().post("/api/v1/bars").then(), 400);
        assertNothingStored("V.SHORT");
    }

    @Test
    void unknownTimeframeInTheQueryIsABadRequest() {
        assertProblem(given().queryParam("timeframe", "2d").when().get("/api/v1/bars/V.TF").then(), 400)
                .body("detail", containsString("2d"));
        assertProblem(given().when().get("/api/v1/bars/V.TF").then(), 400);
        assertProblem(given().queryParam("timeframe", "1D").when().get("/api/v1/bars/V.TF/latest").then(), 400);
        String yahoo = "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,10,11,9,10.5,10.5,100\n";
        assertProblem(given().contentType("text/csv").queryParam("symbol", "V.TF").queryParam("timeframe", "2d")
                .body(yahoo).when().post("/api/v1/bars").then(), 400);
        assertNothingStored("V.TF");
    }

    @Test
    void invalidSymbolInThePathIsABadRequest() {
        assertProblem(given().urlEncodingEnabled(false)
                .when().get("/api/v1/bars/%24BAD/latest?timeframe=1d").then(), 400);
        assertProblem(given().urlEncodingEnabled(false)
                .when().get("/api/v1/bars/%24BAD?timeframe=1d").then(), 400);
        assertProblem(given().queryParam("timeframe", "1d")
                .when().get("/api/v1/bars/" + "A".repeat(33)).then(), 400);
    }

    @Test
    void unreadableFromOrToIsABadRequest() {
        assertProblem(given().queryParam("timeframe", "1d").queryParam("from", "yesterday")
                .when().get("/api/v1/bars/V.RANGE").then(), 400)
                .body("detail", containsString("from"));
        assertProblem(given().queryParam("timeframe", "1d").queryParam("to", "2024-13-01")
                .when().get("/api/v1/bars/V.RANGE").then(), 400);
        assertProblem(given().queryParam("timeframe", "1d").queryParam("from", "2024-01-02T14:30")
                .when().get("/api/v1/bars/V.RANGE").then(), 400);
        assertProblem(given().queryParam("timeframe", "1d").queryParam("from", "2024-02-01")
                .queryParam("to", "2024-01-01")
                .when().get("/api/v1/bars/V.RANGE").then(), 400);
    }

    @Test
    void unknownOrderIsABadRequest() {
        assertProblem(given().queryParam("timeframe", "1d").queryParam("order", "up")
                .when().get("/api/v1/bars/V.RANGE").then(), 400);
    }

    // ---- 422: read, but a rule is broken ----

    @Test
    void nonPositivePriceIsUnprocessableAndWritesNothing() {
        String body = "[" + VALID_BAR.replace("V.OK", "V.PRICE") + ","
                + bar("V.PRICE", "\"2024-01-03T00:00:00Z\"", "0", "11", "9", "10") + ","
                + bar("V.PRICE", "\"2024-01-04T00:00:00Z\"", "10", "11", "-1", "10") + "]";
        assertProblem(postJson(body), 422)
                .body("errors.pointer", hasItem("/1/open"))
                .body("errors.pointer", hasItem("/2/low"))
                .body("errors.find { it.pointer == '/1/open' }.field", equalTo("open"))
                .body("errors.find { it.pointer == '/1/open' }.message", notNullValue());
        assertNothingStored("V.PRICE");
    }

    @Test
    void nonNumericPriceIsUnprocessable() {
        assertProblem(postJson("[" + bar("V.NAN", "\"2024-01-03T00:00:00Z\"", "\"NaN\"", "11", "9", "10") + "]"), 422)
                .body("errors[0].pointer", equalTo("/0/open"));
        assertNothingStored("V.NAN");
    }

    @Test
    void highBelowLowIsUnprocessableAndWritesNothing() {
        String body = "[" + VALID_BAR.replace("V.OK", "V.HL") + ","
                + bar("V.HL", "\"2024-01-03T00:00:00Z\"", "10", "9", "11", "10") + "]";
        assertProblem(postJson(body), 422)
                .body("errors.pointer", hasItem("/1/high"));
        assertNothingStored("V.HL");
    }

    @Test
    void closeAboveHighIsUnprocessable() {
        assertProblem(postJson("[" + bar("V.CH", "\"2024-01-03T00:00:00Z\"", "10", "11", "9", "12") + "]"), 422)
                .body("errors.pointer", hasItem("/0/high"));
        assertNothingStored("V.CH");
    }

    @Test
    void invalidSymbolInsideARowIsUnprocessableAndWritesNothing() {
        String body = "[" + VALID_BAR.replace("V.OK", "V.SYM") + ","
                + bar("-X", "\"2024-01-03T00:00:00Z\"", "10", "11", "9", "10") + "]";
        assertProblem(postJson(body), 422)
                .body("errors[0].pointer", equalTo("/1/symbol"))
                .body("errors[0].field", equalTo("symbol"));
        assertNothingStored("V.SYM");
    }

    @Test
    void sameKeyTwiceInOneBatchIsUnprocessableAndWritesNothing() {
        // The third bar repeats the first (symbols are case-insensitive); the fourth is the second in another offset.
        String body = "[" + bar("v.dup", "\"2024-01-03T00:00:00Z\"", "10", "11", "9", "10") + ","
                + bar("V.DUP", "\"2024-01-04T00:00:00Z\"", "10", "11", "9", "10") + ","
                + bar("V.DUP", "\"2024-01-03T00:00:00Z\"", "10", "12", "9", "11") + ","
                + bar("V.DUP", "\"2024-01-03T19:00:00-05:00\"", "10", "12", "9", "11") + "]";
        assertProblem(postJson(body), 422)
                .body("errors", hasSize(2))
                .body("errors.pointer", equalTo(List.of("/2/ts", "/3/ts")));
        assertNothingStored("V.DUP");
    }

    @Test
    void epochNumberTimestampIsUnprocessable() {
        String body = "[" + VALID_BAR.replace("V.OK", "V.EPOCH") + ","
                + bar("V.EPOCH", "1704205800", "10", "11", "9", "10") + "]";
        assertProblem(postJson(body), 422)
                .body("errors[0].pointer", equalTo("/1/ts"));
        assertNothingStored("V.EPOCH");
    }

    @Test
    void timestampWithoutOffsetIsUnprocessable() {
        String body = "[" + VALID_BAR.replace("V.OK", "V.NOOFF") + ","
                + bar("V.NOOFF", "\"2024-01-03T00:00:00\"", "10", "11", "9", "10") + ","
                + bar("V.NOOFF", "\"2024-01-04T00:00Z\"", "10", "11", "9", "10") + ","
                + bar("V.NOOFF", "\"2024-01-05\"", "10", "11", "9", "10") + "]";
        assertProblem(postJson(body), 422)
                .body("errors.pointer", equalTo(List.of("/1/ts", "/2/ts", "/3/ts")));
        assertNothingStored("V.NOOFF");
    }

    @Test
    void unknownTimeframeInsideARowIsUnprocessable() {
        String body = "[" + VALID_BAR.replace("V.OK", "V.ROWTF").replace("\"1d\"", "\"2d\"") + "]";
        assertProblem(postJson(body), 422)
                .body("errors[0].pointer", equalTo("/0/timeframe"));
        assertNothingStored("V.ROWTF");
    }

    @Test
    void missingRequiredFieldIsUnprocessable() {
        String body = "[{\"symbol\":\"V.MISS\",\"timeframe\":\"1d\",\"ts\":\"2024-01-02T00:00:00Z\",\"open\":1,"
                + "\"high\":2,\"low\":0.5,\"close\":1.5}]";
        assertProblem(postJson(body), 422)
                .body("errors[0].pointer", equalTo("/0/volume"));
        assertNothingStored("V.MISS");
    }

    @Test
    void negativeOrFractionalVolumeIsUnprocessable() {
        String body = "[" + VALID_BAR.replace("V.OK", "V.VOL").replace("\"volume\":100", "\"volume\":-1") + ","
                + BarIngestTest.jsonBar("V.VOL", "2024-01-03", "10", "11", "9", "10.5", 1).replace("\"volume\":1",
                        "\"volume\":1.5") + "]";
        assertProblem(postJson(body), 422)
                .body("errors.pointer", equalTo(List.of("/0/volume", "/1/volume")));
        assertNothingStored("V.VOL");
    }

    @Test
    void priceTooLargeForTheColumnIsUnprocessableNotAServerError() {
        assertProblem(postJson("[" + bar("V.BIG", "\"2024-01-03T00:00:00Z\"", "10", "1e13", "9", "10") + "]"), 422)
                .body("errors[0].pointer", equalTo("/0/high"));
        assertNothingStored("V.BIG");
    }

    @Test
    void astronomicalExponentsAreUnprocessableAtOnce() {
        // Rounding 1e999999999 to 8 decimals would build a number of a billion digits.
        long start = System.nanoTime();
        assertProblem(postJson("[" + bar("V.EXP", "\"2024-01-03T00:00:00Z\"", "10", "1e999999999", "1e-999999999", "10")
                + "]"), 422)
                .body("errors.pointer", equalTo(List.of("/0/high", "/0/low")))
                .body("errors[0].message", equalTo("must be below 1e12"))
                .body("errors[1].message", equalTo("must be a positive number"));
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "answered without computing the huge number");
        assertNothingStored("V.EXP");
    }

    @Test
    void intradayTimestampOffItsTimeframeBoundaryIsUnprocessable() {
        String body = "[{\"symbol\":\"V.ALIGN\",\"timeframe\":\"1h\",\"ts\":\"2024-01-02T14:30:00Z\",\"open\":1,"
                + "\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":1},"
                + "{\"symbol\":\"V.ALIGN\",\"timeframe\":\"1m\",\"ts\":\"2024-01-02T14:30:00.000001Z\",\"open\":1,"
                + "\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":1}]";
        assertProblem(postJson(body), 422)
                .body("errors.pointer", equalTo(List.of("/0/ts", "/1/ts")));
        assertNothingStored("V.ALIGN");
    }

    @Test
    void sourceLongerThanSixtyFourCharactersIsUnprocessable() {
        String body = "[" + VALID_BAR.replace("V.OK", "V.SRC").replace("}", ",\"source\":\"" + "s".repeat(65) + "\"}")
                + "]";
        assertProblem(postJson(body), 422)
                .body("errors[0].pointer", equalTo("/0/source"));
        assertNothingStored("V.SRC");
    }

    @Test
    void csvFaultsAreReportedByLineNumber() {
        String body = """
                symbol,timeframe,ts,open,high,low,close,volume
                V.CSVLN,1d,2024-01-02T00:00:00Z,10,11,9,10.5,100
                V.CSVLN,1d,2024-01-03T00:00:00Z,10,11,9,-10.5,100
                V.CSVLN,1d,2024-01-04T00:00:00Z,10,11,9,10.5,100
                V.CSVLN,1d,2024-01-05,10,11,9,10.5,100
                """;
        assertProblem(given().contentType("text/csv").body(body).when().post("/api/v1/bars").then(), 422)
                .body("errors.line", equalTo(List.of(3, 5)))
                .body("errors.field", equalTo(List.of("close", "ts")))
                .body("errors.pointer", everyItem(nullValue()));
        assertNothingStored("V.CSVLN");
    }

    @Test
    void ndjsonFaultsAreReportedByLineNumber() {
        String body = VALID_BAR.replace("V.OK", "V.NDLN") + "\n\n"
                + bar("V.NDLN", "\"2024-01-03T00:00:00Z\"", "10", "9", "11", "10") + "\n";
        assertProblem(given().contentType("application/x-ndjson").body(body.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/bars").then(), 422)
                .body("errors[0].line", equalTo(3))
                .body("errors[0].field", equalTo("high"));
        assertNothingStored("V.NDLN");
    }

    @Test
    void errorsListAtMostOneHundredFaultsWhenOneHundredFiftyRowsAreBad() {
        List<String> bars = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String ts = "\"" + Instant.parse("2024-01-01T00:00:00Z").plusSeconds(86_400L * i) + "\"";
            bars.add(bar("V.MANY", ts, "10", "11", "9", "0"));
        }
        assertProblem(postJson("[" + String.join(",", bars) + "]"), 422)
                .body("errors", hasSize(100))
                .body("errors[0].pointer", equalTo("/0/close"))
                .body("errors[99].pointer", equalTo("/99/close"));
        assertNothingStored("V.MANY");
    }

    @Test
    void oneBadRowInAThousandRowBatchWritesNothingAndCountsEveryRowRejected() {
        double rejectedBefore = TestData.metric("tickvault_bars_rejected_total");
        List<String> bars = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String ts = "\"" + Instant.parse("2020-01-01T00:00:00Z").plusSeconds(3_600L * i) + "\"";
            bars.add(i == 637 ? bar("V.K1000", ts, "10", "11", "9", "0") : bar("V.K1000", ts, "10", "11", "9", "10"));
        }
        assertProblem(postJson("[" + String.join(",", bars).replace("\"1d\"", "\"1h\"") + "]"), 422)
                .body("errors", hasSize(1))
                .body("errors[0].pointer", equalTo("/637/close"));
        assertNothingStored("V.K1000");
        assertEquals(1000.0, TestData.metric("tickvault_bars_rejected_total") - rejectedBefore,
                "tickvault_bars_rejected_total grows by the rows of the refused batch");
    }

    // ---- 400: trailing content, extra CSV fields, a NUL in a symbol list, unreadable JSON described ----

    @Test
    void trailingContentAfterTheJsonBodyIsABadRequestAndWritesNothing() {
        String first = VALID_BAR.replace("V.OK", "V.TRAIL");
        String second = BarIngestTest.jsonBar("V.TRAIL", "2024-01-03", "10", "11", "9", "10.5", 100);
        for (String body : List.of("[" + first + "]garbage", "[" + first + "][" + second + "]",
                first + second, first + " true", "[" + first + "],")) {
            assertProblem(postJson(body), 400).body("detail", containsString("trailing"));
        }
        assertNothingStored("V.TRAIL");
    }

    @Test
    void ndjsonLineWithTrailingContentIsABadRequestAndWritesNothing() {
        String body = VALID_BAR.replace("V.OK", "V.NDTRAIL") + "\n"
                + BarIngestTest.jsonBar("V.NDTRAIL", "2024-01-03", "10", "11", "9", "10.5", 100) + "garbage\n";
        assertProblem(given().contentType("application/x-ndjson").body(body.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/bars").then(), 400)
                .body("errors[0].line", equalTo(2))
                .body("detail", containsString("trailing"));
        assertNothingStored("V.NDTRAIL");
    }

    @Test
    void csvRowWithMoreFieldsThanTheHeaderIsABadRequestAndWritesNothing() {
        String body = """
                symbol,timeframe,ts,open,high,low,close,volume
                V.LONG,1d,2024-01-02T00:00:00Z,10,11,9,10.5,100
                V.LONG,1d,2024-01-03T00:00:00Z,10,11,9,10.5,100,extra
                """;
        assertProblem(given().contentType("text/csv").body(body).when().post("/api/v1/bars").then(), 400)
                .body("errors[0].line", equalTo(3));
        assertNothingStored("V.LONG");
    }

    @Test
    void latestWithANulCharacterInASymbolIsABadRequest() {
        assertProblem(given().urlEncodingEnabled(false)
                .when().get("/api/v1/bars/latest?symbols=A,1d%00&timeframe=1d").then(), 400);
        assertProblem(given().urlEncodingEnabled(false)
                .when().get("/api/v1/bars/latest?symbols=%00A&timeframe=1d").then(), 400);
        // Spaces around a symbol are still trimmed.
        given().urlEncodingEnabled(false)
                .when().get("/api/v1/bars/latest?symbols=%20V.SPACE%20,V.OTHER&timeframe=1d")
                .then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void malformedJsonIsDescribedInTickvaultsOwnWords() {
        String nan = "[" + VALID_BAR.replace("V.OK", "V.WORDS").replace("\"open\":10", "\"open\":NaN") + "]";
        String longNumber = "[" + VALID_BAR.replace("V.OK", "V.WORDS").replace("\"open\":10",
                "\"open\":" + "1".repeat(1_500)) + "]";
        String deep = "[" + "[".repeat(1_500) + "]".repeat(1_500) + "]";
        for (String body : List.of(nan, longNumber, deep, "[{\"symbol\":", "[{]", "[\"\u0001\"]")) {
            String detail = postJson(body).statusCode(400).contentType("application/problem+json")
                    .extract().path("detail");
            assertPlainWords(detail);
            assertTrue(detail.contains("line") && detail.contains("column"), detail);
        }
        assertTrue(postJson(nan).extract().<String>path("detail").contains("NaN"));
        assertTrue(postJson(longNumber).extract().<String>path("detail").contains("1000"));
        assertTrue(postJson(deep).extract().<String>path("detail").contains("1000"));
        assertNothingStored("V.WORDS");
    }

    /** A problem detail in the user's terms: no parser names, feature flags, Java classes or code quotes. */
    static void assertPlainWords(String detail) {
        for (String internal : List.of("Jackson", "jackson", "StreamReadConstraints", "JsonReadFeature", "`",
                "com.fasterxml", "java.", "Exception", "Source:")) {
            assertTrue(!detail.contains(internal), "'" + internal + "' in: " + detail);
        }
    }

    // ---- 422: strings PostgreSQL cannot store, timestamps outside years 1..9999 ----

    @Test
    void stringsPostgresqlCannotStoreAreUnprocessableAndWriteNothing() {
        String json = "[" + VALID_BAR.replace("V.OK", "V.NUL").replace("}", ",\"source\":\"feed\\u0000x\"}") + ","
                + BarIngestTest.jsonBar("V.NUL", "2024-01-03", "10", "11", "9", "10.5", 1)
                        .replace("}", ",\"source\":\"\\ud800\"}") + ","
                + BarIngestTest.jsonBar("V.NUL", "2024-01-04", "10", "11", "9", "10.5", 1)
                        .replace("}", ",\"source\":\"\\udc00x\\ud83d\"}") + "]";
        assertProblem(postJson(json), 422)
                .body("errors.pointer", equalTo(List.of("/0/source", "/1/source", "/2/source")))
                .body("errors[0].message", containsString("U+0000"));
        String ndjson = VALID_BAR.replace("V.OK", "V.NUL").replace("}", ",\"source\":\"\\u0000\"}") + "\n";
        assertProblem(given().contentType("application/x-ndjson").body(ndjson.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/bars").then(), 422)
                .body("errors[0].line", equalTo(1)).body("errors[0].field", equalTo("source"));
        String csv = "symbol,timeframe,ts,open,high,low,close,volume,source\n"
                + "V.NUL,1d,2024-01-02T00:00:00Z,10,11,9,10.5,100,a\u0000b\n";
        assertProblem(given().contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/bars").then(), 422)
                .body("errors[0].line", equalTo(2)).body("errors[0].field", equalTo("source"));
        assertNothingStored("V.NUL");
    }

    @Test
    void timestampsOutsideTheYearsOneToNineThousandNineHundredNinetyNineAreUnprocessable() {
        String body = "[" + bar("V.YEAR", "\"0000-06-01T00:00:00Z\"", "10", "11", "9", "10") + ","
                + bar("V.YEAR", "\"0001-01-01T00:30:00+01:00\"", "10", "11", "9", "10") + ","
                + bar("V.YEAR", "\"9999-12-31T23:30:00-01:00\"", "10", "11", "9", "10") + "]";
        assertProblem(postJson(body), 422)
                .body("errors.pointer", equalTo(List.of("/0/ts", "/1/ts", "/2/ts")))
                .body("errors[0].message", containsString("0001"));
        String yahoo = "Date,Open,High,Low,Close,Adj Close,Volume\n0000-01-03,10,11,9,10.5,10.5,100\n";
        assertProblem(given().contentType("text/csv").queryParam("symbol", "V.YEAR").queryParam("timeframe", "1d")
                .body(yahoo).when().post("/api/v1/bars").then(), 422)
                .body("errors[0].line", equalTo(2)).body("errors[0].field", equalTo("date"));
        assertNothingStored("V.YEAR");

        // The first instant of year 1 is inside the range, stored and read back.
        postJson("[" + bar("V.YEAR1", "\"0001-01-01T00:00:00Z\"", "10", "11", "9", "10") + "]")
                .statusCode(200).body("inserted", equalTo(1));
        given().queryParam("timeframe", "1d").when().get("/api/v1/bars/V.YEAR1")
                .then().statusCode(200).body("data[0].ts", equalTo("0001-01-01T00:00:00Z"));
    }

    // ---- Quarkus' own errors as problems ----

    @Test
    void unknownPathIsANotFoundProblem() {
        assertProblem(given().when().get("/api/v1/no-such-resource").then(), 404);
        assertProblem(given().when().get("/api/v1/bars/V.X/no-such-view").then(), 404);
    }

    @Test
    void putOnABarSeriesIsMethodNotAllowed() {
        assertProblem(given().contentType("application/json").body("[" + VALID_BAR + "]")
                .when().put("/api/v1/bars/V.PUT").then(), 405);
        assertNothingStored("V.PUT");
    }

    @Test
    void xmlBodyIsUnsupportedMediaType() {
        assertProblem(given().contentType("text/xml").body("<bars><bar symbol=\"V.XML\"/></bars>")
                .when().post("/api/v1/bars").then(), 415);
        assertNothingStored("V.XML");
    }

    @Test
    void bodyOverSixtyFourMebibytesIsPayloadTooLarge() {
        byte[] body = new byte[64 * 1024 * 1024 + 1];
        byte[] prefix = ("[" + VALID_BAR.replace("V.OK", "V.HUGE") + ",").getBytes(StandardCharsets.UTF_8);
        Arrays.fill(body, (byte) ' ');
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[body.length - 1] = ']';
        assertProblem(withoutBodyLogging().contentType("application/json").body(body)
                .when().post("/api/v1/bars").then(), 413);
        assertNothingStored("V.HUGE");
    }

    @Test
    void chunkedBodyOverSixtyFourMebibytesIsPayloadTooLarge() {
        byte[] body = new byte[64 * 1024 * 1024 + 1];
        Arrays.fill(body, (byte) ' ');
        body[0] = '[';
        body[body.length - 1] = ']';
        // An InputStream of unknown length is sent with Transfer-Encoding: chunked, without Content-Length.
        assertProblem(withoutBodyLogging().contentType("application/json").body(new ByteArrayInputStream(body))
                .when().post("/api/v1/bars").then(), 413);
    }

    @Test
    void exactlyOneHundredThousandRowsAreAccepted() {
        StringBuilder csv = new StringBuilder(100_000 * 50).append("symbol,timeframe,ts,open,high,low,close,volume\n");
        Instant start = Instant.parse("2020-01-01T00:00:00Z");
        for (int i = 0; i < 100_000; i++) {
            csv.append("V.MAXROWS,1m,").append(start.plusSeconds(60L * i)).append(",10,11,9,10,1\n");
        }
        withoutBodyLogging().contentType("text/csv").body(csv.toString())
                .when().post("/api/v1/bars")
                .then().statusCode(200)
                .body("received", equalTo(100_000))
                .body("inserted", equalTo(100_000));
        given().when().get("/api/v1/symbols")
                .then().statusCode(200)
                .body("data.find { it.symbol == 'V.MAXROWS' }.timeframes[0].barCount", equalTo(100_000));
    }

    @Test
    void moreThanOneHundredThousandRowsIsPayloadTooLarge() {
        StringBuilder csv = new StringBuilder(100_001 * 50).append("symbol,timeframe,ts,open,high,low,close,volume\n");
        Instant start = Instant.parse("2020-01-01T00:00:00Z");
        for (int i = 0; i < 100_001; i++) {
            csv.append("V.ROWS,1m,").append(start.plusSeconds(60L * i)).append(",10,11,9,10,1\n");
        }
        assertProblem(withoutBodyLogging().contentType("text/csv").body(csv.toString())
                .when().post("/api/v1/bars").then(), 413);
        assertNothingStored("V.ROWS");
    }

    @Test
    void jsonArrayOfMoreThanOneHundredThousandBarsIsPayloadTooLarge() {
        StringBuilder json = new StringBuilder(100_001 * 120).append('[');
        Instant start = Instant.parse("2020-01-01T00:00:00Z");
        for (int i = 0; i < 100_001; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"symbol\":\"V.JROWS\",\"timeframe\":\"1m\",\"ts\":\"").append(start.plusSeconds(60L * i))
                    .append("\",\"open\":10,\"high\":11,\"low\":9,\"close\":10,\"volume\":1}");
        }
        assertProblem(withoutBodyLogging().contentType("application/json").body(json.append(']').toString())
                .when().post("/api/v1/bars").then(), 413);
        assertNothingStored("V.JROWS");
    }
}
