package dev.tickvault.journal;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The performance record against figures computed here from the trades this test opens and closes. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class TradePerformanceTest {

    private static final String SYMBOL = "PERF.A";

    /** A closed trade as this test sees it. */
    private record Closed(String side, BigDecimal quantity, BigDecimal entry, BigDecimal exit, Instant exitTime) {
        BigDecimal pnl() {
            BigDecimal move = side.equals("BUY") ? exit.subtract(entry) : entry.subtract(exit);
            return move.multiply(quantity);
        }
    }

    private static String decision(String strategy) {
        return given().contentType("application/json")
                .body("{\"symbol\":\"" + SYMBOL + "\",\"action\":\"BUY\",\"confidence\":0.6,\"strategy\":\"" + strategy
                        + "\"}")
                .when().post("/api/v1/decisions").then().statusCode(201).extract().path("id");
    }

    private static String open(String side, String quantity, String entry, String entryTime, String mode,
            String decisionId) {
        return given().contentType("application/json")
                .body("{\"symbol\":\"" + SYMBOL + "\",\"side\":\"" + side + "\",\"quantity\":" + quantity
                        + ",\"entryPrice\":" + entry + ",\"entryTime\":\"" + entryTime + "\",\"executionMode\":\"" + mode
                        + "\",\"decisionId\":\"" + decisionId + "\"}")
                .when().post("/api/v1/trades").then().statusCode(201).extract().path("id");
    }

    private static void close(String id, String exit, String exitTime) {
        given().contentType("application/json").header("If-Match", "\"0\"")
                .body("{\"status\":\"CLOSED\",\"exitPrice\":" + exit + ",\"exitTime\":\"" + exitTime + "\"}")
                .when().patch("/api/v1/trades/" + id).then().statusCode(200);
    }

    private static Closed trade(String strategy, String side, String quantity, String entry, String exit,
            String exitTime) {
        Instant closedAt = Instant.parse(exitTime);
        String id = open(side, quantity, entry, closedAt.minusSeconds(3_600).toString(), "SIMULATION", decision(strategy));
        close(id, exit, exitTime);
        return new Closed(side, new BigDecimal(quantity), new BigDecimal(entry), new BigDecimal(exit), closedAt);
    }

    private static JsonPath exact(Response response) {
        return response.jsonPath(JsonPathConfig.jsonPathConfig()
                .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    private static void assertSame(BigDecimal expected, BigDecimal actual, String what) {
        if (expected == null) {
            assertNull(actual, what);
            return;
        }
        assertEquals(0, expected.compareTo(actual), what + ": expected " + expected + ", got " + actual);
    }

    private static BigDecimal round(BigDecimal value) {
        return value.setScale(8, RoundingMode.HALF_UP);
    }

    @Test
    void figuresMatchThoseComputedFromTheTrades() {
        List<Closed> alpha = new ArrayList<>();
        alpha.add(trade("perf-alpha", "BUY", "10", "100", "105", "2024-03-04T15:00:00Z"));
        alpha.add(trade("perf-alpha", "SELL", "5", "50", "52", "2024-03-04T18:00:00Z"));
        alpha.add(trade("perf-alpha", "BUY", "2.5", "200", "190.4", "2024-03-05T15:00:00Z"));
        alpha.add(trade("perf-alpha", "BUY", "1", "10", "10", "2024-03-06T15:00:00Z"));
        alpha.add(trade("perf-alpha", "SELL", "3", "80", "70.25", "2024-03-07T15:00:00Z"));
        alpha.add(trade("perf-alpha", "BUY", "4", "20", "15.125", "2024-03-08T15:00:00Z"));
        alpha.add(trade("perf-alpha", "BUY", "0.12345678", "30000", "30100.5", "2024-03-11T15:00:00Z"));
        // Not counted: another strategy, another mode, a trade still open, a cancelled one.
        trade("perf-beta", "BUY", "1", "10", "20", "2024-03-05T16:00:00Z");
        close(open("BUY", "1", "10", "2024-03-05T10:00:00Z", "PAPER", decision("perf-alpha")), "30",
                "2024-03-05T17:00:00Z");
        open("BUY", "1", "10", "2024-03-05T10:00:00Z", "SIMULATION", decision("perf-alpha"));
        String cancelled = open("BUY", "1", "10", "2024-03-05T10:00:00Z", "SIMULATION", decision("perf-alpha"));
        given().contentType("application/json").header("If-Match", "\"0\"").body("{\"status\":\"CANCELLED\"}")
                .when().patch("/api/v1/trades/" + cancelled).then().statusCode(200);

        Response answer = given().queryParam("executionMode", "SIMULATION").queryParam("strategy", "perf-alpha")
                .queryParam("symbol", SYMBOL).queryParam("interval", "1d")
                .when().get("/api/v1/trades/performance").then().statusCode(200).extract().response();
        JsonPath record = exact(answer);

        alpha.sort(Comparator.comparing(Closed::exitTime));
        BigDecimal grossProfit = BigDecimal.ZERO;
        BigDecimal grossLoss = BigDecimal.ZERO;
        int wins = 0;
        int losses = 0;
        BigDecimal equity = BigDecimal.ZERO;
        BigDecimal peak = BigDecimal.ZERO;
        BigDecimal maxDrawdown = BigDecimal.ZERO;
        Map<LocalDate, BigDecimal[]> days = new LinkedHashMap<>();
        for (Closed t : alpha) {
            BigDecimal pnl = t.pnl();
            if (pnl.signum() > 0) {
                wins++;
                grossProfit = grossProfit.add(pnl);
            } else if (pnl.signum() < 0) {
                losses++;
                grossLoss = grossLoss.add(pnl.negate());
            }
            equity = equity.add(pnl);
            peak = peak.max(equity);
            maxDrawdown = maxDrawdown.max(peak.subtract(equity));
            BigDecimal[] day = days.computeIfAbsent(LocalDate.ofInstant(t.exitTime(), ZoneOffset.UTC),
                    d -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
            day[0] = day[0].add(pnl);
            day[1] = day[1].add(BigDecimal.ONE);
            day[2] = equity;
            day[3] = peak.subtract(equity);
        }
        assertEquals(7, (int) answer.path("trades"));
        assertEquals(wins, (int) answer.path("wins"));
        assertEquals(losses, (int) answer.path("losses"));
        assertSame(round(new BigDecimal(wins).divide(new BigDecimal(7), 10, RoundingMode.HALF_UP)),
                record.getObject("winRate", BigDecimal.class), "winRate");
        assertSame(round(grossProfit.divide(new BigDecimal(wins), 20, RoundingMode.HALF_UP)),
                record.getObject("averageWin", BigDecimal.class), "averageWin");
        assertSame(round(grossLoss.negate().divide(new BigDecimal(losses), 20, RoundingMode.HALF_UP)),
                record.getObject("averageLoss", BigDecimal.class), "averageLoss");
        assertSame(round(grossProfit.divide(grossLoss, 20, RoundingMode.HALF_UP)),
                record.getObject("profitFactor", BigDecimal.class), "profitFactor");
        assertSame(grossProfit, record.getObject("grossProfit", BigDecimal.class), "grossProfit");
        assertSame(grossLoss, record.getObject("grossLoss", BigDecimal.class), "grossLoss");
        assertSame(equity, record.getObject("netPnl", BigDecimal.class), "netPnl");
        assertSame(maxDrawdown, record.getObject("maxDrawdown", BigDecimal.class), "maxDrawdown");

        List<Map<String, Object>> curve = answer.path("equity");
        assertEquals(days.size(), curve.size());
        int i = 0;
        for (Map.Entry<LocalDate, BigDecimal[]> day : days.entrySet()) {
            String at = "equity[" + i + "]";
            assertEquals(day.getKey() + "T00:00:00Z", answer.path(at + ".ts"));
            assertSame(day.getValue()[0], record.getObject(at + ".pnl", BigDecimal.class), at + ".pnl");
            assertEquals(day.getValue()[1].intValue(), (int) answer.path(at + ".trades"));
            assertSame(day.getValue()[2], record.getObject(at + ".equity", BigDecimal.class), at + ".equity");
            assertSame(day.getValue()[3], record.getObject(at + ".drawdown", BigDecimal.class), at + ".drawdown");
            i++;
        }

        // Weeks start on Monday: 2024-03-04 holds the first six trades, 2024-03-11 the last.
        given().queryParam("strategy", "perf-alpha").queryParam("executionMode", "SIMULATION").queryParam("interval", "1w")
                .when().get("/api/v1/trades/performance").then().statusCode(200)
                .body("equity.ts", equalTo(List.of("2024-03-04T00:00:00Z", "2024-03-11T00:00:00Z")))
                .body("equity.trades", equalTo(List.of(6, 1)));
        // Exits in [from, to): the 5th to the 7th of March.
        given().queryParam("strategy", "perf-alpha").queryParam("executionMode", "SIMULATION")
                .queryParam("from", "2024-03-05").queryParam("to", "2024-03-08")
                .when().get("/api/v1/trades/performance").then().statusCode(200).body("trades", equalTo(3));
        // Without the mode filter the PAPER trade counts too.
        given().queryParam("strategy", "perf-alpha").queryParam("symbol", SYMBOL)
                .when().get("/api/v1/trades/performance").then().statusCode(200).body("trades", equalTo(8));
    }

    @Test
    void noTradesIsAnEmptyRecordAndBadParametersAre400() {
        given().queryParam("strategy", "perf-none").when().get("/api/v1/trades/performance")
                .then().statusCode(200).body("trades", equalTo(0)).body("winRate", nullValue())
                .body("profitFactor", nullValue()).body("netPnl", equalTo(0)).body("maxDrawdown", equalTo(0))
                .body("equity", hasSize(0)).body("interval", equalTo("1d"));
        given().queryParam("interval", "P1M").when().get("/api/v1/trades/performance").then().statusCode(400);
        given().queryParam("interval", "2d").when().get("/api/v1/trades/performance").then().statusCode(400);
        given().queryParam("interval", "PT4H").when().get("/api/v1/trades/performance").then().statusCode(200);
        given().queryParam("executionMode", "REAL").when().get("/api/v1/trades/performance").then().statusCode(400);
        given().queryParam("from", "2024-02-01").queryParam("to", "2024-01-01")
                .when().get("/api/v1/trades/performance").then().statusCode(400);
    }
}
