package dev.tickvault.agents;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class CommandQueueTest {

    @Inject
    Pool pool;

    private static String enqueue(String agent, String type, int priority) {
        return given().contentType("application/json")
                .body("{\"type\":\"" + type + "\",\"payload\":{\"n\":" + priority + ",\"tags\":[\"a\",\"b\"]},"
                        + "\"priority\":" + priority + "}")
                .when().post("/api/v1/agents/" + agent + "/commands")
                .then().statusCode(201).extract().path("id");
    }

    private static Response claim(String agent, int max, int leaseSeconds) {
        return given().queryParam("max", max).queryParam("leaseSeconds", leaseSeconds)
                .when().post("/api/v1/agents/" + agent + "/commands/claim")
                .then().statusCode(200).extract().response();
    }

    @Test
    void eightConcurrentWorkersClaimAndAckThreeHundredCommandsEachExactlyOnce() throws Exception {
        String agent = "q-workers";
        ExecutorService executor = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> enqueued = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int priority = i % 7;
                enqueued.add(executor.submit(() -> enqueue(agent, "rebalance", priority)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> id : enqueued) {
                ids.add(id.get());
            }

            Map<String, AtomicInteger> claims = new ConcurrentHashMap<>();
            Map<String, AtomicInteger> acks = new ConcurrentHashMap<>();
            List<Callable<Integer>> workers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                workers.add(() -> {
                    int handled = 0;
                    while (true) {
                        List<String> batch = claim(agent, 10, 60).path("data.id");
                        if (batch.isEmpty()) {
                            return handled;
                        }
                        for (String id : batch) {
                            claims.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                            int status = given().when().post("/api/v1/commands/" + id + "/ack").statusCode();
                            if (status == 200) {
                                acks.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                            }
                            handled++;
                        }
                    }
                });
            }
            int handled = 0;
            for (Future<Integer> worker : executor.invokeAll(workers, 5, TimeUnit.MINUTES)) {
                handled += worker.get();
            }

            assertEquals(300, handled);
            assertEquals(300, claims.size());
            assertEquals(300, acks.size());
            assertTrue(claims.values().stream().allMatch(n -> n.get() == 1), "a command was claimed twice");
            assertTrue(acks.values().stream().allMatch(n -> n.get() == 1), "a command was acked twice");
            assertTrue(claims.keySet().containsAll(ids));
        } finally {
            executor.shutdownNow();
        }
        given().queryParam("status", "DONE").queryParam("limit", 1000)
                .when().get("/api/v1/agents/" + agent + "/commands")
                .then().statusCode(200).body("data", hasSize(300)).body("data.attempts", org.hamcrest.Matchers.everyItem(equalTo(1)));
        assertEquals(0L, count("SELECT count(*) FROM agents.commands WHERE agent_id = $1 AND status <> 'DONE'", agent));
    }

    @Test
    void claimsTheHighestPriorityFirstThenTheOldest() {
        String agent = "q-priority";
        String low = enqueue(agent, "low", 0);
        String urgent = enqueue(agent, "urgent", 9);
        String mid1 = enqueue(agent, "mid", 5);
        String mid2 = enqueue(agent, "mid", 5);
        Response claimed = claim(agent, 3, 30);
        assertEquals(List.of(urgent, mid1, mid2), claimed.path("data.id"));
        assertEquals("LEASED", claimed.path("data[0].status"));
        assertEquals(1, (int) claimed.path("data[0].attempts"));
        assertEquals("testadmn", claimed.path("data[0].leasedBy"), "leased to the calling key");
        assertEquals(List.of(low), claim(agent, 3, 30).path("data.id"));
        assertEquals(List.of(), claim(agent, 3, 30).path("data.id"));
        given().when().get("/api/v1/commands/" + urgent)
                .then().statusCode(200).body("payload.tags[1]", equalTo("b")).body("leaseExpiresAt", notNullValue());
    }

    @Test
    void anExpiredLeaseIsReclaimedWithOneMoreAttempt() throws Exception {
        String agent = "q-lease";
        String id = enqueue(agent, "slow", 0);
        Response first = claim(agent, 1, 1);
        assertEquals(List.of(id), first.path("data.id"));
        assertEquals(1, (int) first.path("data[0].attempts"));
        // Leased: nobody else gets it while the lease runs.
        assertEquals(List.of(), claim(agent, 1, 1).path("data.id"));

        Thread.sleep(1_500);
        // The first worker's lease is over: its ack is refused, the command may be running elsewhere.
        given().when().post("/api/v1/commands/" + id + "/ack").then().statusCode(409)
                .contentType("application/problem+json");
        Response second = claim(agent, 1, 30);
        assertEquals(List.of(id), second.path("data.id"));
        assertEquals(2, (int) second.path("data[0].attempts"));
        given().when().post("/api/v1/commands/" + id + "/ack").then().statusCode(200)
                .body("status", equalTo("DONE")).body("attempts", equalTo(2));
        given().when().post("/api/v1/commands/" + id + "/ack").then().statusCode(409);
    }

    @Test
    void aCommandThatKeepsFailingEndsDeadAfterMaxAttempts() {
        String agent = "q-dead";
        String id = enqueue(agent, "flaky", 0);
        for (int attempt = 1; attempt <= 5; attempt++) {
            Response claimed = claim(agent, 1, 30);
            assertEquals(List.of(id), claimed.path("data.id"), "attempt " + attempt);
            assertEquals(attempt, (int) claimed.path("data[0].attempts"));
            given().contentType("application/json").body("{\"error\":\"broker timeout " + attempt + "\",\"retry\":true}")
                    .when().post("/api/v1/commands/" + id + "/fail")
                    .then().statusCode(200)
                    .body("status", equalTo(attempt < 5 ? "PENDING" : "DEAD"))
                    .body("lastError", equalTo("broker timeout " + attempt));
        }
        assertEquals(List.of(), claim(agent, 1, 30).path("data.id"));
        given().queryParam("status", "DEAD").when().get("/api/v1/agents/" + agent + "/commands")
                .then().statusCode(200).body("data", hasSize(1)).body("data[0].attempts", equalTo(5));
    }

    @Test
    void anExpiredLeaseOnTheLastAttemptEndsDead() throws Exception {
        String agent = "q-dead-lease";
        String id = enqueue(agent, "hangs", 0);
        // Four attempts fail with retry; the fifth lease is left to expire.
        for (int attempt = 1; attempt <= 4; attempt++) {
            claim(agent, 1, 30);
            given().contentType("application/json").body("{\"error\":\"e\",\"retry\":true}")
                    .when().post("/api/v1/commands/" + id + "/fail").then().statusCode(200);
        }
        assertEquals(5, (int) claim(agent, 1, 1).path("data[0].attempts"));
        Thread.sleep(1_500);
        assertEquals(List.of(), claim(agent, 1, 30).path("data.id"));
        given().when().get("/api/v1/commands/" + id).then().statusCode(200)
                .body("status", equalTo("DEAD")).body("lastError", equalTo("lease expired on attempt 5"));
    }

    @Test
    void failingWithoutRetryIsFinal() {
        String agent = "q-fail";
        String id = enqueue(agent, "bad", 0);
        claim(agent, 1, 30);
        given().contentType("application/json").body("{\"error\":\"invalid order\"}")
                .when().post("/api/v1/commands/" + id + "/fail")
                .then().statusCode(200).body("status", equalTo("FAILED"));
        given().when().post("/api/v1/commands/" + id + "/ack").then().statusCode(409);
        assertEquals(List.of(), claim(agent, 1, 30).path("data.id"));
        given().when().post("/api/v1/commands/0190d2c4-8f3e-7c1a-9b2d-3e4f5a6b7c8d/ack").then().statusCode(404);
        given().contentType("application/json").body("{\"retry\":\"yes\"}")
                .when().post("/api/v1/commands/" + id + "/fail").then().statusCode(422);
    }

    @Test
    void aCommandIsNotClaimedBeforeItsNotBefore() {
        String agent = "q-later";
        given().contentType("application/json")
                .body("{\"type\":\"later\",\"payload\":{},\"notBefore\":\"2999-01-01T00:00:00Z\"}")
                .when().post("/api/v1/agents/" + agent + "/commands").then().statusCode(201)
                .body("status", equalTo("PENDING")).body("priority", equalTo(0));
        assertEquals(List.of(), claim(agent, 10, 30).path("data.id"));
    }

    @Test
    void rejectsBadCommandsAndParameters() {
        given().contentType("application/json").body("{\"type\":\"\",\"payload\":[1],\"priority\":1.5}")
                .when().post("/api/v1/agents/q-bad/commands")
                .then().statusCode(422).body("errors", hasSize(3));
        given().contentType("application/json").body("{\"type\":\"t\",\"payload\":{}}")
                .when().post("/api/v1/agents/bad agent!/commands").then().statusCode(400);
        given().queryParam("leaseSeconds", 0).when().post("/api/v1/agents/q-bad/commands/claim").then().statusCode(400);
        given().queryParam("max", 100000).when().post("/api/v1/agents/q-bad/commands/claim").then().statusCode(400);
        given().queryParam("status", "RUNNING").when().get("/api/v1/agents/q-bad/commands").then().statusCode(400);
    }

    @Test
    void anIdempotentEnqueueWritesOneCommand() {
        String body = "{\"type\":\"once\",\"payload\":{\"x\":1}}";
        String first = given().contentType("application/json").header("Idempotency-Key", "q-once-1").body(body)
                .when().post("/api/v1/agents/q-idem/commands").then().statusCode(201).extract().path("id");
        given().contentType("application/json").header("Idempotency-Key", "q-once-1").body(body)
                .when().post("/api/v1/agents/q-idem/commands").then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("id", equalTo(first));
        given().contentType("application/json").header("Idempotency-Key", "q-once-1").body(body)
                .when().post("/api/v1/agents/q-idem-other/commands").then().statusCode(422);
        assertEquals(1L, count("SELECT count(*) FROM agents.commands WHERE agent_id = $1", "q-idem"));
    }

    @Test
    void exposesTheQueueDepthByStatusAsAGauge() throws Exception {
        String agent = "q-gauge";
        for (int i = 0; i < 3; i++) {
            enqueue(agent, "gauge", 0);
        }
        long pending = count("SELECT count(*) FROM agents.commands WHERE status = 'PENDING'", null);
        Pattern line = Pattern.compile("^tickvault_queue_depth\\{status=\"PENDING\"} ([0-9.E]+)$", Pattern.MULTILINE);
        double seen = -1;
        for (int i = 0; i < 50 && seen < pending; i++) {
            String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            Matcher m = line.matcher(metrics);
            seen = m.find() ? Double.parseDouble(m.group(1)) : -1;
            if (seen < pending) {
                Thread.sleep(200);
            }
        }
        assertTrue(seen >= pending, "tickvault_queue_depth{status=\"PENDING\"} was " + seen + ", expected " + pending);
        String metrics = given().when().get("/q/metrics").then().extract().asString();
        for (String status : List.of("PENDING", "LEASED", "DONE", "FAILED", "DEAD")) {
            assertTrue(metrics.contains("tickvault_queue_depth{status=\"" + status + "\"}"), status);
        }
    }

    private long count(String sql, String agent) {
        Tuple args = agent == null ? Tuple.tuple() : Tuple.of(agent);
        return pool.preparedQuery(sql).execute(args).await().indefinitely().iterator().next().getLong(0);
    }
}
