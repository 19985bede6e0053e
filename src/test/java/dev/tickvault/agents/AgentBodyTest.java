package dev.tickvault.agents;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bodies of agent state, commands, circuit-breaker events and cache values: malformed bodies are 400,
 * strings PostgreSQL cannot hold and documents that could not be read back are 422, a refused request
 * stores nothing, and stored documents come back with the same numbers.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class AgentBodyTest {

    private static final String EVENTS = "/api/v1/risk/circuit-breaker-events";

    private static ValidatableResponse send(String method, String url, String body) {
        var request = given().contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8));
        return (method.equals("PUT") ? request.when().put(url) : request.when().post(url)).then();
    }

    private static ValidatableResponse assertProblem(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType("application/problem+json")
                .body(not(containsString("Exception"))).body(not(containsString("SELECT")));
    }

    private static JsonPath exact(Response response) {
        return new JsonPath(response.asString()).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    private static void assertExactly(String expected, Response response, String path) {
        BigDecimal actual = exact(response).getObject(path, BigDecimal.class);
        assertTrue(actual != null && new BigDecimal(expected).compareTo(actual) == 0,
                path + ": expected " + expected + ", got " + actual + " in " + response.asString());
    }

    private static String nested(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }

    private static void assertNoCommands(String agent) {
        given().when().get("/api/v1/agents/" + agent + "/commands").then().statusCode(200).body("data", hasSize(0));
    }

    private static void assertNoEvents(String agent) {
        given().queryParam("agentId", agent).when().get(EVENTS).then().statusCode(200).body("data", hasSize(0));
    }

    /**
     * Numbers of every kind a client writes: decimal, exponent, trailing zero, negative exponent, negative,
     * beyond 64 bits. Each comes back as the same number, written out in full.
     */
    private static final String NUMBERS = "{\"ret\":0.0123,\"n\":1e2,\"trail\":1.50,\"neg\":-0.5e-3,\"i\":-7,"
            + "\"huge\":123456789012345678901234567890}";
    /** A JSON number with an exponent. */
    private static final Pattern EXPONENT = Pattern.compile("[:\\[,]\\s*-?\\d+(\\.\\d+)?[eE]");
    /** The same with a decimal of 20 significant digits, more than a double holds. */
    private static final String EXACT_NUMBERS = NUMBERS.replace("}", ",\"big\":12345678901.123456785}");

    private static void assertSameNumbers(Response response, String prefix) {
        assertExactly("0.0123", response, prefix + "ret");
        assertExactly("100", response, prefix + "n");
        assertExactly("1.50", response, prefix + "trail");
        assertExactly("-0.0005", response, prefix + "neg");
        assertExactly("-7", response, prefix + "i");
        assertExactly("123456789012345678901234567890", response, prefix + "huge");
        assertTrue(!EXPONENT.matcher(response.asString()).find(), "written out in full: " + response.asString());
    }

    // ---- agent state ----

    @Test
    void agentStateWithANulCharacterIsUnprocessableAndStoresNothing() {
        assertProblem(send("PUT", "/api/v1/agents/ab-nul/state", "{\"a\":\"x\\u0000y\"}"), 422)
                .body("errors[0].pointer", equalTo("/a")).body("errors[0].message", containsString("U+0000"));
        assertProblem(send("PUT", "/api/v1/agents/ab-nul/state", "{\"ok\":{\"k\\u0000\":1}}"), 422)
                .body("errors[0].pointer", equalTo("/ok/k\u0000"));
        assertProblem(send("PUT", "/api/v1/agents/ab-nul/state", "{\"a\":[\"\\ud800\"]}"), 422)
                .body("errors[0].pointer", equalTo("/a/0"));
        assertProblem(send("PUT", "/api/v1/agents/ab-nul/state", "{\"a\":\"\\udc00\\ud800\"}"), 422);
        given().when().get("/api/v1/agents/ab-nul/state").then().statusCode(404);
    }

    @Test
    void agentStateNestedDeeperThanTheLimitIsUnprocessableAndStoresNothing() {
        for (int depth : List.of(101, 1_000)) {
            assertProblem(send("PUT", "/api/v1/agents/ab-deep/state", nested(depth)), 422)
                    .body("errors[0].pointer", equalTo("/a".repeat(100)))
                    .body("errors[0].message", containsString("100"));
        }
        given().when().get("/api/v1/agents/ab-deep/state").then().statusCode(404);

        // 100 levels are kept and read back.
        send("PUT", "/api/v1/agents/ab-deep100/state", nested(100)).statusCode(201);
        given().when().get("/api/v1/agents/ab-deep100/state").then().statusCode(200)
                .body("state" + ".a".repeat(99), equalTo(java.util.Map.of()));
    }

    @Test
    void agentStateWithTrailingContentIsABadRequestAndStoresNothing() {
        for (String body : List.of("{\"a\":1}{\"b\":2}", "{\"a\":1}]", "{\"a\":1} x", "{\"a\":1},{}")) {
            assertProblem(send("PUT", "/api/v1/agents/ab-trail/state", body), 400)
                    .body("detail", containsString("trailing"));
        }
        given().when().get("/api/v1/agents/ab-trail/state").then().statusCode(404);
    }

    @Test
    void agentStateComesBackWithTheSameNumbers() {
        Response put = send("PUT", "/api/v1/agents/ab-numbers/state", NUMBERS).statusCode(201).extract().response();
        Response get = given().when().get("/api/v1/agents/ab-numbers/state").then().statusCode(200).extract().response();
        assertSameNumbers(put, "state.");
        assertSameNumbers(get, "state.");
    }

    @Test
    void agentStateWithDecimalsStaysAtTheVersionItWasWrittenAt() {
        String url = "/api/v1/agents/ab-version/state";
        send("PUT", url, NUMBERS).statusCode(201).header("ETag", "\"0\"").body("version", equalTo(0));
        given().when().get(url).then().statusCode(200).header("ETag", "\"0\"").body("version", equalTo(0));
        given().contentType("application/json").header("If-Match", "\"0\"").body("{\"x\":0.5,\"y\":[2.25]}")
                .when().put(url).then().statusCode(200).header("ETag", "\"1\"");
        given().when().get(url).then().statusCode(200).header("ETag", "\"1\"").body("state.x", equalTo(0.5f));
    }

    @Test
    void agentStateNumbersThatCouldNotBeReadBackAreUnprocessable() {
        for (String number : List.of("1e999999999", "-1e-999999999", "1e1000", "1e400", "-1e-400")) {
            assertProblem(send("PUT", "/api/v1/agents/ab-bignum/state", "{\"x\":[" + number + "]}"), 422)
                    .body("errors[0].pointer", equalTo("/x/0")).body("errors[0].field", equalTo("x"));
        }
        given().when().get("/api/v1/agents/ab-bignum/state").then().statusCode(404);
        send("PUT", "/api/v1/agents/ab-bignum/state", "{\"x\":1e300,\"y\":-2.5e-300,\"z\":1" + "0".repeat(400) + "}")
                .statusCode(201);
        Response read = given().when().get("/api/v1/agents/ab-bignum/state").then().statusCode(200).extract().response();
        assertExactly("1e300", read, "state.x");
        assertExactly("-2.5e-300", read, "state.y");
        assertExactly("1e400", read, "state.z");
    }

    // ---- commands ----

    @Test
    void commandsWithStringsPostgresqlCannotStoreAreUnprocessableAndEnqueueNothing() {
        String url = "/api/v1/agents/ab-cmd/commands";
        assertProblem(send("POST", url, "{\"type\":\"rebalance\\u0000\",\"payload\":{}}"), 422)
                .body("errors[0].pointer", equalTo("/type"));
        assertProblem(send("POST", url, "{\"type\":\"rebalance\",\"payload\":{\"w\":[\"\\ud800\"]}}"), 422)
                .body("errors[0].pointer", equalTo("/payload/w/0")).body("errors[0].field", equalTo("payload"));
        assertProblem(send("POST", url, "{\"type\":\"rebalance\",\"payload\":" + nested(101) + "}"), 422)
                .body("errors[0].pointer", equalTo("/payload" + "/a".repeat(100)));
        assertProblem(send("POST", url, "{\"type\":\"rebalance\",\"payload\":{}}{}"), 400);
        assertProblem(send("POST", url, "{\"type\":\"rebalance\",\"payload\":{}}x"), 400);
        assertNoCommands("ab-cmd");
    }

    @Test
    void commandPayloadComesBackWithTheSameNumbers() {
        String id = send("POST", "/api/v1/agents/ab-cmd-numbers/commands",
                "{\"type\":\"t\",\"payload\":" + EXACT_NUMBERS + "}").statusCode(201).extract().path("id");
        Response command = given().when().get("/api/v1/commands/" + id).then().statusCode(200).extract().response();
        assertSameNumbers(command, "payload.");
        assertExactly("12345678901.123456785", command, "payload.big");
    }

    @Test
    void aFailureReportWithANulCharacterIsUnprocessableAndChangesNothing() {
        String agent = "ab-fail";
        String id = send("POST", "/api/v1/agents/" + agent + "/commands", "{\"type\":\"t\",\"payload\":{}}")
                .statusCode(201).extract().path("id");
        given().queryParam("max", 1).when().post("/api/v1/agents/" + agent + "/commands/claim")
                .then().statusCode(200).body("data", hasSize(1));
        assertProblem(send("POST", "/api/v1/commands/" + id + "/fail", "{\"error\":\"broke\\u0000\"}"), 422)
                .body("errors[0].pointer", equalTo("/error"));
        assertProblem(send("POST", "/api/v1/commands/" + id + "/fail", "{\"error\":\"broke\"}{}"), 400);
        given().when().get("/api/v1/commands/" + id).then().statusCode(200).body("status", equalTo("LEASED"));
    }

    // ---- circuit-breaker events ----

    @Test
    void eventsWithStringsOrDetailsPostgresqlCannotStoreAreUnprocessableAndRecordNothing() {
        assertProblem(send("POST", EVENTS, "{\"agentId\":\"ab-cb\",\"reason\":\"x\\u0000\"}"), 422)
                .body("errors[0].pointer", equalTo("/reason"));
        assertProblem(send("POST", EVENTS, "{\"agentId\":\"ab-cb\",\"reason\":\"x\",\"details\":{\"d\":\"\\ud800\"}}"), 422)
                .body("errors[0].pointer", equalTo("/details/d"));
        assertProblem(send("POST", EVENTS, "{\"agentId\":\"ab-cb\",\"reason\":\"x\",\"details\":" + nested(101) + "}"),
                422).body("errors[0].pointer", equalTo("/details" + "/a".repeat(100)));
        assertProblem(send("POST", EVENTS, "{\"agentId\":\"ab-cb\",\"reason\":\"x\"}{\"agentId\":\"ab-cb\"}"), 400);
        assertNoEvents("ab-cb");
    }

    @Test
    void eventDetailsComeBackWithTheSameNumbers() {
        String id = send("POST", EVENTS, "{\"agentId\":\"ab-cb-numbers\",\"reason\":\"x\",\"details\":" + NUMBERS + "}")
                .statusCode(201).extract().path("id");
        assertSameNumbers(given().when().get(EVENTS + "/" + id).then().statusCode(200).extract().response(),
                "details.");
    }

    // ---- cache ----

    @Test
    void cacheValuesPostgresqlCannotStoreAreUnprocessableAndStoreNothing() {
        String url = "/api/v1/cache/ab-cache/k1";
        assertProblem(send("PUT", url, "\"a\\u0000\""), 422).body("errors[0].pointer", equalTo(""));
        assertProblem(send("PUT", url, "{\"k\":\"\\ud800\"}"), 422).body("errors[0].pointer", equalTo("/k"));
        assertProblem(send("PUT", url, "[" + nested(100) + "]"), 422);
        assertProblem(send("PUT", url, "{\"v\":1e999999999}"), 422).body("errors[0].pointer", equalTo("/v"));
        assertProblem(send("PUT", url, "{\"a\":1} x"), 400);
        assertProblem(send("PUT", url, "[1][2]"), 400);
        assertProblem(send("PUT", url, "1 2"), 400);
        given().when().get(url).then().statusCode(404);
    }

    @Test
    void cacheValuesComeBackWithTheSameNumbers() {
        String url = "/api/v1/cache/ab-cache/numbers";
        send("PUT", url, EXACT_NUMBERS).statusCode(201);
        Response value = given().when().get(url).then().statusCode(200).extract().response();
        assertSameNumbers(value, "");
        assertExactly("12345678901.123456785", value, "big");
    }

    // ---- problem details in the user's words ----

    @Test
    void malformedAgentBodiesAreDescribedInTickvaultsOwnWords() {
        List<String> bodies = List.of("{\"a\":NaN}", "{\"a\":" + "9".repeat(1_500) + "}",
                "[".repeat(1_500) + "]".repeat(1_500), "{\"a\":", "{\"a\" 1}", "{\"a\":\"" + "x".repeat(10) + "\u0001\"}");
        for (String body : bodies) {
            for (String[] target : List.of(new String[] {"PUT", "/api/v1/agents/ab-words/state"},
                    new String[] {"POST", "/api/v1/agents/ab-words/commands"}, new String[] {"POST", EVENTS},
                    new String[] {"PUT", "/api/v1/cache/ab-cache/words"})) {
                String detail = assertProblem(send(target[0], target[1], body), 400).extract().path("detail");
                for (String internal : List.of("Jackson", "jackson", "StreamReadConstraints", "JsonReadFeature", "`",
                        "com.fasterxml", "java.", "Exception", "Source:")) {
                    assertTrue(!detail.contains(internal), "'" + internal + "' in: " + detail);
                }
                assertTrue(detail.contains("line 1, column"), detail);
            }
        }
        given().when().get("/api/v1/agents/ab-words/state").then().statusCode(404);
        assertEquals(404, given().when().get("/api/v1/cache/ab-cache/words").statusCode());
    }
}
