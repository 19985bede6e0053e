package dev.tickvault.agents;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class CircuitBreakerEventTest {

    private static final String URL = "/api/v1/risk/circuit-breaker-events";

    @Inject
    Pool pool;

    private static String record(String agent, String reason, String triggeredAt) {
        return given().contentType("application/json")
                .body("{\"agentId\":\"" + agent + "\",\"reason\":\"" + reason + "\",\"triggeredAt\":\"" + triggeredAt
                        + "\",\"details\":{\"drawdown\":0.12,\"limit\":0.1}}")
                .when().post(URL)
                .then().statusCode(201).header("Location", notNullValue()).extract().path("id");
    }

    @Test
    void recordsEventsAndListsThemByAgentAndTime() {
        String first = record("cb-1", "daily drawdown over 10%", "2024-06-03T14:00:00Z");
        String second = record("cb-1", "too many rejected orders", "2024-06-04T09:30:00Z");
        record("cb-2", "volatility halt", "2024-06-04T10:00:00Z");

        given().queryParam("agentId", "cb-1").when().get(URL)
                .then().statusCode(200).body("data", hasSize(2))
                .body("data[0].id", equalTo(first)).body("data[1].id", equalTo(second))
                .body("data[0].details.drawdown", equalTo(0.12f));
        given().queryParam("agentId", "cb-1").queryParam("from", "2024-06-04").when().get(URL)
                .then().statusCode(200).body("data", hasSize(1)).body("data[0].reason", equalTo("too many rejected orders"));
        given().queryParam("agentId", "cb-1").queryParam("limit", 1).queryParam("order", "desc").when().get(URL)
                .then().statusCode(200).body("data[0].id", equalTo(second)).body("nextCursor", notNullValue());
        given().when().get(URL + "/" + first).then().statusCode(200).body("agentId", equalTo("cb-1"));
    }

    @Test
    void eventsAreAppendOnlyInTheApiAndInTheDatabase() {
        String id = record("cb-3", "kill switch", "2024-06-05T00:00:00Z");
        given().contentType("application/json").body("{}").when().put(URL + "/" + id)
                .then().statusCode(405).contentType("application/problem+json");
        given().when().delete(URL + "/" + id).then().statusCode(405).contentType("application/problem+json");

        PgException update = assertThrows(PgException.class, () -> pool
                .preparedQuery("UPDATE agents.circuit_breaker_events SET reason = 'nothing happened' WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().indefinitely());
        assertEquals("42501", update.getSqlState());
        PgException delete = assertThrows(PgException.class, () -> pool
                .preparedQuery("DELETE FROM agents.circuit_breaker_events WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().indefinitely());
        assertEquals("42501", delete.getSqlState());
        given().when().get(URL + "/" + id).then().statusCode(200).body("reason", equalTo("kill switch"));
    }

    @Test
    void rejectsInvalidEvents() {
        given().contentType("application/json").body("{\"agentId\":\"no spaces\",\"details\":[1]}")
                .when().post(URL)
                .then().statusCode(422)
                .body("errors.pointer", org.hamcrest.Matchers.hasItems("/agentId", "/reason", "/details"));
        given().when().get(URL + "/" + UUID.randomUUID()).then().statusCode(404);
        List<String> none = given().queryParam("agentId", "cb-none").when().get(URL).then().extract().path("data");
        assertEquals(0, none.size());
    }

    @Test
    void anIdempotentRetryRecordsOneEvent() {
        String body = "{\"agentId\":\"cb-4\",\"reason\":\"max loss\"}";
        String first = given().contentType("application/json").header("Idempotency-Key", "cb-4-a").body(body)
                .when().post(URL).then().statusCode(201).extract().path("id");
        given().contentType("application/json").header("Idempotency-Key", "cb-4-a").body(body)
                .when().post(URL).then().statusCode(201).body("id", equalTo(first));
        given().queryParam("agentId", "cb-4").when().get(URL).then().body("data", hasSize(1));
    }
}
