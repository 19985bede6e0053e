package dev.tickvault.agents;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long-polling claims (DESIGN 11): a claim with {@code wait} answers with the command that becomes claimable while
 * it waits (enqueued, put back, its {@code notBefore} passed, a lease expired), or with an empty list when the wait
 * ends. The waits are bounded, so a claim that never wakes fails the test instead of hanging it; none decides
 * the outcome by sleeping.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class CommandLongPollTest {

    private static String enqueue(String agent, String body) {
        return given().contentType("application/json").body(body)
                .when().post("/api/v1/agents/" + agent + "/commands")
                .then().statusCode(201).extract().path("id");
    }

    private static CompletableFuture<Response> claimAsync(String agent, String wait, int leaseSeconds) {
        return CompletableFuture.supplyAsync(() -> given().queryParam("wait", wait).queryParam("leaseSeconds", leaseSeconds)
                .when().post("/api/v1/agents/" + agent + "/commands/claim")
                .then().statusCode(200).extract().response());
    }

    @Test
    void aWaitingClaimGetsTheCommandEnqueuedMeanwhile() throws Exception {
        String agent = "lp-enqueue";
        CompletableFuture<Response> claim = claimAsync(agent, "PT50S", 30);
        String id = enqueue(agent, "{\"type\":\"rebalance\",\"payload\":{}}");
        // Well within the wait: the claim woke on the enqueue, not at its end.
        List<String> claimed = claim.get(40, TimeUnit.SECONDS).path("data.id");
        assertEquals(List.of(id), claimed);
    }

    @Test
    void aWaitingClaimGetsTheCommandPutBackByAFailureWithRetry() throws Exception {
        String agent = "lp-retry";
        String id = enqueue(agent, "{\"type\":\"rebalance\",\"payload\":{}}");
        given().queryParam("leaseSeconds", 300).when().post("/api/v1/agents/" + agent + "/commands/claim")
                .then().statusCode(200).body("data[0].id", equalTo(id));
        CompletableFuture<Response> claim = claimAsync(agent, "PT50S", 30);
        // The same caller (the admin key) holds the lease and hands it back for a retry.
        given().contentType("application/json").body("{\"error\":\"broker down\",\"retry\":true}")
                .when().post("/api/v1/commands/" + id + "/fail").then().statusCode(200);
        Response answer = claim.get(40, TimeUnit.SECONDS);
        assertEquals(List.of(id), answer.path("data.id"));
        assertEquals(2, (int) answer.path("data[0].attempts"));
    }

    @Test
    void aWaitingClaimGetsACommandWhenItsNotBeforePasses() throws Exception {
        String agent = "lp-not-before";
        String id = enqueue(agent, "{\"type\":\"rebalance\",\"payload\":{},\"notBefore\":\""
                + Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS) + "\"}");
        Response answer = claimAsync(agent, "PT50S", 30).get(40, TimeUnit.SECONDS);
        assertEquals(List.of(id), answer.path("data.id"));
    }

    @Test
    void aWaitingClaimGetsACommandWhoseLeaseExpires() throws Exception {
        String agent = "lp-lease";
        String id = enqueue(agent, "{\"type\":\"rebalance\",\"payload\":{}}");
        given().queryParam("leaseSeconds", 2).when().post("/api/v1/agents/" + agent + "/commands/claim")
                .then().statusCode(200).body("data[0].id", equalTo(id));
        Response answer = claimAsync(agent, "PT50S", 30).get(40, TimeUnit.SECONDS);
        assertEquals(List.of(id), answer.path("data.id"));
        assertEquals(2, (int) answer.path("data[0].attempts"));
    }

    @Test
    void aClaimWithNothingToDoAnswersAnEmptyListWhenItsWaitEnds() throws Exception {
        Response answer = claimAsync("lp-empty", "PT1S", 30).get(30, TimeUnit.SECONDS);
        assertTrue(((List<?>) answer.path("data")).isEmpty());
    }

    @Test
    void aBadOrTooLongWaitIsBadRequest() {
        for (String wait : List.of("20", "PT61S", "-PT1S", "P1D")) {
            given().queryParam("wait", wait).when().post("/api/v1/agents/lp-bad/commands/claim")
                    .then().statusCode(400).contentType("application/problem+json");
        }
    }
}
