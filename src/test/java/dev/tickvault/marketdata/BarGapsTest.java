package dev.tickvault.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/v1/bars/{symbol}/gaps: the weekdays without a bar in the S&P 500 file, and intraday slot gaps. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BarGapsTest {

    private static final String SYMBOL = "GSPC.GAP";
    private static boolean loaded;

    private static synchronized void ensureLoaded() {
        if (!loaded) {
            TestData.uploadSp500(SYMBOL);
            loaded = true;
        }
    }

    private static boolean weekend(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    /** The weekdays in [first, last + 1 day) that have no row in the file. */
    private static List<String> expectedMissing() {
        List<TestData.Row> rows = TestData.sp500();
        Set<LocalDate> present = rows.stream().map(TestData.Row::date).collect(Collectors.toSet());
        LocalDate end = rows.get(rows.size() - 1).date().plusDays(1);
        List<String> missing = new ArrayList<>();
        for (LocalDate d = rows.get(0).date(); d.isBefore(end); d = d.plusDays(1)) {
            if (!weekend(d) && !present.contains(d)) {
                missing.add(d.toString());
            }
        }
        return missing;
    }

    @Test
    void missingWeekdaysOverTheWholeFileAreExactlyTheWeekdaysWithoutARow() {
        ensureLoaded();
        JsonNode report = TestData.json(given().queryParam("timeframe", "1d").queryParam("calendar", "weekdays")
                .when().get("/api/v1/bars/" + SYMBOL + "/gaps")
                .then().statusCode(200).contentType("application/json").extract().asString());
        List<String> missing = new ArrayList<>();
        report.get("missing").forEach(day -> missing.add(day.asText()));

        assertEquals(expectedMissing(), missing);
        assertEquals(SYMBOL, report.get("symbol").asText());
        assertEquals("1d", report.get("timeframe").asText());
        assertEquals("weekdays", report.get("calendar").asText());
        List<TestData.Row> rows = TestData.sp500();
        assertEquals(rows.get(0).ts(), report.get("from").asText());
        assertEquals(rows.get(rows.size() - 1).date().plusDays(1) + "T00:00:00Z", report.get("to").asText());
        // Known closures, checked by hand: 9/11 and hurricane Sandy.
        for (String day : List.of("2001-09-11", "2001-09-12", "2001-09-13", "2001-09-14", "2012-10-29", "2012-10-30")) {
            assertTrue(missing.contains(day), day + " is missing");
        }
        for (String day : missing) {
            assertFalse(weekend(LocalDate.parse(day)), day + " is a weekend day");
        }
    }

    @Test
    void fromAndToLimitTheReportToTheirRange() {
        ensureLoaded();
        given().queryParam("timeframe", "1d").queryParam("from", "2012-10-22").queryParam("to", "2012-11-05")
                .when().get("/api/v1/bars/" + SYMBOL + "/gaps")
                .then().statusCode(200)
                .body("from", equalTo("2012-10-22T00:00:00Z"))
                .body("to", equalTo("2012-11-05T00:00:00Z"))
                .body("missing", equalTo(List.of("2012-10-29", "2012-10-30")));
    }

    @Test
    void calendarAllAlsoListsWeekends() {
        ensureLoaded();
        // Friday 2001-09-07 .. Monday 2001-09-17 exclusive: the weekend 8-9, the closure 11-14, the weekend 15-16.
        given().queryParam("timeframe", "1d").queryParam("calendar", "all")
                .queryParam("from", "2001-09-07").queryParam("to", "2001-09-17")
                .when().get("/api/v1/bars/" + SYMBOL + "/gaps")
                .then().statusCode(200)
                .body("calendar", equalTo("all"))
                .body("missing", equalTo(List.of("2001-09-08", "2001-09-09", "2001-09-11", "2001-09-12",
                        "2001-09-13", "2001-09-14", "2001-09-15", "2001-09-16")));
    }

    @Test
    void intradayGapsListTheAbsentSlotsInsideDaysWithData() {
        String body = "[" + hourBar("2024-01-02T14:00:00Z") + "," + hourBar("2024-01-02T15:00:00Z") + ","
                + hourBar("2024-01-02T18:00:00Z") + "]";
        given().contentType("application/json").body(body)
                .when().post("/api/v1/bars")
                .then().statusCode(200).body("inserted", equalTo(3));
        given().queryParam("timeframe", "1h")
                .when().get("/api/v1/bars/T.GAP1/gaps")
                .then().statusCode(200)
                .body("missing", equalTo(List.of("2024-01-02T16:00:00Z", "2024-01-02T17:00:00Z")));
    }

    @Test
    void seriesWithoutBarsIsNotFound() {
        given().queryParam("timeframe", "1d")
                .when().get("/api/v1/bars/T.GAPNONE/gaps")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void unknownCalendarIsABadRequest() {
        given().queryParam("timeframe", "1d").queryParam("calendar", "nyse")
                .when().get("/api/v1/bars/" + SYMBOL + "/gaps")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    private static String hourBar(String ts) {
        return "{\"symbol\":\"T.GAP1\",\"timeframe\":\"1h\",\"ts\":\"" + ts
                + "\",\"open\":5,\"high\":6,\"low\":4,\"close\":5.5,\"volume\":10}";
    }
}
