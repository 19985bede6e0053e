package dev.tickvault.reference;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Corporate actions: the real file as CSV, JSON and NDJSON bodies, counts, filters, pages and the rules. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class CorporateActionTest {

    /** {@code corporate-actions.csv} with every symbol renamed {@code <symbol>.<suffix>}. */
    static String actionsCsv(String suffix) {
        StringBuilder csv = new StringBuilder();
        List<String> lines = SampleFiles.lines("corporate-actions.csv");
        csv.append(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            int comma = line.indexOf(',');
            csv.append(line, 0, comma).append('.').append(suffix).append(line.substring(comma)).append('\n');
        }
        return csv.toString();
    }

    private static Response postCsv(String csv) {
        return given().contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/corporate-actions").then().extract().response();
    }

    @Test
    void storesTheRealFileOnceAndListsItBySymbol() {
        Response first = postCsv(actionsCsv("CA1"));
        assertEquals(200, first.statusCode(), first.asString());
        assertEquals(6, (int) first.path("inserted"));
        Response again = postCsv(actionsCsv("CA1"));
        assertEquals(6, (int) again.path("unchanged"));

        given().queryParam("symbol", "aapl.ca1").when().get("/api/v1/corporate-actions").then().statusCode(200)
                .body("data.exDate", equalTo(List.of("2000-06-21", "2005-02-28", "2014-06-09", "2020-08-31")))
                .body("data.ratio", equalTo(List.of(2, 2, 7, 4))).body("data[0].type", equalTo("split"))
                .body("data[0].note", equalTo("2-for-1 stock split"));
        given().queryParam("symbol", "MSFT.CA1").queryParam("type", "dividend").when().get("/api/v1/corporate-actions")
                .then().body("data", hasSize(1)).body("data[0].amount", equalTo(3)).body("data[0].exDate", equalTo("2004-11-15"));
        given().queryParam("symbol", "AAPL.CA1").queryParam("from", "2005-01-01").queryParam("to", "2020-01-01")
                .when().get("/api/v1/corporate-actions").then().body("data.exDate", equalTo(List.of("2005-02-28", "2014-06-09")));

        // A corrected amount is an update, in JSON; NDJSON too.
        given().contentType("application/json")
                .body("{\"symbol\":\"MSFT.CA1\",\"exDate\":\"2004-11-15\",\"type\":\"dividend\",\"amount\":3.08,"
                        + "\"note\":\"special cash dividend\"}")
                .when().post("/api/v1/corporate-actions").then().statusCode(200).body("updated", equalTo(1));
        given().contentType("application/x-ndjson")
                .body("{\"symbol\":\"IBM.CA1\",\"exDate\":\"1999-05-27\",\"type\":\"SPLIT\",\"ratio\":2}\n"
                        .getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/corporate-actions").then().statusCode(200).body("inserted", equalTo(1));

        // Pages, oldest ex-date first.
        Response page = given().queryParam("symbol", "AAPL.CA1").queryParam("limit", 3)
                .when().get("/api/v1/corporate-actions").then().statusCode(200).body("data", hasSize(3)).extract().response();
        given().queryParam("symbol", "AAPL.CA1").queryParam("limit", 3).queryParam("cursor", (String) page.path("nextCursor"))
                .when().get("/api/v1/corporate-actions").then().statusCode(200)
                .body("data.exDate", equalTo(List.of("2020-08-31"))).body("nextCursor", equalTo(null));
    }

    @Test
    void refusesWhatBreaksTheRules() {
        Response invalid = given().contentType("application/json").body("[{\"symbol\":\"CA2\",\"exDate\":\"2020-02-30\","
                        + "\"type\":\"split\",\"ratio\":2},{\"symbol\":\"CA2\",\"exDate\":\"2020-03-02\",\"type\":\"split\"},"
                        + "{\"symbol\":\"CA2\",\"exDate\":\"2020-03-03\",\"type\":\"dividend\",\"amount\":1,\"ratio\":2},"
                        + "{\"symbol\":\"CA2\",\"exDate\":\"2020-03-04\",\"type\":\"split\",\"ratio\":1},"
                        + "{\"symbol\":\"CA2\",\"exDate\":\"2020-03-05\",\"type\":\"merger\"},"
                        + "{\"symbol\":\"CA2\",\"exDate\":\"2020-03-06\",\"type\":\"dividend\",\"amount\":-1},"
                        + "{\"symbol\":\"CA2\",\"exDate\":\"2020-03-07\",\"type\":\"split\",\"ratio\":3},"
                        + "{\"symbol\":\"CA2\",\"exDate\":\"2020-03-07\",\"type\":\"split\",\"ratio\":4}]")
                .when().post("/api/v1/corporate-actions").then().statusCode(422).extract().response();
        assertEquals(List.of("/0/exDate", "/1/ratio", "/2/ratio", "/3/ratio", "/4/type", "/5/amount", "/7/exDate"),
                invalid.path("errors.pointer"));
        given().queryParam("symbol", "CA2").when().get("/api/v1/corporate-actions").then().body("data", hasSize(0));

        Response csv = postCsv("symbol,exDate,type,ratio,amount,note\nCA2,2020-01-02,split,two,,\n");
        assertEquals(422, csv.statusCode());
        assertEquals(2, (int) csv.path("errors[0].line"));
        assertEquals(400, postCsv("symbol,date,type,ratio\nCA2,2020-01-02,split,2\n").statusCode());
        given().queryParam("type", "merger").when().get("/api/v1/corporate-actions").then().statusCode(400);
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswer() {
        String csv = actionsCsv("CA3");
        given().contentType("text/csv").header("Idempotency-Key", "actions-1").body(csv.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/corporate-actions").then().statusCode(200).body("inserted", equalTo(6));
        given().contentType("text/csv").header("Idempotency-Key", "actions-1").body(csv.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/corporate-actions").then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("inserted", equalTo(6));
        given().queryParam("symbol", "AAPL.CA3").when().get("/api/v1/corporate-actions").then().body("data", hasSize(4));
    }
}
