package dev.tickvault.journal;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bodies of decisions, trades and predictions: numbers read exactly and rounded to 8 decimals as POST
 * /bars rounds them, malformed bodies refused with 400, strings and documents PostgreSQL cannot keep
 * refused with 422, and nothing written by a refused request.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class JournalBodyTest {

    /** 12345678901.123456785 rounded half-up to 8 decimals, as PostgreSQL rounds it into NUMERIC(20,8). */
    private static final BigDecimal ROUNDED_BIG = new BigDecimal("12345678901.12345679");
    private static final BigDecimal ROUNDED_SMALL = new BigDecimal("1.12345679");

    private static JsonPath exact(Response response) {
        return new JsonPath(response.asString()).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    private static void assertExactly(BigDecimal expected, Response response, String path) {
        BigDecimal actual = exact(response).getObject(path, BigDecimal.class);
        assertTrue(actual != null && expected.compareTo(actual) == 0,
                path + ": expected " + expected + ", got " + actual + " in " + response.asString());
    }

    private static ValidatableResponse post(String url, String contentType, String body) {
        return given().contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8)).when().post(url).then();
    }

    private static ValidatableResponse assertProblem(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType("application/problem+json")
                .body(not(containsString("Exception"))).body(not(containsString("SELECT")));
    }

    private static String decision(String strategy, String extra) {
        return "{\"symbol\":\"JB\",\"action\":\"BUY\",\"confidence\":0.5,\"strategy\":\"" + strategy + "\"" + extra + "}";
    }

    private static void assertNoDecisions(String strategy) {
        given().queryParam("strategy", strategy).when().get("/api/v1/decisions")
                .then().statusCode(200).body("data", hasSize(0));
    }

    private static String trade(String symbol, String quantity, String entryPrice) {
        return "{\"symbol\":\"" + symbol + "\",\"side\":\"BUY\",\"quantity\":" + quantity + ",\"entryPrice\":"
                + entryPrice + ",\"entryTime\":\"2024-03-01T14:30:00Z\",\"executionMode\":\"PAPER\"}";
    }

    private static void assertNoTrades(String symbol) {
        given().queryParam("symbol", symbol).when().get("/api/v1/trades")
                .then().statusCode(200).body("data", hasSize(0));
    }

    private static String prediction(String model, String predictedValue, String extra) {
        return "{\"symbol\":\"JB\",\"model\":\"" + model + "\",\"horizon\":\"PT1H\",\"predictedValue\":" + predictedValue
                + ",\"confidence\":0.5,\"predictedAt\":\"2024-03-01T14:30:00Z\"" + extra + "}";
    }

    private static void assertNoPredictions(String model) {
        given().queryParam("model", model).when().get("/api/v1/predictions/accuracy")
                .then().statusCode(200).body("count", equalTo(0)).body("pending", equalTo(0));
    }

    // ---- exact numbers ----

    @Test
    void decisionNumbersAreReadExactlyAndRoundedToEightDecimals() {
        Response created = post("/api/v1/decisions", "application/json", decision("jb-exact",
                ",\"price\":12345678901.123456785,\"quantity\":1.123456789").replace("0.5", "0.123456785"))
                .statusCode(201).extract().response();
        assertExactly(ROUNDED_BIG, created, "price");
        assertExactly(ROUNDED_SMALL, created, "quantity");
        assertExactly(new BigDecimal("0.12345679"), created, "confidence");
        Response read = given().when().get("/api/v1/decisions/" + created.path("id")).then().statusCode(200)
                .extract().response();
        assertExactly(ROUNDED_BIG, read, "price");
        assertExactly(ROUNDED_SMALL, read, "quantity");
        assertExactly(new BigDecimal("0.12345679"), read, "confidence");
    }

    @Test
    void decisionNumbersOutOfRangeAreUnprocessableNotServerErrors() {
        long start = System.nanoTime();
        assertProblem(post("/api/v1/decisions", "application/json", "["
                + decision("jb-range", ",\"price\":1e999999999") + ","
                + decision("jb-range", ",\"quantity\":1e999999999") + ","
                + decision("jb-range", "").replace("0.5", "1e999999999") + ","
                + decision("jb-range", ",\"price\":12345678901234567890") + ","
                + decision("jb-range", ",\"price\":1e-999999999") + ","
                + decision("jb-range", ",\"quantity\":-1e999999999") + "]"), 422)
                .body("errors.pointer", equalTo(List.of("/0/price", "/1/quantity", "/2/confidence", "/3/price",
                        "/4/price", "/5/quantity")));
        assertProblem(post("/api/v1/decisions", "application/x-ndjson",
                decision("jb-range", "") + "\n" + decision("jb-range", ",\"price\":1e999999999") + "\n"), 422)
                .body("errors[0].line", equalTo(2)).body("errors[0].field", equalTo("price"));
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "answered without building the huge numbers");
        assertNoDecisions("jb-range");

        // A tiny confidence rounds to 0, a valid confidence, at once.
        post("/api/v1/decisions", "application/json", decision("jb-tiny", "").replace("0.5", "1e-999999999"))
                .statusCode(201).body("confidence", equalTo(0));
    }

    @Test
    void tradeNumbersAreReadExactlyOnOpenAndClose() {
        Response opened = post("/api/v1/trades", "application/json",
                trade("JB.T1", "1.123456789", "12345678901.123456785")).statusCode(201).extract().response();
        assertExactly(ROUNDED_SMALL, opened, "quantity");
        assertExactly(ROUNDED_BIG, opened, "entryPrice");
        String id = opened.path("id");

        assertProblem(given().contentType("application/json").header("If-Match", "\"0\"")
                .body("{\"status\":\"CLOSED\",\"exitPrice\":1e999999999}").when().patch("/api/v1/trades/" + id)
                .then(), 422).body("errors[0].pointer", equalTo("/exitPrice"));
        assertProblem(given().contentType("application/json").header("If-Match", "\"0\"")
                .body("{\"status\":\"CLOSED\",\"exitPrice\":12345678901234567890}").when()
                .patch("/api/v1/trades/" + id).then(), 422).body("errors[0].pointer", equalTo("/exitPrice"));
        given().when().get("/api/v1/trades/" + id).then().statusCode(200).body("status", equalTo("OPEN"));

        Response closed = given().contentType("application/json").header("If-Match", "\"0\"")
                .body("{\"status\":\"CLOSED\",\"exitPrice\":12345678901.123456785,\"exitTime\":\"2024-03-02T15:00:00Z\"}")
                .when().patch("/api/v1/trades/" + id).then().statusCode(200).extract().response();
        assertExactly(ROUNDED_BIG, closed, "exitPrice");
        Response read = given().when().get("/api/v1/trades/" + id).then().statusCode(200).extract().response();
        assertExactly(ROUNDED_BIG, read, "exitPrice");
        assertExactly(ROUNDED_BIG, read, "entryPrice");
        assertExactly(ROUNDED_SMALL, read, "quantity");
    }

    @Test
    void tradeNumbersOutOfRangeAreUnprocessable() {
        for (String[] values : List.of(new String[] {"1e999999999", "10"}, new String[] {"1", "1e999999999"},
                new String[] {"1", "12345678901234567890"}, new String[] {"-1e999999999", "10"})) {
            assertProblem(post("/api/v1/trades", "application/json", trade("JB.T2", values[0], values[1])), 422);
        }
        assertNoTrades("JB.T2");
    }

    @Test
    void predictionNumbersAreReadExactlyAndOutcomesToo() {
        Response created = post("/api/v1/predictions", "application/json", prediction("jb-exact",
                "-12345678901.123456785", ",\"referenceValue\":1.123456789")).statusCode(201).extract().response();
        assertExactly(ROUNDED_BIG.negate(), created, "predictedValue");
        assertExactly(ROUNDED_SMALL, created, "referenceValue");
        String id = created.path("id");

        assertProblem(given().contentType("application/json").body("{\"actualValue\":1e999999999}")
                .when().put("/api/v1/predictions/" + id + "/outcome").then(), 422)
                .body("errors[0].pointer", equalTo("/actualValue"));
        given().contentType("application/json")
                .body("{\"actualValue\":12345678901.123456785,\"observedAt\":\"2024-03-01T15:30:00Z\"}")
                .when().put("/api/v1/predictions/" + id + "/outcome").then().statusCode(201);
        Response read = given().when().get("/api/v1/predictions/" + id).then().statusCode(200).extract().response();
        assertExactly(ROUNDED_BIG.negate(), read, "predictedValue");
        assertExactly(ROUNDED_SMALL, read, "referenceValue");
        assertExactly(ROUNDED_BIG, read, "outcome.actualValue");
    }

    @Test
    void predictionNumbersOutOfRangeAreUnprocessable() {
        assertProblem(post("/api/v1/predictions", "application/json",
                prediction("jb-range", "1e999999999", ",\"referenceValue\":12345678901234567890")), 422)
                .body("errors.pointer", hasItem("/predictedValue")).body("errors.pointer", hasItem("/referenceValue"));
        assertProblem(post("/api/v1/predictions", "application/json",
                prediction("jb-range", "1", "").replace("0.5", "1e999999999")), 422)
                .body("errors[0].pointer", equalTo("/confidence"));
        assertNoPredictions("jb-range");
    }

    // ---- 400: trailing content ----

    @Test
    void decisionBodiesWithTrailingContentAreBadRequestsAndWriteNothing() {
        String one = decision("jb-trail", "");
        for (String body : List.of(one + one, "[" + one + "][" + one + "]", "[" + one + "]garbage", one + " 1")) {
            assertProblem(post("/api/v1/decisions", "application/json", body), 400)
                    .body("detail", containsString("trailing"));
        }
        assertProblem(post("/api/v1/decisions", "application/x-ndjson", one + "\n" + one + "garbage\n"), 400)
                .body("errors[0].line", equalTo(2));
        assertNoDecisions("jb-trail");
    }

    @Test
    void tradeAndPredictionBodiesWithTrailingContentAreBadRequestsAndWriteNothing() {
        String open = trade("JB.T3", "1", "10");
        assertProblem(post("/api/v1/trades", "application/json", open + open), 400);
        assertProblem(post("/api/v1/trades", "application/json", open + "x"), 400);
        assertNoTrades("JB.T3");

        String id = post("/api/v1/trades", "application/json", trade("JB.T4", "1", "10")).statusCode(201)
                .extract().path("id");
        assertProblem(given().contentType("application/json").header("If-Match", "\"0\"")
                .body("{\"status\":\"CANCELLED\"}{\"status\":\"CLOSED\",\"exitPrice\":1}")
                .when().patch("/api/v1/trades/" + id).then(), 400);
        given().when().get("/api/v1/trades/" + id).then().statusCode(200).body("status", equalTo("OPEN"))
                .header("ETag", "\"0\"");

        assertProblem(post("/api/v1/predictions", "application/json", prediction("jb-trail", "1", "") + "]"), 400);
        assertNoPredictions("jb-trail");
        String prediction = post("/api/v1/predictions", "application/json", prediction("jb-trail-outcome", "1", ""))
                .statusCode(201).extract().path("id");
        assertProblem(given().contentType("application/json")
                .body("{\"actualValue\":1,\"observedAt\":\"2024-03-01T15:30:00Z\"}{}")
                .when().put("/api/v1/predictions/" + prediction + "/outcome").then(), 400);
        given().when().get("/api/v1/predictions/" + prediction).then().statusCode(200).body("outcome", equalTo(null));
    }

    // ---- 422: strings and documents PostgreSQL cannot keep ----

    @Test
    void decisionStringsAndFeaturesPostgresqlCannotStoreAreUnprocessable() {
        String deep = "{\"a\":".repeat(150) + "1" + "}".repeat(150);
        String body = "["
                + decision("jb-nul\\u0000", "") + ","
                + decision("jb-strings", ",\"rationale\":\"half \\ud800 a pair\"") + ","
                + decision("jb-strings", ",\"features\":{\"note\":\"x\\u0000y\"}") + ","
                + decision("jb-strings", ",\"features\":{\"k\\u0000\":1}") + ","
                + decision("jb-strings", ",\"features\":{\"list\":[1,\"\\udc00\"]}") + ","
                + decision("jb-strings", ",\"features\":" + deep) + ","
                + decision("jb-strings", ",\"features\":{\"n\":1e999999999}") + ","
                + decision("jb-strings", ",\"model\":\"m\\u0000\"") + "]";
        assertProblem(post("/api/v1/decisions", "application/json", body.replace("\"JB\"", "\"JB.STR\"")), 422)
                .body("errors.pointer", equalTo(List.of("/0/strategy", "/1/rationale", "/2/features/note",
                        "/3/features/k\u0000", "/4/features/list/1", "/5/features" + "/a".repeat(100),
                        "/6/features/n", "/7/model")))
                .body("errors.field", equalTo(List.of("strategy", "rationale", "features", "features", "features",
                        "features", "features", "model")));
        given().queryParam("symbol", "JB.STR").when().get("/api/v1/decisions")
                .then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void tradeAndPredictionStringsPostgresqlCannotStoreAreUnprocessable() {
        assertProblem(post("/api/v1/trades", "application/json",
                trade("JB.T5", "1", "10").replace("}", ",\"broker\":\"ib\\u0000\",\"brokerOrderId\":\"\\ud800\"}")), 422)
                .body("errors.pointer", equalTo(List.of("/broker", "/brokerOrderId")));
        assertNoTrades("JB.T5");
        assertProblem(post("/api/v1/predictions", "application/json", prediction("jb-model\\u0000", "1", "")), 422)
                .body("errors[0].pointer", equalTo("/model"));
    }

    @Test
    void featuresRoundTripAsTheSameNumbers() {
        Response created = post("/api/v1/decisions", "application/json", decision("jb-features",
                ",\"features\":{\"ret\":0.0123,\"n\":1e2,\"trail\":1.50,\"i\":-7,"
                        + "\"neg\":-0.5e-3,\"text\":\"caf\\u00e9 \\ud83d\\ude00\",\"nested\":{\"x\":[1,2.5]}}"))
                .statusCode(201).extract().response();
        Response read = given().when().get("/api/v1/decisions/" + created.path("id")).then().statusCode(200)
                .extract().response();
        // A list is read through the pool, a single decision through Hibernate: the same document either way.
        Response listed = given().queryParam("strategy", "jb-features").when().get("/api/v1/decisions").then()
                .statusCode(200).body("data", hasSize(1)).extract().response();
        assertEquals(features(read.asString()), features(listed.asString()));
        for (Response response : List.of(created, read)) {
            assertExactly(new BigDecimal("0.0123"), response, "features.ret");
            assertExactly(new BigDecimal("100"), response, "features.n");
            assertExactly(new BigDecimal("1.50"), response, "features.trail");
            assertExactly(new BigDecimal("-7"), response, "features.i");
            assertExactly(new BigDecimal("-0.0005"), response, "features.neg");
            assertExactly(new BigDecimal("2.5"), response, "features.nested.x[1]");
            assertEquals("caf\u00e9 \ud83d\ude00", response.path("features.text"));
            assertTrue(!Pattern.compile("[:\\[,]\\s*-?\\d+(\\.\\d+)?[eE]").matcher(response.asString()).find(),
                    "numbers written out in full: " + response.asString());
        }
    }

    /** The text of the first {@code "features":{...}} object in a JSON answer. */
    private static String features(String json) {
        int start = json.indexOf("\"features\":{");
        assertTrue(start >= 0, json);
        int depth = 0;
        for (int i = start + 11; i < json.length(); i++) {
            char c = json.charAt(i);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth == 0) {
                return json.substring(start, i + 1);
            }
        }
        throw new AssertionError("unbalanced: " + json);
    }

    // ---- problem details in the user's words ----

    @Test
    void malformedJournalBodiesAreDescribedInTickvaultsOwnWords() {
        List<String> bodies = List.of(decision("jb-words", "").replace("0.5", "NaN"),
                decision("jb-words", "").replace("0.5", "-Infinity"),
                decision("jb-words", "").replace("0.5", "1".repeat(1_500)),
                decision("jb-words", ",\"features\":" + "[".repeat(1_500) + "]".repeat(1_500)),
                "{\"symbol\":\"JB\",", "{\"symbol\" \"JB\"}", "{\"s\":\"" + "\u0007" + "\"}");
        for (String body : bodies) {
            String detail = assertProblem(post("/api/v1/decisions", "application/json", body), 400)
                    .extract().path("detail");
            assertPlainWords(detail);
            assertTrue(detail.contains("line 1, column"), detail);
        }
        for (String url : List.of("/api/v1/trades", "/api/v1/predictions")) {
            String detail = assertProblem(post(url, "application/json", "{\"quantity\":NaN}"), 400)
                    .extract().path("detail");
            assertPlainWords(detail);
            assertTrue(detail.contains("NaN"), detail);
        }
        assertNoDecisions("jb-words");
    }

    /** A problem detail in the user's terms: no parser names, feature flags, Java classes or code quotes. */
    static void assertPlainWords(String detail) {
        for (String internal : List.of("Jackson", "jackson", "StreamReadConstraints", "JsonReadFeature", "`",
                "com.fasterxml", "java.", "Exception", "Source:")) {
            assertTrue(!detail.contains(internal), "'" + internal + "' in: " + detail);
        }
    }
}
