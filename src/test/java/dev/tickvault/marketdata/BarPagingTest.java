package dev.tickvault.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.tickvault.marketdata.TestData.assertSameValue;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keyset paging of GET /api/v1/bars/{symbol} over the S&P 500 file: every row once, in order, both ways. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BarPagingTest {

    private static final String SYMBOL = "GSPC.PG";
    private static boolean loaded;

    private static synchronized void ensureLoaded() {
        if (!loaded) {
            TestData.uploadSp500(SYMBOL);
            loaded = true;
        }
    }

    private static List<TestData.Row> rowsOf2008() {
        return TestData.sp500().stream().filter(r -> r.date().getYear() == 2008).toList();
    }

    @Test
    void ascendingPagesOver2008ReturnEveryRowOnceInOrder() {
        ensureLoaded();
        List<JsonNode> bars = followPages("asc");
        List<TestData.Row> expected = rowsOf2008();
        assertEquals(expected.size(), bars.size(), "bars of 2008");
        assertBarsMatch(expected, bars);
    }

    @Test
    void descendingPagesOver2008ReturnEveryRowOnceNewestFirst() {
        ensureLoaded();
        List<JsonNode> bars = followPages("desc");
        List<TestData.Row> expected = new ArrayList<>(rowsOf2008());
        Collections.reverse(expected);
        assertEquals(expected.size(), bars.size(), "bars of 2008");
        assertBarsMatch(expected, bars);
    }

    @Test
    void pageWithoutCursorIsTheFirstPageOfTheWholeSeries() {
        ensureLoaded();
        JsonNode page = TestData.json(given().queryParam("timeframe", "1d").queryParam("limit", "3")
                .when().get("/api/v1/bars/" + SYMBOL)
                .then().statusCode(200).extract().asString());
        assertBarsMatch(TestData.sp500().subList(0, 3), list(page.get("data")));
        assertTrue(page.get("nextCursor").isTextual(), "more pages follow");
    }

    @Test
    void lastPageHasANullCursorWhenTheRangeEndsExactlyAtAPageBoundary() {
        ensureLoaded();
        // The first 2000-01 week has 5 trading days (2000-01-03..07): a page of 5 holds all of them.
        given().queryParam("timeframe", "1d").queryParam("from", "2000-01-03").queryParam("to", "2000-01-08")
                .queryParam("limit", "5")
                .when().get("/api/v1/bars/" + SYMBOL)
                .then().statusCode(200)
                .body("data.size()", equalTo(5))
                .body("nextCursor", equalTo(null));
    }

    @Test
    void malformedCursorIsABadRequestProblem() {
        ensureLoaded();
        given().queryParam("timeframe", "1d").queryParam("cursor", "not*a*cursor")
                .when().get("/api/v1/bars/" + SYMBOL)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("detail", notNullValue());
        // Valid base64url, but not a cursor this API issues.
        given().queryParam("timeframe", "1d").queryParam("cursor", "aGVsbG8")
                .when().get("/api/v1/bars/" + SYMBOL)
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void cursorOfAnAscendingPageIsRefusedForADescendingPage() {
        ensureLoaded();
        String cursor = given().queryParam("timeframe", "1d").queryParam("limit", "2")
                .when().get("/api/v1/bars/" + SYMBOL)
                .then().statusCode(200).extract().path("nextCursor");
        assertNotNull(cursor);
        given().queryParam("timeframe", "1d").queryParam("order", "desc").queryParam("cursor", cursor)
                .when().get("/api/v1/bars/" + SYMBOL)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400));
    }

    @Test
    void limitOutsideOneToTenThousandIsABadRequest() {
        for (String limit : List.of("0", "10001", "ten")) {
            given().queryParam("timeframe", "1d").queryParam("limit", limit)
                    .when().get("/api/v1/bars/" + SYMBOL)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400));
        }
    }

    private static List<JsonNode> followPages(String order) {
        List<JsonNode> bars = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = given().queryParam("timeframe", "1d")
                    .queryParam("from", "2008-01-01").queryParam("to", "2009-01-01")
                    .queryParam("limit", "50").queryParam("order", order);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonNode page = TestData.json(request.when().get("/api/v1/bars/" + SYMBOL)
                    .then().statusCode(200).contentType("application/json").extract().asString());
            JsonNode data = page.get("data");
            assertTrue(data.size() <= 50, "a page holds at most limit bars");
            JsonNode next = page.get("nextCursor");
            assertNotNull(next, "nextCursor is always present");
            cursor = next.isNull() ? null : next.asText();
            if (cursor != null) {
                assertEquals(50, data.size(), "every page but the last is full");
            }
            bars.addAll(list(data));
            assertTrue(++pages < 100, "paging must end");
        } while (cursor != null);
        Set<String> distinct = new HashSet<>();
        for (JsonNode bar : bars) {
            assertTrue(distinct.add(bar.get("ts").asText()), "bar returned twice: " + bar.get("ts"));
        }
        return bars;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static void assertBarsMatch(List<TestData.Row> expected, List<JsonNode> bars) {
        assertEquals(expected.size(), bars.size());
        for (int i = 0; i < expected.size(); i++) {
            TestData.Row row = expected.get(i);
            JsonNode bar = bars.get(i);
            assertEquals(SYMBOL, bar.get("symbol").asText());
            assertEquals("1d", bar.get("timeframe").asText());
            assertEquals(row.ts(), bar.get("ts").asText(), "bar " + i);
            assertSameValue(row.open(), bar.get("open"), "open " + row.date());
            assertSameValue(row.high(), bar.get("high"), "high " + row.date());
            assertSameValue(row.low(), bar.get("low"), "low " + row.date());
            assertSameValue(row.close(), bar.get("close"), "close " + row.date());
            assertEquals(row.volume(), bar.get("volume").asLong(), "volume " + row.date());
        }
    }
}
