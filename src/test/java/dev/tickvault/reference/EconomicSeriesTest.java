package dev.tickvault.reference;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Economic series with vintages on the BLS employment file: revisions, asOf, vintages, paging, the rules. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class EconomicSeriesTest {

    private static final LocalDate DECEMBER_2015 = LocalDate.parse("2015-12-01");

    private static void createSeries(String id) {
        given().contentType("application/json")
                .body("{\"title\":\"All employees, total nonfarm\",\"units\":\"Thousands of Persons\","
                        + "\"frequency\":\"MONTHLY\",\"source\":\"U.S. Bureau of Labor Statistics\"}")
                .when().put("/api/v1/economic/" + id)
                .then().statusCode(201).body("seriesId", equalTo(id)).body("frequency", equalTo("MONTHLY"));
    }

    /** The nonfarm column as the CSV body {@code date,value}. */
    private static String nonfarmCsv() {
        StringBuilder csv = new StringBuilder("date,value\n");
        SampleFiles.employment("nonfarm").forEach((month, value) -> csv.append(month).append(',').append(value)
                .append('\n'));
        return csv.toString();
    }

    private static Response post(String id, String vintage, String contentType, String body) {
        return given().contentType(contentType).queryParam("vintage", vintage)
                .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/v1/economic/" + id + "/observations").then().extract().response();
    }

    private static JsonPath exact(Response response) {
        return response.jsonPath(JsonPathConfig.jsonPathConfig()
                .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    /** The value of December 2015 as read with the given query ({@code null} when the answer has no such date). */
    private static BigDecimal december(String id, String query) {
        Response page = given().when().get("/api/v1/economic/" + id + "?from=2015-12-01&to=2016-01-01" + query)
                .then().statusCode(200).extract().response();
        List<Map<String, Object>> data = page.path("data");
        return data.isEmpty() ? null : exact(page).getObject("data[0].value", BigDecimal.class);
    }

    @Test
    void aRevisionIsStoredBesideTheFirstReleaseAndAsOfPicksTheOneKnownThen() {
        String id = "TEST.NONFARM.REV";
        createSeries(id);
        Map<LocalDate, BigDecimal> nonfarm = SampleFiles.employment("nonfarm");
        BigDecimal first = nonfarm.get(DECEMBER_2015);

        Response loaded = post(id, "2016-01-08", "text/csv", nonfarmCsv());
        assertEquals(200, loaded.statusCode(), loaded.asString());
        assertEquals(120, (int) loaded.path("received"));
        assertEquals(120, (int) loaded.path("inserted"));
        assertEquals(0, (int) loaded.path("revised"));

        // The same vintage again: nothing new, nothing overwritten.
        Response again = post(id, "2016-01-08", "text/csv", nonfarmCsv());
        assertEquals(0, (int) again.path("inserted"));
        assertEquals(120, (int) again.path("unchanged"));

        // A revision of December 2015 published a month later.
        BigDecimal revised = first.add(new BigDecimal("30"));
        Response revision = post(id, "2016-02-05", "application/json",
                "[{\"date\":\"2015-12-01\",\"value\":" + revised + "}]");
        assertEquals(200, revision.statusCode(), revision.asString());
        assertEquals(1, (int) revision.path("inserted"));
        assertEquals(1, (int) revision.path("revised"));

        // Before the first vintage nothing was known; between the vintages the first release; after, the revision.
        assertNull(december(id, "&asOf=2016-01-07"));
        assertEquals(0, first.compareTo(december(id, "&asOf=2016-01-08")));
        assertEquals(0, first.compareTo(december(id, "&asOf=2016-01-20T12:00:00Z")));
        assertEquals(0, first.compareTo(december(id, "&asOf=2016-02-04")));
        assertEquals(0, revised.compareTo(december(id, "&asOf=2016-02-05")));
        assertEquals(0, revised.compareTo(december(id, "&asOf=2020-01-01")));
        assertEquals(0, revised.compareTo(december(id, "")));

        // Another month keeps its only vintage whatever the asOf after it.
        given().when().get("/api/v1/economic/" + id + "?from=2015-11-01&to=2015-12-01&asOf=2016-03-01")
                .then().statusCode(200).body("data", hasSize(1)).body("data[0].vintage", equalTo("2016-01-08"))
                .body("data[0].date", equalTo("2015-11-01"));

        given().when().get("/api/v1/economic/" + id + "/vintages")
                .then().statusCode(200).body("data", hasSize(2))
                .body("data[0].vintage", equalTo("2016-01-08")).body("data[0].observations", equalTo(120))
                .body("data[0].firstReleases", equalTo(120)).body("data[0].revised", equalTo(0))
                .body("data[1].vintage", equalTo("2016-02-05")).body("data[1].observations", equalTo(1))
                .body("data[1].revised", equalTo(1)).body("nextCursor", nullValue());

        // The catalogue shows the series with what it holds.
        List<Map<String, Object>> series = new ArrayList<>();
        String cursor = null;
        do {
            Response page = given().queryParam("limit", 100).queryParam("cursor", cursor == null ? "" : cursor)
                    .when().get("/api/v1/economic").then().statusCode(200).extract().response();
            series.addAll(page.path("data"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        Map<String, Object> mine = series.stream().filter(s -> id.equals(s.get("seriesId"))).findFirst().orElseThrow();
        assertEquals("2006-01-01", mine.get("firstDate"));
        assertEquals("2015-12-01", mine.get("lastDate"));
        assertEquals("2016-02-05", mine.get("latestVintage"));
        assertEquals("Thousands of Persons", mine.get("units"));
    }

    @Test
    void aVintageCannotBeRewrittenWithAnotherValue() {
        String id = "TEST.NONFARM.CONFLICT";
        createSeries(id);
        post(id, "2016-01-08", "text/csv", nonfarmCsv());
        BigDecimal first = SampleFiles.employment("nonfarm").get(DECEMBER_2015);

        Response conflict = post(id, "2016-01-08", "application/x-ndjson",
                "{\"date\":\"2015-10-01\",\"value\":1}\n{\"date\":\"2015-12-01\",\"value\":2}\n");
        assertEquals(409, conflict.statusCode(), conflict.asString());
        assertEquals("application/problem+json", conflict.contentType());
        assertEquals(0, first.compareTo(december(id, "")));
        given().when().get("/api/v1/economic/" + id + "/vintages").then().body("data", hasSize(1));
    }

    @Test
    void pagesThroughEveryMonthInDateOrder() {
        String id = "TEST.NONFARM.PAGES";
        createSeries(id);
        post(id, "2016-01-08", "text/csv", nonfarmCsv());
        Map<LocalDate, BigDecimal> nonfarm = SampleFiles.employment("nonfarm");

        List<String> dates = new ArrayList<>();
        List<BigDecimal> values = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("limit", 50);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.when().get("/api/v1/economic/" + id).then().statusCode(200).extract().response();
            dates.addAll(page.path("data.date"));
            values.addAll(exact(page).getList("data.value", BigDecimal.class));
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(nonfarm.keySet().stream().map(LocalDate::toString).toList(), dates);
        List<BigDecimal> expected = new ArrayList<>(nonfarm.values());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(0, expected.get(i).compareTo(values.get(i)), dates.get(i));
        }

        // Newest first, and a cursor of the other order is refused.
        Response desc = given().queryParam("order", "desc").queryParam("limit", 2)
                .when().get("/api/v1/economic/" + id).then().statusCode(200)
                .body("data.date", equalTo(List.of("2015-12-01", "2015-11-01"))).extract().response();
        String descCursor = desc.path("nextCursor");
        assertNotNull(descCursor);
        given().queryParam("cursor", descCursor).when().get("/api/v1/economic/" + id).then().statusCode(400);
    }

    @Test
    void refusesWhatBreaksTheRules() {
        String id = "TEST.NONFARM.RULES";
        createSeries(id);
        // Unknown series: 404 on reads and writes.
        given().when().get("/api/v1/economic/TEST.NO.SUCH").then().statusCode(404);
        given().when().get("/api/v1/economic/TEST.NO.SUCH/vintages").then().statusCode(404);
        assertEquals(404, post("TEST.NO.SUCH", "2016-01-08", "text/csv", "date,value\n2015-12-01,1\n").statusCode());
        // A bad date, a bad value and the same date twice: 422, each located, nothing written.
        Response invalid = post(id, "2016-01-08", "application/json",
                "[{\"date\":\"2015-13-01\",\"value\":1},{\"date\":\"2015-11-01\",\"value\":\"x\"},"
                        + "{\"date\":\"2015-10-01\",\"value\":1},{\"date\":\"2015-10-01\",\"value\":2}]");
        assertEquals(422, invalid.statusCode(), invalid.asString());
        assertEquals(List.of("/0/date", "/1/value", "/3/date"), invalid.path("errors.pointer"));
        given().when().get("/api/v1/economic/" + id).then().body("data", hasSize(0));
        // CSV faults by line; a missing column is 400.
        Response csv = post(id, "2016-01-08", "text/csv", "date,value\n2015-12-01,abc\n");
        assertEquals(422, csv.statusCode());
        assertEquals(2, (int) csv.path("errors[0].line"));
        assertEquals(400, post(id, "2016-01-08", "text/csv", "month,value\n2015-12-01,1\n").statusCode());
        // A vintage in the future, an unreadable asOf or series id: 400.
        assertEquals(400, post(id, "2999-01-01", "text/csv", "date,value\n2015-12-01,1\n").statusCode());
        given().when().get("/api/v1/economic/" + id + "?asOf=yesterday").then().statusCode(400);
        given().when().get("/api/v1/economic/-bad-").then().statusCode(400);
        // Metadata is checked too.
        given().contentType("application/json").body("{\"title\":\"x\",\"units\":\"u\",\"frequency\":\"HOURLY\"}")
                .when().put("/api/v1/economic/" + id)
                .then().statusCode(422).body("errors.pointer", equalTo(List.of("/frequency", "/source")));
    }

    @Test
    void anIdempotencyKeyReplaysTheAnswerAndMetadataCanBeReplaced() {
        String id = "test.nonfarm.keys";
        createSeries(id.toUpperCase());
        String body = "date,value\n2015-12-01,143085\n";
        Response first = given().contentType("text/csv").header("Idempotency-Key", "econ-1").body(body)
                .queryParam("vintage", "2016-01-08").when().post("/api/v1/economic/" + id + "/observations")
                .then().statusCode(200).body("seriesId", equalTo("TEST.NONFARM.KEYS")).extract().response();
        given().contentType("text/csv").header("Idempotency-Key", "econ-1").body(body)
                .queryParam("vintage", "2016-01-08").when().post("/api/v1/economic/" + id + "/observations")
                .then().statusCode(200).header("Idempotent-Replayed", "true").body(equalTo(first.asString()));

        given().contentType("application/json")
                .body("{\"title\":\"Total nonfarm\",\"units\":\"Thousands of Persons\",\"frequency\":\"MONTHLY\","
                        + "\"source\":\"BLS\",\"notes\":\"Seasonally adjusted\"}")
                .when().put("/api/v1/economic/" + id)
                .then().statusCode(200).body("title", equalTo("Total nonfarm")).body("lastDate", equalTo("2015-12-01"))
                .body("notes", containsString("Seasonally"));
    }
}
