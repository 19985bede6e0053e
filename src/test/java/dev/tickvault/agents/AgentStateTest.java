package dev.tickvault.agents;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class AgentStateTest {

    @Test
    void createsThenReplacesTheStateUnderIfMatch() {
        String url = "/api/v1/agents/st-1/state";
        given().when().get(url).then().statusCode(404).contentType("application/problem+json");

        given().contentType("application/json").body("{\"cycle\":1,\"positions\":{\"^VIX\":-2}}")
                .when().put(url)
                .then().statusCode(201).header("ETag", "\"0\"")
                .body("agentId", equalTo("st-1")).body("state.cycle", equalTo(1)).body("version", equalTo(0));
        given().when().get(url).then().statusCode(200).header("ETag", "\"0\"").body("state.positions.'^VIX'", equalTo(-2));

        // Without If-Match a replacement could overwrite someone else's: 428.
        given().contentType("application/json").body("{\"cycle\":2}").when().put(url)
                .then().statusCode(428).contentType("application/problem+json");
        // A stale version: 412.
        given().contentType("application/json").header("If-Match", "\"7\"").body("{\"cycle\":2}").when().put(url)
                .then().statusCode(412).contentType("application/problem+json");
        given().contentType("application/json").header("If-Match", "\"0\"").body("{\"cycle\":2}").when().put(url)
                .then().statusCode(200).header("ETag", "\"1\"").body("state.cycle", equalTo(2));
        given().contentType("application/json").header("If-Match", "\"0\"").body("{\"cycle\":3}").when().put(url)
                .then().statusCode(412);
        given().when().get(url).then().statusCode(200).header("ETag", "\"1\"").body("state.cycle", equalTo(2))
                .body("state.positions", equalTo(null));
    }

    @Test
    void ifMatchOnAnAgentWithoutStateIs412() {
        given().contentType("application/json").header("If-Match", "\"0\"").body("{}")
                .when().put("/api/v1/agents/st-2/state").then().statusCode(412);
        given().contentType("application/json").body("[1,2]")
                .when().put("/api/v1/agents/st-2/state").then().statusCode(400);
        given().contentType("application/json").body("{}")
                .when().put("/api/v1/agents/st%202/state").then().statusCode(400);
    }

    @Test
    void concurrentReplacementsAtOneVersionLetExactlyOneThrough() throws Exception {
        String url = "/api/v1/agents/st-3/state";
        given().contentType("application/json").body("{\"n\":0}").when().put(url).then().statusCode(201);
        ExecutorService executor = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                String body = "{\"n\":" + i + "}";
                statuses.add(executor.submit(() -> given().contentType("application/json").header("If-Match", "\"0\"")
                        .body(body).when().put(url).statusCode()));
            }
            int ok = 0;
            for (Future<Integer> status : statuses) {
                int code = status.get();
                ok += code == 200 ? 1 : 0;
                assertEquals(true, code == 200 || code == 412, "status " + code);
            }
            assertEquals(1, ok);
        } finally {
            executor.shutdownNow();
        }
        given().when().get(url).then().header("ETag", "\"1\"");
    }
}
