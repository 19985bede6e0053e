package dev.tickvault.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class DecisionTest {

    @Inject
    Pool pool;

    @Inject
    ObjectMapper mapper;

    /** The VIX sample's signals (short/long/hold) as decisions on ^VIX, one a trading day. */
    private ArrayNode vixDecisions() throws Exception {
        JsonNode rows;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("sample-data/ohlc.json")) {
            rows = mapper.readTree(in);
        }
        ArrayNode decisions = mapper.createArrayNode();
        for (JsonNode row : rows) {
            String action = switch (row.get("signal").asText()) {
                case "short" -> "SELL";
                case "long" -> "BUY";
                default -> "HOLD";
            };
            ObjectNode d = decisions.addObject();
            d.put("symbol", "^VIX").put("action", action).put("confidence", 0.6).put("price", row.get("close").decimalValue())
                    .put("strategy", "vix-signal-test").put("decidedAt", row.get("date").asText() + "T21:00:00Z");
            d.putObject("features").put("ret", row.get("ret").decimalValue()).put("signal", row.get("signal").asText());
        }
        return decisions;
    }

    @Test
    void storesTheVixSignalsAsDecisionsAndReadsThemBackInOrder() throws Exception {
        ArrayNode batch = vixDecisions();
        Response created = given().contentType("application/json").body(batch.toString())
                .when().post("/api/v1/decisions")
                .then().statusCode(201).body("data", hasSize(batch.size())).extract().response();
        List<String> ids = created.path("data.id");
        for (int i = 0; i < batch.size(); i++) {
            assertEquals(batch.get(i).get("action").asText(), created.path("data[" + i + "].action"));
            assertEquals(batch.get(i).get("decidedAt").asText(), created.path("data[" + i + "].decidedAt"));
        }

        // Read back in pages of 10 through the cursor: same ids, same order, same values.
        List<String> read = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParam("symbol", "^vix").queryParam("strategy", "vix-signal-test")
                    .queryParam("limit", 10);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.when().get("/api/v1/decisions").then().statusCode(200).extract().response();
            read.addAll(page.path("data.id"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        assertEquals(ids, read);

        JsonNode first = batch.get(0);
        given().when().get("/api/v1/decisions/" + ids.get(0))
                .then().statusCode(200)
                .body("symbol", equalTo("^VIX"))
                .body("action", equalTo("SELL"))
                .body("confidence", equalTo(0.6f))
                .body("price", equalTo(first.get("price").floatValue()))
                .body("features.signal", equalTo("short"))
                .body("decidedAt", equalTo("2009-06-01T21:00:00Z"))
                .body("recordedAt", notNullValue());

        long sells = 0;
        for (JsonNode d : batch) {
            sells += d.get("action").asText().equals("SELL") ? 1 : 0;
        }
        long stored = pool.preparedQuery("SELECT count(*) FROM journal.decisions WHERE symbol = '^VIX'"
                        + " AND strategy = 'vix-signal-test' AND action = 'SELL'")
                .execute().await().indefinitely().iterator().next().getLong(0);
        assertEquals(sells, stored);
    }

    @Test
    void decisionsAtTheEdgesOfTheTimestampRangePageThroughWithCursors() {
        // The first and the last microsecond a body may carry (UTC years 0001..9999), two of each.
        List<String> times = List.of("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z",
                "9999-12-31T23:59:59.999999Z");
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < times.size(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"symbol\":\"DCEDGE\",\"action\":\"HOLD\",\"confidence\":0.5,")
                    .append("\"strategy\":\"edges\",\"decidedAt\":\"").append(times.get(i)).append("\"}");
        }
        List<String> ids = given().contentType("application/json").body(body.append("]").toString())
                .when().post("/api/v1/decisions")
                .then().statusCode(201).extract().path("data.id");
        // Ties on decidedAt are broken by id, so the expected order is (decidedAt, id).
        List<String> ascending = new ArrayList<>(List.of(ids.get(0), ids.get(1)));
        ascending.sort(null);
        List<String> last = new ArrayList<>(List.of(ids.get(2), ids.get(3)));
        last.sort(null);
        ascending.addAll(last);
        List<String> descending = new ArrayList<>(ascending);
        java.util.Collections.reverse(descending);

        assertEquals(ascending, pageThrough("asc"));
        assertEquals(descending, pageThrough("desc"));
    }

    /** Every DCEDGE decision, one a page, following nextCursor to the end. */
    private static List<String> pageThrough(String order) {
        List<String> read = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("symbol", "DCEDGE").queryParam("order", order).queryParam("limit", 1);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.when().get("/api/v1/decisions").then().statusCode(200).extract().response();
            read.addAll(page.path("data.id"));
            cursor = page.path("nextCursor");
            assertTrue(++pages <= 5, "paging must end");
        } while (cursor != null);
        return read;
    }

    @Test
    void recordsOneDecisionWithLocation() {
        given().contentType("application/json")
                .body("{\"symbol\":\"dc1\",\"action\":\"BUY\",\"confidence\":0.91,\"quantity\":2.5,\"strategy\":\"s1\"}")
                .when().post("/api/v1/decisions")
                .then().statusCode(201)
                .header("Location", notNullValue())
                .body("id", notNullValue())
                .body("symbol", equalTo("DC1"))
                .body("quantity", equalTo(2.5f))
                .body("price", nullValue());
    }

    @Test
    void acceptsNdjsonBatches() {
        given().contentType("application/x-ndjson")
                .body(("{\"symbol\":\"DC2\",\"action\":\"BUY\",\"confidence\":1,\"strategy\":\"nd\"}\n"
                        + "\n{\"symbol\":\"DC2\",\"action\":\"CLOSE\",\"confidence\":0,\"strategy\":\"nd\"}\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/v1/decisions")
                .then().statusCode(201)
                .body("data", hasSize(2))
                .body("data[1].action", equalTo("CLOSE"));
    }

    @Test
    void rejectsTheWholeBatchWhenOneDecisionIsInvalid() {
        given().contentType("application/json")
                .body("[{\"symbol\":\"DC3\",\"action\":\"BUY\",\"confidence\":0.5,\"strategy\":\"s\"},"
                        + "{\"symbol\":\"DC3\",\"action\":\"MAYBE\",\"confidence\":1.5,\"strategy\":\"s\",\"price\":-1}]")
                .when().post("/api/v1/decisions")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors", hasSize(3))
                .body("errors.pointer", org.hamcrest.Matchers.hasItems("/1/action", "/1/confidence", "/1/price"));
        given().queryParam("symbol", "DC3").when().get("/api/v1/decisions")
                .then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void malformedJsonIsABadRequest() {
        given().contentType("application/json").body("{\"symbol\":")
                .when().post("/api/v1/decisions")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void unknownDecisionIsNotFound() {
        given().when().get("/api/v1/decisions/0190d2c4-8f3e-7c1a-9b2d-3e4f5a6b7c8d")
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get("/api/v1/decisions/not-a-uuid")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void putPatchAndDeleteAreNotAllowed() {
        String id = given().contentType("application/json")
                .body("{\"symbol\":\"DC4\",\"action\":\"HOLD\",\"confidence\":0.5,\"strategy\":\"s\"}")
                .when().post("/api/v1/decisions").then().statusCode(201).extract().path("id");
        given().contentType("application/json").body("{}").when().put("/api/v1/decisions/" + id)
                .then().statusCode(405).contentType("application/problem+json").header("Allow", "GET");
        given().when().delete("/api/v1/decisions/" + id)
                .then().statusCode(405).contentType("application/problem+json");
        given().contentType("application/json").body("{}").when().patch("/api/v1/decisions/" + id)
                .then().statusCode(405).contentType("application/problem+json");
        given().contentType("application/json").body("[]").when().put("/api/v1/decisions")
                .then().statusCode(405).contentType("application/problem+json");
        given().when().delete("/api/v1/decisions")
                .then().statusCode(405).contentType("application/problem+json");
        given().when().get("/api/v1/decisions/" + id).then().statusCode(200).body("action", equalTo("HOLD"));
    }

    @Test
    void theDatabaseRefusesToUpdateOrDeleteADecision() {
        String id = given().contentType("application/json")
                .body("{\"symbol\":\"DC5\",\"action\":\"BUY\",\"confidence\":0.8,\"strategy\":\"s\"}")
                .when().post("/api/v1/decisions").then().statusCode(201).extract().path("id");
        java.util.UUID uuid = java.util.UUID.fromString(id);

        PgException update = assertThrows(PgException.class, () -> pool
                .preparedQuery("UPDATE journal.decisions SET action = 'SELL' WHERE id = $1")
                .execute(Tuple.of(uuid)).await().indefinitely());
        assertEquals("42501", update.getSqlState());
        assertTrue(update.getErrorMessage().contains("append-only"), update.getErrorMessage());

        PgException delete = assertThrows(PgException.class, () -> pool
                .preparedQuery("DELETE FROM journal.decisions WHERE id = $1")
                .execute(Tuple.of(uuid)).await().indefinitely());
        assertEquals("42501", delete.getSqlState());

        PgException truncate = assertThrows(PgException.class, () -> pool
                .query("TRUNCATE journal.decisions CASCADE").execute().await().indefinitely());
        assertEquals("42501", truncate.getSqlState());

        given().when().get("/api/v1/decisions/" + id).then().statusCode(200).body("action", equalTo("BUY"));
    }

    @Test
    void anIdempotentRetryReturnsTheSameDecisionAndWritesOneRow() {
        String body = "{\"symbol\":\"DC6\",\"action\":\"SELL\",\"confidence\":0.75,\"strategy\":\"idem\"}";
        Response first = given().contentType("application/json").header("Idempotency-Key", "dc6-key-1").body(body)
                .when().post("/api/v1/decisions").then().statusCode(201).extract().response();
        Response retry = given().contentType("application/json").header("Idempotency-Key", "dc6-key-1").body(body)
                .when().post("/api/v1/decisions").then().statusCode(201)
                .header("Idempotent-Replayed", "true").extract().response();
        assertEquals(first.asString(), retry.asString());
        assertEquals(first.header("Location"), retry.header("Location"));
        assertEquals(1L, count("DC6"));

        given().contentType("application/json").header("Idempotency-Key", "dc6-key-1")
                .body(body.replace("0.75", "0.76"))
                .when().post("/api/v1/decisions")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:tickvault:problem:idempotency-key-reused"));
        assertEquals(1L, count("DC6"));

        // Another key is another request.
        given().contentType("application/json").header("Idempotency-Key", "dc6-key-2").body(body)
                .when().post("/api/v1/decisions").then().statusCode(201);
        assertEquals(2L, count("DC6"));
    }

    @Test
    void concurrentDuplicatesWriteOnce() throws Exception {
        String body = "[{\"symbol\":\"DC7\",\"action\":\"BUY\",\"confidence\":0.5,\"strategy\":\"race\"}]";
        var executor = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(executor.submit(() -> given().contentType("application/json")
                        .header("Idempotency-Key", "dc7-race").body(body)
                        .when().post("/api/v1/decisions").then().statusCode(201).extract().asString()));
            }
            String firstAnswer = answers.get(0).get();
            for (var answer : answers) {
                assertEquals(firstAnswer, answer.get());
            }
        } finally {
            executor.shutdownNow();
        }
        assertEquals(1L, count("DC7"));
    }

    @Test
    void concurrentRequestsAreStoredTogetherYetEachSucceedsOrFailsAlone() throws Exception {
        // A rule only the database holds, so that one request of a group fails there and nowhere before.
        pool.query("ALTER TABLE journal.decisions ADD CONSTRAINT dc11_test_refusal CHECK (strategy <> 'dc11-refused')"
                + " NOT VALID").execute().await().indefinitely();
        // While this transaction holds the table, the first inserts wait on the lock and the requests behind
        // them queue in the group commit; they are written as groups once it ends.
        SqlConnection blocker = pool.getConnection().await().indefinitely();
        var executor = java.util.concurrent.Executors.newFixedThreadPool(64);
        int refused = 63;
        try {
            blocker.query("BEGIN").execute().await().indefinitely();
            blocker.query("LOCK TABLE journal.decisions IN EXCLUSIVE MODE").execute().await().indefinitely();
            List<java.util.concurrent.Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String strategy = i == refused ? "dc11-refused" : "dc11-" + i;
                String body = "{\"symbol\":\"DC11\",\"action\":\"BUY\",\"confidence\":0.5,\"strategy\":\"" + strategy
                        + "\",\"rationale\":\"request " + i + "\"}";
                answers.add(executor.submit(() -> given().contentType("application/json").body(body)
                        .when().post("/api/v1/decisions").then().extract().response()));
            }
            Thread.sleep(1500); // the test thread only: lets all 64 requests reach the queue
            blocker.query("COMMIT").execute().await().indefinitely();
            for (int i = 0; i < answers.size(); i++) {
                Response answer = answers.get(i).get();
                if (i == refused) {
                    assertEquals(422, answer.statusCode(), answer.asString());
                    assertEquals("application/problem+json", answer.contentType());
                    continue;
                }
                assertEquals(201, answer.statusCode(), answer.asString());
                // Each reply is its own request's decision, and it is in the table under that id.
                assertEquals("dc11-" + i, answer.path("strategy"));
                assertEquals("request " + i, answer.path("rationale"));
                given().when().get("/api/v1/decisions/" + answer.path("id")).then().statusCode(200)
                        .body("strategy", equalTo("dc11-" + i));
            }
        } finally {
            executor.shutdownNow();
            blocker.close().await().indefinitely();
            pool.query("ALTER TABLE journal.decisions DROP CONSTRAINT dc11_test_refusal").execute().await().indefinitely();
        }
        assertEquals(63L, count("DC11"));
    }

    /**
     * A batch of 1.3 MB, over {@code tickvault.ingest.worker-parse-threshold-bytes}, so it takes the path that
     * parses on a worker thread ({@code OffloadTest} checks that the work leaves the calling thread); this
     * test checks what a client sees: every decision stored, in one answer.
     */
    @Test
    void aBatchOverTheWorkerParseThresholdIsStoredWhole() {
        StringBuilder body = new StringBuilder("[");
        String rationale = "r".repeat(300);
        for (int i = 0; i < 4000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"symbol\":\"DC8\",\"action\":\"HOLD\",\"confidence\":0.5,")
                    .append("\"strategy\":\"bulk\",\"rationale\":\"").append(rationale).append("\"}");
        }
        body.append("]");
        given().contentType("application/json").body(body.toString())
                .when().post("/api/v1/decisions")
                .then().statusCode(201).body("data", hasSize(4000));
        assertEquals(4000L, count("DC8"));
    }

    @Test
    void locatesNdjsonFaultsByLine() {
        given().contentType("application/x-ndjson")
                .body(("{\"symbol\":\"DC9\",\"action\":\"BUY\",\"confidence\":1,\"strategy\":\"nd\"}\n"
                        + "{\"symbol\":\"DC9\",\"action\":\"BUY\",\"confidence\":1,\"strategy\":\"nd\",\"decidedAt\":1700000000}\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/v1/decisions")
                .then().statusCode(422)
                .body("errors[0].line", equalTo(2)).body("errors[0].field", equalTo("decidedAt"));
        assertEquals(0L, count("DC9"));
    }

    @Test
    void anExpiredIdempotencyKeyMayBeUsedAgain() {
        String body = "{\"symbol\":\"DC10\",\"action\":\"BUY\",\"confidence\":0.5,\"strategy\":\"ttl\"}";
        given().contentType("application/json").header("Idempotency-Key", "dc10").body(body)
                .when().post("/api/v1/decisions").then().statusCode(201);
        pool.query("UPDATE api.idempotency_keys SET created_at = now() - interval '2 days',"
                + " expires_at = now() - interval '1 day' WHERE idempotency_key = 'dc10'").execute().await().indefinitely();
        given().contentType("application/json").header("Idempotency-Key", "dc10").body(body.replace("0.5", "0.6"))
                .when().post("/api/v1/decisions").then().statusCode(201).header("Idempotent-Replayed", nullValue());
        assertEquals(2L, count("DC10"));
    }

    private long count(String symbol) {
        return pool.preparedQuery("SELECT count(*) FROM journal.decisions WHERE symbol = $1")
                .execute(Tuple.of(symbol)).await().indefinitely().iterator().next().getLong(0);
    }
}
