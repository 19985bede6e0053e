package dev.tickvault.journal;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class TradeTest {

    private static String open(String symbol, String side, String quantity, String entryPrice, String mode) {
        return given().contentType("application/json")
                .body("{\"symbol\":\"" + symbol + "\",\"side\":\"" + side + "\",\"quantity\":" + quantity
                        + ",\"entryPrice\":" + entryPrice + ",\"entryTime\":\"2024-03-01T14:30:00Z\","
                        + "\"executionMode\":\"" + mode + "\"}")
                .when().post("/api/v1/trades")
                .then().statusCode(201).header("ETag", "\"0\"").extract().path("id");
    }

    private static Response close(String id, String ifMatch, String exitPrice) {
        var request = given().contentType("application/json")
                .body("{\"status\":\"CLOSED\",\"exitPrice\":" + exitPrice + ",\"exitTime\":\"2024-03-02T15:00:00Z\"}");
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.when().patch("/api/v1/trades/" + id).then().extract().response();
    }

    /** P&L checked by hand: BUY (exit - entry) * qty, SELL (entry - exit) * qty. */
    @Test
    void computesRealisedPnlFromSideQuantityEntryAndExit() {
        // BUY 10 at 100.25, sold at 105.50: (105.50 - 100.25) * 10 = 52.5
        String buy = open("TR1", "BUY", "10", "100.25", "PAPER");
        assertPnl(close(buy, "\"0\"", "105.50"), "52.5");
        // SELL 3 at 50, bought back at 47.5: (50 - 47.5) * 3 = 7.5
        String sell = open("TR1", "SELL", "3", "50", "PAPER");
        assertPnl(close(sell, "\"0\"", "47.5"), "7.5");
        // SELL 0.5 at 20, bought back at 21.125: (20 - 21.125) * 0.5 = -0.5625, a loss
        String loss = open("TR1", "SELL", "0.5", "20", "SIMULATION");
        assertPnl(close(loss, "\"0\"", "21.125"), "-0.5625");
        // BUY 0.12345678 BTC at 30000, sold at 30100.5: 100.5 * 0.12345678 = 12.40740639, exact
        String btc = open("BTC-USD", "BUY", "0.12345678", "30000", "LIVE");
        assertPnl(close(btc, "\"0\"", "30100.5"), "12.40740639");

        // An open trade has no realised P&L.
        String stillOpen = open("TR1", "BUY", "1", "10", "PAPER");
        given().when().get("/api/v1/trades/" + stillOpen)
                .then().statusCode(200).body("$", not(hasKey("realisedPnl"))).body("status", equalTo("OPEN"));
    }

    private static void assertPnl(Response closed, String expected) {
        assertEquals(200, closed.statusCode(), closed.asString());
        assertEquals("\"1\"", closed.header("ETag"));
        assertEquals(0, new BigDecimal(expected).compareTo(exact(closed).getObject("realisedPnl", BigDecimal.class)),
                closed.asString());
        String id = closed.path("id");
        Response read = given().when().get("/api/v1/trades/" + id).then().statusCode(200).header("ETag", "\"1\"")
                .extract().response();
        assertEquals(0, new BigDecimal(expected).compareTo(exact(read).getObject("realisedPnl", BigDecimal.class)));
    }

    /** Numbers read as BigDecimal, not float: the P&L is exact. */
    private static JsonPath exact(Response response) {
        return response.jsonPath(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    @Test
    void aStaleVersionIs412EvenOnAClosedTradeAndACurrentOneIs409() {
        String id = open("TR2", "BUY", "5", "10", "PAPER");
        assertEquals(200, close(id, "\"0\"", "11").statusCode());

        // Version 1 is stale: 412 comes first, although the trade is also closed.
        Response stale = close(id, "\"0\"", "12");
        assertEquals(412, stale.statusCode());
        assertEquals("application/problem+json", stale.contentType());

        // The current version on a closed trade: 409.
        Response closedAgain = close(id, "\"1\"", "12");
        assertEquals(409, closedAgain.statusCode());
        given().contentType("application/json").header("If-Match", "\"1\"").body("{\"status\":\"CANCELLED\"}")
                .when().patch("/api/v1/trades/" + id)
                .then().statusCode(409).contentType("application/problem+json");

        given().when().get("/api/v1/trades/" + id).then().statusCode(200)
                .body("exitPrice", equalTo(11)).body("version", equalTo(1));
    }

    @Test
    void aChangeWithoutIfMatchIs428() {
        String id = open("TR3", "BUY", "1", "10", "PAPER");
        Response response = close(id, null, "11");
        assertEquals(428, response.statusCode());
        assertEquals("application/problem+json", response.contentType());
        given().when().get("/api/v1/trades/" + id).then().body("status", equalTo("OPEN"));
    }

    @Test
    void cancelsAnOpenTrade() {
        String id = open("TR4", "SELL", "2", "10", "SIMULATION");
        given().contentType("application/json").header("If-Match", "\"0\"").body("{\"status\":\"CANCELLED\"}")
                .when().patch("/api/v1/trades/" + id)
                .then().statusCode(200).header("ETag", "\"1\"")
                .body("status", equalTo("CANCELLED"))
                .body("$", not(hasKey("realisedPnl")));
    }

    @Test
    void concurrentClosesAtOneVersionLetExactlyOneThrough() throws Exception {
        String id = open("TR5", "BUY", "1", "10", "PAPER");
        ExecutorService executor = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String price = "1" + i;
                statuses.add(executor.submit(() -> close(id, "\"0\"", price).statusCode()));
            }
            int ok = 0;
            int stale = 0;
            for (Future<Integer> status : statuses) {
                int code = status.get();
                ok += code == 200 ? 1 : 0;
                stale += code == 412 ? 1 : 0;
            }
            assertEquals(1, ok);
            assertEquals(5, stale);
        } finally {
            executor.shutdownNow();
        }
        given().when().get("/api/v1/trades/" + id).then().body("version", equalTo(1));
    }

    @Test
    void rejectsInvalidTradesAndChanges() {
        given().contentType("application/json")
                .body("{\"symbol\":\"TR6\",\"side\":\"LONG\",\"quantity\":0,\"entryPrice\":-1,\"executionMode\":\"REAL\"}")
                .when().post("/api/v1/trades")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.pointer", hasItems("/side", "/quantity", "/entryPrice", "/executionMode"));

        String id = open("TR6", "BUY", "1", "10", "PAPER");
        given().contentType("application/json").header("If-Match", "\"0\"")
                .body("{\"status\":\"CLOSED\",\"exitPrice\":11,\"exitTime\":\"2024-02-01T00:00:00Z\"}")
                .when().patch("/api/v1/trades/" + id)
                .then().statusCode(422).body("errors[0].pointer", equalTo("/exitTime"));
        given().contentType("application/json").header("If-Match", "\"0\"").body("{\"status\":\"CLOSED\"}")
                .when().patch("/api/v1/trades/" + id)
                .then().statusCode(422).body("errors[0].pointer", equalTo("/exitPrice"));
        given().contentType("application/json").header("If-Match", "0").body("{\"status\":\"CANCELLED\"}")
                .when().patch("/api/v1/trades/" + id)
                .then().statusCode(400);
        given().contentType("application/json").header("If-Match", "\"0\"").body("{\"status\":\"CANCELLED\"}")
                .when().patch("/api/v1/trades/0190d2c4-8f3e-7c1a-9b2d-3e4f5a6b7c8d")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void linksATradeToItsDecision() {
        String decision = given().contentType("application/json")
                .body("{\"symbol\":\"TR7\",\"action\":\"BUY\",\"confidence\":0.9,\"strategy\":\"link\"}")
                .when().post("/api/v1/decisions").then().statusCode(201).extract().path("id");
        given().contentType("application/json")
                .body("{\"symbol\":\"TR7\",\"side\":\"BUY\",\"quantity\":1,\"entryPrice\":10,\"executionMode\":\"PAPER\","
                        + "\"broker\":\"alpaca\",\"brokerOrderId\":\"ord-42\",\"decisionId\":\"" + decision + "\"}")
                .when().post("/api/v1/trades")
                .then().statusCode(201).body("decisionId", equalTo(decision)).body("broker", equalTo("alpaca"));
        given().contentType("application/json")
                .body("{\"symbol\":\"TR7\",\"side\":\"BUY\",\"quantity\":1,\"entryPrice\":10,\"executionMode\":\"PAPER\","
                        + "\"decisionId\":\"0190d2c4-8f3e-7c1a-9b2d-3e4f5a6b7c8d\"}")
                .when().post("/api/v1/trades")
                .then().statusCode(422).body("errors[0].pointer", equalTo("/decisionId"));
    }

    @Test
    void listsTradesByStatusModeAndSymbol() {
        String a = open("TR8", "BUY", "1", "10", "PAPER");
        open("TR8", "BUY", "1", "10", "LIVE");
        String c = open("TR8", "SELL", "1", "10", "PAPER");
        close(c, "\"0\"", "9");
        given().queryParam("symbol", "TR8").queryParam("executionMode", "PAPER").queryParam("status", "OPEN")
                .when().get("/api/v1/trades")
                .then().statusCode(200).body("data", hasSize(1)).body("data[0].id", equalTo(a));
        given().queryParam("symbol", "TR8").queryParam("status", "CLOSED")
                .when().get("/api/v1/trades")
                .then().statusCode(200).body("data", hasSize(1)).body("data[0].realisedPnl", equalTo(1));
        given().queryParam("symbol", "TR8").queryParam("limit", 2)
                .when().get("/api/v1/trades")
                .then().statusCode(200).body("data", hasSize(2)).body("nextCursor", not(equalTo(null)));
        given().queryParam("status", "open").when().get("/api/v1/trades").then().statusCode(400);
    }

    @Test
    void anIdempotentRetryOpensOneTrade() {
        String body = "{\"symbol\":\"TR9\",\"side\":\"BUY\",\"quantity\":1,\"entryPrice\":10,\"executionMode\":\"PAPER\"}";
        String first = given().contentType("application/json").header("Idempotency-Key", "tr9").body(body)
                .when().post("/api/v1/trades").then().statusCode(201).extract().path("id");
        given().contentType("application/json").header("Idempotency-Key", "tr9").body(body)
                .when().post("/api/v1/trades").then().statusCode(201)
                .header("ETag", "\"0\"").header("Idempotent-Replayed", "true").body("id", equalTo(first));
        given().queryParam("symbol", "TR9").when().get("/api/v1/trades").then().body("data", hasSize(1));
    }

    @Test
    void aRequestRefusedUnderAKeyLeavesTheKeyFree() {
        given().contentType("application/json").header("Idempotency-Key", "tr10")
                .body("{\"symbol\":\"TR10\",\"side\":\"BUY\",\"quantity\":1,\"entryPrice\":10,\"executionMode\":\"PAPER\","
                        + "\"decisionId\":\"0190d2c4-8f3e-7c1a-9b2d-3e4f5a6b7c8d\"}")
                .when().post("/api/v1/trades").then().statusCode(422);
        given().contentType("application/json").header("Idempotency-Key", "tr10")
                .body("{\"symbol\":\"TR10\",\"side\":\"BUY\",\"quantity\":1,\"entryPrice\":10,\"executionMode\":\"PAPER\"}")
                .when().post("/api/v1/trades").then().statusCode(201);
    }
}
