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
import static org.hamcrest.Matchers.containsString;
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

    /** Every page of a report, following nextCursor; each page is checked to hold at most {@code limit} entries. */
    private static List<JsonNode> pages(String symbol, int limit, String... params) {
        List<JsonNode> pages = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParam("limit", limit);
            for (int i = 0; i < params.length; i += 2) {
                request.queryParam(params[i], params[i + 1]);
            }
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonNode page = TestData.json(request.when().get("/api/v1/bars/" + symbol + "/gaps")
                    .then().statusCode(200).contentType("application/json").extract().asString());
            assertTrue(page.get("missing").size() <= limit, "a page holds at most limit entries");
            assertTrue(page.has("nextCursor"), "nextCursor is always present");
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            if (cursor != null) {
                assertEquals(limit, page.get("missing").size(), "every page but the last is full");
            }
            pages.add(page);
            assertTrue(pages.size() < 1000, "paging must end");
        } while (cursor != null);
        return pages;
    }

    private static List<String> missing(List<JsonNode> pages) {
        List<String> missing = new ArrayList<>();
        pages.forEach(page -> page.get("missing").forEach(entry -> missing.add(entry.asText())));
        return missing;
    }

    @Test
    void missingWeekdaysOverTheWholeFileAreExactlyTheWeekdaysWithoutARow() {
        ensureLoaded();
        // The report is paged (100 entries by default); the file misses more weekdays than that.
        List<JsonNode> pages = pages(SYMBOL, 100, "timeframe", "1d", "calendar", "weekdays");
        assertTrue(pages.size() > 1, "more than one page");
        JsonNode report = pages.get(0);
        List<String> missing = missing(pages);

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
        for (JsonNode page : pages) {
            assertEquals(report.get("from"), page.get("from"), "every page reports the same range");
            assertEquals(report.get("to"), page.get("to"), "every page reports the same range");
        }
    }

    @Test
    void dailyGapsPageThroughTheirCursor() {
        ensureLoaded();
        List<JsonNode> pages = pages(SYMBOL, 3, "timeframe", "1d", "calendar", "all", "from", "2001-09-07",
                "to", "2001-09-17");
        assertEquals(List.of("2001-09-08", "2001-09-09", "2001-09-11", "2001-09-12", "2001-09-13", "2001-09-14",
                "2001-09-15", "2001-09-16"), missing(pages));
        assertEquals(3, pages.size());
    }

    @Test
    void intradayGapsPageThroughTheirCursorAcrossDays() {
        String body = "[" + bar("T.GAPPG", "1h", "2024-01-02T14:00:00Z") + "," + bar("T.GAPPG", "1h", "2024-01-02T15:00:00Z")
                + "," + bar("T.GAPPG", "1h", "2024-01-02T18:00:00Z") + "," + bar("T.GAPPG", "1h", "2024-01-03T10:00:00Z")
                + "," + bar("T.GAPPG", "1h", "2024-01-03T12:00:00Z") + "]";
        given().contentType("application/json").body(body)
                .when().post("/api/v1/bars")
                .then().statusCode(200).body("inserted", equalTo(5));
        List<String> expected = List.of("2024-01-02T16:00:00Z", "2024-01-02T17:00:00Z", "2024-01-03T11:00:00Z");
        // One a page: the cursor lands between two bars of a day, and the next page still finds 17:00.
        assertEquals(expected, missing(pages("T.GAPPG", 1, "timeframe", "1h")));
        assertEquals(expected, missing(pages("T.GAPPG", 2, "timeframe", "1h")));
        assertEquals(expected, missing(pages("T.GAPPG", 100, "timeframe", "1h")));
    }

    @Test
    void aRangeOfMoreSlotsThanTheBoundIsABadRequest() {
        given().contentType("application/json").body("[" + bar("T.GAPBIG", "1m", "2023-06-01T00:00:00Z") + ","
                        + bar("T.GAPBIG", "1m", "2023-06-01T00:05:00Z") + "]")
                .when().post("/api/v1/bars")
                .then().statusCode(200);
        // 2023 holds 525,600 minutes, within the bound of 527,040 slots (a leap year of 1m bars) ...
        given().queryParam("timeframe", "1m").queryParam("from", "2023-01-01").queryParam("to", "2024-01-01")
                .when().get("/api/v1/bars/T.GAPBIG/gaps")
                .then().statusCode(200)
                .body("missing", equalTo(List.of("2023-06-01T00:01:00Z", "2023-06-01T00:02:00Z",
                        "2023-06-01T00:03:00Z", "2023-06-01T00:04:00Z")));
        // ... two years do not, whatever the bars in them.
        given().queryParam("timeframe", "1m").queryParam("from", "2023-01-01").queryParam("to", "2025-01-01")
                .when().get("/api/v1/bars/T.GAPBIG/gaps")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", containsString("tickvault.gaps.max-slots"));
    }

    @Test
    void theWholeCalendarOfDailySlotsIsABadRequest() {
        given().contentType("application/json").body("[" + bar("T.GAPALL", "1d", "2024-01-02T00:00:00Z") + "]")
                .when().post("/api/v1/bars")
                .then().statusCode(200);
        given().queryParam("timeframe", "1d").queryParam("calendar", "all")
                .queryParam("from", "0001-01-01").queryParam("to", "9999-12-31")
                .when().get("/api/v1/bars/T.GAPALL/gaps")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400));
    }

    @Test
    void badLimitsAndCursorsAreBadRequests() {
        ensureLoaded();
        String barCursor = given().queryParam("timeframe", "1d").queryParam("limit", "1")
                .queryParam("order", "desc").when().get("/api/v1/bars/" + SYMBOL)
                .then().statusCode(200).extract().path("nextCursor");
        for (String[] param : new String[][] {{"limit", "0"}, {"limit", "10001"}, {"limit", "x"},
                {"cursor", "not*a*cursor"}, {"cursor", "aGVsbG8"}, {"cursor", barCursor}}) {
            given().queryParam("timeframe", "1d").queryParam(param[0], param[1])
                    .when().get("/api/v1/bars/" + SYMBOL + "/gaps")
                    .then().statusCode(400)
                    .contentType("application/problem+json");
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
        return bar("T.GAP1", "1h", ts);
    }

    private static String bar(String symbol, String timeframe, String ts) {
        return "{\"symbol\":\"" + symbol + "\",\"timeframe\":\"" + timeframe + "\",\"ts\":\"" + ts
                + "\",\"open\":5,\"high\":6,\"low\":4,\"close\":5.5,\"volume\":10}";
    }
}
