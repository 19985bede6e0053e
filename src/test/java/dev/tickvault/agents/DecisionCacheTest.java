package dev.tickvault.agents;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class DecisionCacheTest {

    @Inject
    Pool pool;

    @Test
    void storesReplacesAndDeletesAValue() {
        String url = "/api/v1/cache/bt-1/VIX/2009-06-01";
        given().contentType("application/json").queryParam("ttlSeconds", 3600)
                .body("{\"action\":\"SELL\",\"confidence\":0.6,\"features\":[1.5,2]}")
                .when().put(url)
                .then().statusCode(201).body("namespace", equalTo("bt-1")).body("key", equalTo("VIX/2009-06-01"))
                .body("expiresAt", notNullValue());
        given().when().get(url).then().statusCode(200).header("Expires", notNullValue())
                .body("action", equalTo("SELL")).body("features[0]", equalTo(1.5f));

        given().contentType("application/json").body("\"HOLD\"").when().put(url).then().statusCode(200);
        assertEquals("\"HOLD\"", given().when().get(url).then().statusCode(200).extract().asString());

        given().when().delete(url).then().statusCode(204);
        given().when().get(url).then().statusCode(404).contentType("application/problem+json");
        given().when().delete(url).then().statusCode(404);
    }

    @Test
    void anEntryExpiresAndIsSweptAway() throws Exception {
        String url = "/api/v1/cache/bt-2/short-lived";
        given().contentType("application/json").queryParam("ttlSeconds", 1).body("{\"v\":1}")
                .when().put(url).then().statusCode(201);
        given().when().get(url).then().statusCode(200).body("v", equalTo(1));
        Thread.sleep(1_500);
        // Expired: never read back, swept or not.
        given().when().get(url).then().statusCode(404);
        // The sweep (every second in tests) deletes the row.
        long rows = -1;
        for (int i = 0; i < 50 && rows != 0; i++) {
            rows = pool.preparedQuery("SELECT count(*) FROM agents.decision_cache WHERE namespace = $1")
                    .execute(Tuple.of("bt-2")).await().indefinitely().iterator().next().getLong(0);
            if (rows != 0) {
                Thread.sleep(200);
            }
        }
        assertEquals(0, rows);
    }

    @Test
    void theCacheTableIsUnlogged() {
        String persistence = pool.query("SELECT relpersistence::text FROM pg_class WHERE oid = 'agents.decision_cache'::regclass")
                .execute().await().indefinitely().iterator().next().getString(0);
        assertEquals("u", persistence);
    }

    @Test
    void rejectsBadTtlsAndBodies() {
        given().contentType("application/json").queryParam("ttlSeconds", 0).body("1")
                .when().put("/api/v1/cache/bt-3/k").then().statusCode(400);
        given().contentType("application/json").queryParam("ttlSeconds", 999_999_999).body("1")
                .when().put("/api/v1/cache/bt-3/k").then().statusCode(400);
        given().contentType("application/json").body("{not json")
                .when().put("/api/v1/cache/bt-3/k").then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/json").body("1")
                .when().put("/api/v1/cache/bad namespace/k").then().statusCode(400);
    }
}
