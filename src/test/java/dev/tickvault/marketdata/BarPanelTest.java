package dev.tickvault.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

import static dev.tickvault.marketdata.ColumnarReaders.assertSameRows;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET /api/v1/bars?symbols=...: many series in one answer, ordered by ts then symbol, the same rows in CSV, NDJSON,
 * Arrow, Parquet and JSON pages, each symbol's rows those of its own series read (adjusted too), over 1m bars that
 * span two monthly partitions.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BarPanelTest {

    private static final List<String> SYMBOLS = List.of("PNL.A", "PNL.B", "PNL.C");
    /** 2023-05-31 22:00 to 2023-06-01 02:00 UTC: four hours over the May and June partitions. */
    private static final Instant START = Instant.parse("2023-05-31T22:00:00Z");
    private static final int MINUTES = 240;
    private static boolean loaded;
    private static int total;

    @Inject
    Pool pool;

    /** Three series with gaps of their own (fixed seed), and an unrequested fourth, PNL.X. */
    private static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        Random random = new Random(7);
        StringBuilder body = new StringBuilder();
        for (String symbol : List.of("PNL.A", "PNL.B", "PNL.C", "PNL.X")) {
            for (int i = 0; i < MINUTES; i++) {
                if (random.nextInt(5) == 0) {
                    continue;
                }
                BigDecimal open = BigDecimal.valueOf(random.nextLong(1_000_000_000L, 9_000_000_000L), 8);
                BigDecimal close = BigDecimal.valueOf(random.nextLong(1_000_000_000L, 9_000_000_000L), 8);
                body.append("{\"symbol\":\"").append(symbol).append("\",\"timeframe\":\"1m\",\"ts\":\"")
                        .append(START.plusSeconds(60L * i)).append("\",\"open\":").append(open.toPlainString())
                        .append(",\"high\":").append(open.max(close).add(BigDecimal.ONE).toPlainString())
                        .append(",\"low\":").append(open.min(close).toPlainString()).append(",\"close\":")
                        .append(close.toPlainString()).append(",\"volume\":").append(random.nextInt(1_000_000))
                        .append("}\n");
                if (!symbol.equals("PNL.X")) {
                    total++;
                }
            }
        }
        given().contentType("application/x-ndjson").body(body.toString().getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/bars").then().statusCode(200);
        // A 2:1 split of PNL.B on 2023-06-01: its May bars read halved with adjustment=split.
        given().contentType("application/json")
                .body("{\"symbol\":\"PNL.B\",\"exDate\":\"2023-06-01\",\"type\":\"split\",\"ratio\":2}")
                .when().post("/api/v1/corporate-actions").then().statusCode(200);
        loaded = true;
    }

    private static Response panel(String accept, String... params) {
        var request = given().queryParam("symbols", String.join(",", SYMBOLS)).queryParam("timeframe", "1m");
        if (accept != null) {
            request.accept(accept);
        }
        for (int i = 0; i < params.length; i += 2) {
            request.queryParam(params[i], params[i + 1]);
        }
        return request.when().get("/api/v1/bars");
    }

    private static List<List<String>> csv(String... params) {
        Response response = panel("text/csv", params);
        response.then().statusCode(200).contentType(startsWith("text/csv"));
        return ColumnarReaders.csv(response.asString());
    }

    @Test
    void thePanelIsEveryBarOfTheSymbolsInTsThenSymbolOrderInEveryFormat() {
        ensureLoaded();
        List<List<String>> csv = csv();
        assertEquals(total, csv.size());
        List<List<String>> sorted = new ArrayList<>(csv);
        sorted.sort(Comparator.<List<String>, String>comparing(row -> row.get(2)).thenComparing(row -> row.get(0)));
        assertEquals(sorted, csv, "ordered by ts, then symbol");
        assertTrue(csv.stream().allMatch(row -> SYMBOLS.contains(row.get(0))), "only the symbols asked for");
        for (String symbol : SYMBOLS) {
            List<List<String>> series = ColumnarReaders.csv(given().accept("text/csv").queryParam("timeframe", "1m")
                    .when().get("/api/v1/bars/" + symbol).then().statusCode(200).extract().asString());
            assertEquals(series, csv.stream().filter(row -> row.get(0).equals(symbol)).toList(), symbol);
        }

        Response arrow = panel(BarFormat.ARROW_STREAM);
        arrow.then().statusCode(200).contentType(startsWith(BarFormat.ARROW_STREAM));
        assertSameRows(csv, ColumnarReaders.arrow(arrow.asByteArray(), new ArrayList<>()), "panel Arrow");
        Response parquet = panel(null, "format", "parquet");
        parquet.then().statusCode(200).contentType(startsWith(BarFormat.PARQUET_FILE));
        assertSameRows(csv, ColumnarReaders.parquet(parquet.asByteArray()), "panel Parquet");

        String[] ndjson = panel(BarResource.NDJSON).then().statusCode(200).extract().asString().split("\n");
        assertEquals(total, ndjson.length);
        for (int i = 0; i < ndjson.length; i++) {
            JsonNode bar = TestData.json(ndjson[i]);
            assertEquals(csv.get(i).get(0), bar.get("symbol").asText(), "NDJSON line " + (i + 1));
            assertEquals(csv.get(i).get(2), bar.get("ts").asText(), "NDJSON line " + (i + 1));
        }
    }

    @Test
    void jsonPagesWalkThePanelWithACursor() {
        ensureLoaded();
        List<List<String>> csv = csv("from", "2023-05-31T23:30:00Z", "to", "2023-06-01T00:30:00Z");
        List<String> keys = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("symbols", String.join(",", SYMBOLS)).queryParam("timeframe", "1m")
                    .queryParam("from", "2023-05-31T23:30:00Z").queryParam("to", "2023-06-01T00:30:00Z")
                    .queryParam("limit", "7");
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonNode page = TestData.json(request.when().get("/api/v1/bars").then().statusCode(200)
                    .contentType(startsWith("application/json")).extract().asString());
            for (JsonNode bar : page.get("data")) {
                keys.add(bar.get("ts").asText() + " " + bar.get("symbol").asText());
            }
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null);
        assertEquals(csv.stream().map(row -> row.get(2) + " " + row.get(0)).toList(), keys);
        assertTrue(pages > 2, "several pages: " + pages);
    }

    @Test
    void anAdjustedPanelHasEachSeriesAdjustedAsItsOwnRead() {
        ensureLoaded();
        List<List<String>> csv = csv("adjustment", "split");
        assertEquals(total, csv.size());
        for (String symbol : SYMBOLS) {
            List<List<String>> series = ColumnarReaders.csv(given().accept("text/csv").queryParam("timeframe", "1m")
                    .queryParam("adjustment", "split").when().get("/api/v1/bars/" + symbol).then().statusCode(200)
                    .extract().asString());
            assertEquals(series, csv.stream().filter(row -> row.get(0).equals(symbol)).toList(), symbol);
        }
        assertFalse(csv.equals(csv()), "the split changed PNL.B's May bars");
    }

    @Test
    void tooManyOrNoSymbolsAreA400() {
        StringJoiner many = new StringJoiner(",");
        for (int i = 0; i < 1001; i++) {
            many.add("S" + i);
        }
        given().queryParam("symbols", many.toString()).queryParam("timeframe", "1m").accept("text/csv")
                .when().get("/api/v1/bars").then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("Query parameter 'symbols' holds 1001 symbols; at most 1000 are allowed"));
        given().queryParam("timeframe", "1m").when().get("/api/v1/bars").then().statusCode(400)
                .body("detail", startsWith("Query parameter 'symbols' is required"));
        given().queryParam("symbols", "A,B").queryParam("timeframe", "7m").accept(BarFormat.ARROW_STREAM)
                .when().get("/api/v1/bars").then().statusCode(400);
    }

    /**
     * The panel's statement reads only the partitions of its range and sorts the rows of all symbols once; the rows
     * of the symbols asked for, and no others, can be read by each partition's primary key (which the planner takes once a partition is larger
     * than these few hundred rows, for which a sequential scan is cheaper: shown with sequential scans disabled).
     * EXPLAIN of the statement as the repository sends it, prepared, with a range inside June.
     */
    @Test
    void thePanelReadsOnlyThePartitionsOfItsRangeByTheirPrimaryKey() {
        ensureLoaded();
        String plain = explain(false);
        assertTrue(plain.contains("ohlcv_1m_20230601T000000"), plain);
        assertFalse(plain.contains("ohlcv_1m_20230501T000000"), "May pruned:\n" + plain);
        assertTrue(plain.contains("Sort Key: ohlcv.ts, ohlcv.symbol"), plain);
        assertFalse(plain.contains("Join"), "no join: " + plain);
        String indexed = explain(true);
        assertTrue(indexed.contains("using \"ohlcv_1m_20230601T000000_pkey\""), indexed);
        assertTrue(indexed.contains("Index Cond: ((symbol = ANY ("), indexed);
    }

    private String explain(boolean noSeqScan) {
        String sql = Timeframe.M1.pinned(BarPanelRepository.PANEL);
        return pool.withTransaction(conn -> conn.query(noSeqScan ? "SET LOCAL enable_seqscan = off" : "SELECT 1")
                .execute()
                .chain(() -> conn.query("PREPARE panel_plan AS " + sql).execute())
                .chain(() -> conn.query("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) EXECUTE panel_plan("
                        + "ARRAY['PNL.A','PNL.B','PNL.C'], '1m', '2023-06-01T00:00:00Z', '2023-06-01T01:00:00Z')")
                        .execute())
                .call(() -> conn.query("DEALLOCATE panel_plan").execute()))
                .map(rows -> {
                    List<String> lines = new ArrayList<>();
                    for (Row row : rows) {
                        lines.add(row.getString(0));
                    }
                    return String.join("\n", lines);
                }).await().indefinitely();
    }
}
