package dev.tickvault.marketdata;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** GET /api/v1/bars/latest: the newest bar of many symbols, in the order asked, unknown symbols skipped. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BarLatestManyTest {

    private static boolean loaded;

    private static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        // LM.A's newest bar is 2024-01-03, LM.B's 2024-01-05, LM.C's 2024-01-04; LM.B also has a 1h bar later on.
        String body = "[" + String.join(",",
                BarIngestTest.jsonBar("LM.A", "2024-01-02", "10", "11", "9", "10.5", 100),
                BarIngestTest.jsonBar("LM.A", "2024-01-03", "10.5", "12", "10", "11.5", 110),
                BarIngestTest.jsonBar("LM.B", "2024-01-04", "20", "21", "19", "20.5", 200),
                BarIngestTest.jsonBar("LM.B", "2024-01-05", "20.5", "22", "20", "21.25", 210),
                BarIngestTest.jsonBar("LM.C", "2024-01-04", "30", "31", "29", "30.75", 300),
                "{\"symbol\":\"LM.B\",\"timeframe\":\"1h\",\"ts\":\"2024-02-01T10:00:00Z\",\"open\":1,\"high\":1,"
                        + "\"low\":1,\"close\":1,\"volume\":1}") + "]";
        given().contentType("application/json").body(body)
                .when().post("/api/v1/bars")
                .then().statusCode(200).body("inserted", equalTo(6));
        loaded = true;
    }

    @Test
    void returnsTheNewestBarPerSymbolInTheOrderAsked() {
        ensureLoaded();
        given().queryParam("symbols", "LM.C,LM.A,LM.B").queryParam("timeframe", "1d")
                .when().get("/api/v1/bars/latest")
                .then().statusCode(200)
                .contentType("application/json")
                .body("data.symbol", equalTo(List.of("LM.C", "LM.A", "LM.B")))
                .body("data.ts", equalTo(List.of("2024-01-04T00:00:00Z", "2024-01-03T00:00:00Z",
                        "2024-01-05T00:00:00Z")))
                .body("data.close", equalTo(List.of(30.75f, 11.5f, 21.25f)))
                .body("data.timeframe", equalTo(List.of("1d", "1d", "1d")));
    }

    @Test
    void skipsUnknownSymbolsAndAcceptsLowerCase() {
        ensureLoaded();
        given().queryParam("symbols", "lm.b,NO.SUCH,LM.A").queryParam("timeframe", "1d")
                .when().get("/api/v1/bars/latest")
                .then().statusCode(200)
                .body("data.symbol", equalTo(List.of("LM.B", "LM.A")));
    }

    @Test
    void usesOnlyBarsOfTheAskedTimeframe() {
        ensureLoaded();
        given().queryParam("symbols", "LM.A,LM.B").queryParam("timeframe", "1h")
                .when().get("/api/v1/bars/latest")
                .then().statusCode(200)
                .body("data.symbol", equalTo(List.of("LM.B")))
                .body("data[0].ts", equalTo("2024-02-01T10:00:00Z"));
    }

    /** {@code count} distinct two-character symbols ({@code 00}, {@code 01}, ... {@code ZZ}), comma-separated. */
    private static String compactSymbols(int count) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        return IntStream.range(0, count)
                .mapToObj(i -> "" + alphabet.charAt(i / 36) + alphabet.charAt(i % 36))
                .collect(Collectors.joining(","));
    }

    @Test
    void allowsOneThousandSymbols() {
        ensureLoaded();
        String symbols = compactSymbols(999) + ",LM.A";
        given().urlEncodingEnabled(false)
                .when().get("/api/v1/bars/latest?timeframe=1d&symbols=" + symbols)
                .then().statusCode(200)
                .body("data.symbol", equalTo(List.of("LM.A")));
    }

    @Test
    void allowsOneThousandTickerLikeSymbols() {
        ensureLoaded();
        // 1,000 four-letter tickers, as a client asking for a broad index would send: a URL of about 5 kB.
        String symbols = IntStream.range(0, 999).mapToObj(i -> String.format("T%03d", i))
                .collect(Collectors.joining(",")) + ",LM.A";
        given().urlEncodingEnabled(false)
                .when().get("/api/v1/bars/latest?timeframe=1d&symbols=" + symbols)
                .then().statusCode(200)
                .body("data.symbol", equalTo(List.of("LM.A")));
    }

    @Test
    void moreThanOneThousandSymbolsIsABadRequest() {
        given().urlEncodingEnabled(false)
                .when().get("/api/v1/bars/latest?timeframe=1d&symbols=" + compactSymbols(1001))
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("detail", notNullValue());
    }

    @Test
    void repeatedSymbolsCountOnceAndAnswerOnce() {
        ensureLoaded();
        given().queryParam("symbols", "LM.A,lm.a,LM.A").queryParam("timeframe", "1d")
                .when().get("/api/v1/bars/latest")
                .then().statusCode(200)
                .body("data.symbol", equalTo(List.of("LM.A")));
    }

    @Test
    void invalidSymbolInTheListIsABadRequest() {
        given().queryParam("symbols", "LM.A,-BAD").queryParam("timeframe", "1d")
                .when().get("/api/v1/bars/latest")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400));
    }

    @Test
    void missingSymbolsOrTimeframeIsABadRequest() {
        given().queryParam("timeframe", "1d")
                .when().get("/api/v1/bars/latest")
                .then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("symbols", "LM.A")
                .when().get("/api/v1/bars/latest")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }
}
