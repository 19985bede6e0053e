package dev.tickvault.journal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.marketdata.TestData;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tickvault.marketdata.TestData.assertSameValue;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code withBar} on the decision and trade lists: each record with the bar that was complete when it was decided
 * or entered, from generated minute bars and the S&P 500 file.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class JournalWithBarTest {

    private static boolean loaded;

    private static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        StringBuilder csv = new StringBuilder("symbol,timeframe,ts,open,high,low,close,volume\n");
        for (int m = 0; m < 10; m++) {
            csv.append("WB.M,1m,2016-03-01T09:3").append(m).append(":00Z,10,11,9,10.").append(m).append(",100\n");
        }
        given().contentType("text/csv").body(csv.toString()).when().post("/api/v1/bars").then().statusCode(200);
        TestData.uploadSp500("GSPC.WB");
        loaded = true;
    }

    private static String decision(String symbol, String decidedAt) {
        return "{\"symbol\":\"" + symbol + "\",\"action\":\"BUY\",\"confidence\":0.5,\"strategy\":\"with-bar\","
                + "\"decidedAt\":\"" + decidedAt + "\"}";
    }

    @Test
    void decisionsCarryTheBarCompleteWhenTheyWereDecided() {
        ensureLoaded();
        given().contentType("application/json").body("[" + String.join(",", decision("WB.M", "2016-03-01T09:35:30Z"),
                        decision("WB.M", "2016-03-01T09:30:59Z"), decision("WB.M", "2016-03-01T09:31:00Z"),
                        decision("GSPC.WB", "2008-09-16T00:00:00Z"), decision("WB.NONE", "2016-03-01T09:35:00Z")) + "]")
                .when().post("/api/v1/decisions").then().statusCode(201);
        JsonNode data = TestData.json(given().queryParam("strategy", "with-bar").queryParam("withBar", "1m")
                .when().get("/api/v1/decisions").then().statusCode(200).extract().asString()).get("data");
        assertEquals(5, data.size());
        // By decidedAt: 2008-09-16 (no 1m bars there), then 09:30:59, 09:31:00, 09:35:00 (no bars), 09:35:30.
        assertTrue(data.get(0).get("bar").isNull(), "GSPC.WB has no 1m bars");
        assertEquals("BUY", data.get(1).get("action").asText(), "the decision's own fields stay");
        assertTrue(data.get(1).has("id") && data.get(1).has("decidedAt"));
        assertTrue(data.get(1).get("bar").isNull(), "09:30:59: the first bar has not closed");
        assertEquals("2016-03-01T09:30:00Z", data.get(2).get("bar").get("ts").asText(), "exactly at its close");
        assertTrue(data.get(3).get("bar").isNull(), "a symbol without bars");
        assertEquals("2016-03-01T09:34:00Z", data.get(4).get("bar").get("ts").asText());
        assertSameValue(new java.math.BigDecimal("10.4"), data.get(4).get("bar").get("close"), "close");
        JsonNode daily = TestData.json(given().queryParam("strategy", "with-bar").queryParam("withBar", "1d")
                .queryParam("symbol", "GSPC.WB").when().get("/api/v1/decisions").then().statusCode(200).extract()
                .asString()).get("data");
        TestData.Row sep15 = TestData.sp500().stream().filter(r -> r.ts().equals("2008-09-15T00:00:00Z")).findFirst()
                .orElseThrow();
        assertEquals(sep15.ts(), daily.get(0).get("bar").get("ts").asText());
        assertSameValue(sep15.close(), daily.get(0).get("bar").get("close"), "close of 2008-09-15");
        JsonNode plain = TestData.json(given().queryParam("strategy", "with-bar").when().get("/api/v1/decisions")
                .then().statusCode(200).extract().asString()).get("data");
        assertFalse(plain.get(0).has("bar"), "no withBar, no bar");
        given().queryParam("withBar", "2m").when().get("/api/v1/decisions").then().statusCode(400);
    }

    @Test
    void tradesCarryTheBarCompleteWhenTheyWereEntered() {
        ensureLoaded();
        for (String entry : List.of("2016-03-01T09:33:00Z", "2016-03-01T09:39:59Z")) {
            given().contentType("application/json").body("{\"symbol\":\"WB.M\",\"side\":\"BUY\",\"quantity\":1,"
                    + "\"entryPrice\":10,\"entryTime\":\"" + entry + "\",\"executionMode\":\"PAPER\"}")
                    .when().post("/api/v1/trades").then().statusCode(201);
        }
        JsonNode data = TestData.json(given().queryParam("symbol", "WB.M").queryParam("withBar", "1m")
                .when().get("/api/v1/trades").then().statusCode(200).extract().asString()).get("data");
        assertEquals(2, data.size());
        assertEquals("PAPER", data.get(0).get("executionMode").asText());
        assertEquals("2016-03-01T09:32:00Z", data.get(0).get("bar").get("ts").asText());
        assertEquals("2016-03-01T09:38:00Z", data.get(1).get("bar").get("ts").asText(), "09:39 is still open");
        given().queryParam("withBar", "x").when().get("/api/v1/trades").then().statusCode(400);
    }
}
