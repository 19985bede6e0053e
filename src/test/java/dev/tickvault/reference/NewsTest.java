package dev.tickvault.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** News search on the 70 Reuters articles of 1987: ranking, snippets, the symbol filter, paging, counts. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class NewsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The file's articles by URL. */
    private static Map<String, JsonNode> reuters() {
        Map<String, JsonNode> out = new HashMap<>();
        for (String line : SampleFiles.lines("news-reuters-1987.ndjson")) {
            try {
                JsonNode node = JSON.readTree(line);
                out.put(node.get("url").asText(), node);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static boolean isCrude(JsonNode article) {
        for (JsonNode topic : article.get("topics")) {
            if (topic.asText().equals("crude")) {
                return true;
            }
        }
        return false;
    }

    /** Posts the whole file as NDJSON; it may have been posted before by another test. */
    private static void loadReuters() {
        given().contentType("application/x-ndjson")
                .body(SampleFiles.text("news-reuters-1987.ndjson").getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/news")
                .then().statusCode(200).body("received", equalTo(70)).body("updated", equalTo(0));
    }

    private static List<Map<String, Object>> all(String query) {
        List<Map<String, Object>> out = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParam("limit", 4);
            if (query != null) {
                request.queryParam("q", query);
            }
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.when().get("/api/v1/news").then().statusCode(200).extract().response();
            List<Map<String, Object>> data = page.path("data");
            assertTrue(data.size() <= 4);
            out.addAll(data);
            cursor = page.path("nextCursor");
        } while (cursor != null);
        return out;
    }

    @Test
    void crudeOilPricesRanksTheCrudeOilArticlesFirst() {
        loadReuters();
        Map<String, JsonNode> file = reuters();
        Response answer = given().queryParam("q", "crude oil prices").queryParam("limit", 100)
                .when().get("/api/v1/news").then().statusCode(200).extract().response();
        List<Map<String, Object>> hits = answer.path("data");
        assertTrue(hits.size() >= 5, "hits: " + hits.size());
        double previous = Double.MAX_VALUE;
        for (Map<String, Object> hit : hits) {
            JsonNode article = file.get((String) hit.get("url"));
            assertTrue(isCrude(article), hit.get("title") + " is not a crude-oil article");
            double rank = ((Number) hit.get("rank")).doubleValue();
            assertTrue(rank <= previous, "ranks must not increase");
            previous = rank;
            assertTrue(((String) hit.get("snippet")).contains("<b>"), "snippet highlights the match: " + hit.get("snippet"));
            assertFalse(hit.containsKey("content"), "lists leave the content out");
        }
        // "oil" alone also finds acquisitions; the best ranked are still crude-oil articles.
        List<Map<String, Object>> oil = given().queryParam("q", "oil").queryParam("limit", 5)
                .when().get("/api/v1/news").then().statusCode(200).extract().path("data");
        for (Map<String, Object> hit : oil) {
            assertTrue(isCrude(file.get((String) hit.get("url"))), hit.get("title") + " ranks among the first for oil");
        }
    }

    @Test
    void filtersBySymbolGivenOrTakenFromTheTitle() {
        loadReuters();
        given().queryParam("symbol", "AXP").when().get("/api/v1/news")
                .then().statusCode(200).body("data", hasSize(2))
                .body("data.url", equalTo(List.of("urn:reuters-21578:362", "urn:reuters-21578:110")));
        given().queryParam("symbol", "via").queryParam("q", "offer").when().get("/api/v1/news")
                .then().statusCode(200).body("data.url", containsInAnyOrder("urn:reuters-21578:393",
                        "urn:reuters-21578:496")).body("data[0].symbols", equalTo(List.of("VIA")));
        // Given symbols win over the title's; an empty list means none.
        given().contentType("application/json").body("[{\"url\":\"https://example.test/news/sym-1\","
                        + "\"title\":\"ACME <ACM> BUYS WIDGETCO\",\"publishedAt\":\"2024-01-02T10:00:00Z\","
                        + "\"symbols\":[\"acm.x\",\"WDG\"]},{\"url\":\"https://example.test/news/sym-2\","
                        + "\"title\":\"ACME <ACM> SELLS WIDGETCO\",\"publishedAt\":\"2024-01-03T10:00:00Z\",\"symbols\":[]}]")
                .when().post("/api/v1/news").then().statusCode(200);
        given().queryParam("symbol", "ACM.X").when().get("/api/v1/news")
                .then().body("data.url", equalTo(List.of("https://example.test/news/sym-1")))
                .body("data[0].symbols", equalTo(List.of("ACM.X", "WDG")));
        given().queryParam("symbol", "ACM").when().get("/api/v1/news").then().body("data", hasSize(0));
    }

    @Test
    void pagesStayStableUnderRankingAndByTime() {
        loadReuters();
        for (String query : new String[] {"oil", "shares OR stake"}) {
            List<Map<String, Object>> paged = all(query);
            List<Map<String, Object>> whole = given().queryParam("q", query).queryParam("limit", 1000)
                    .when().get("/api/v1/news").then().statusCode(200).extract().path("data");
            assertTrue(whole.size() > 8, query + ": " + whole.size());
            assertEquals(whole.stream().map(h -> h.get("id")).toList(), paged.stream().map(h -> h.get("id")).toList());
        }
        // Without q: newest first, every article once.
        List<Map<String, Object>> newest = all(null);
        Set<Object> seen = new HashSet<>();
        String previous = "9999";
        for (Map<String, Object> article : newest) {
            assertTrue(seen.add(article.get("id")));
            String published = (String) article.get("publishedAt");
            assertTrue(published.compareTo(previous) <= 0, published + " after " + previous);
            previous = published;
        }
        assertTrue(newest.size() >= 70);
        // Between the dates of the file: its 70 articles.
        given().queryParam("from", "1987-02-26").queryParam("to", "1987-03-03").queryParam("limit", 1000)
                .when().get("/api/v1/news").then().statusCode(200).body("data", hasSize(70));
        // A ranked cursor is no cursor for the newest-first list.
        String ranked = given().queryParam("q", "oil").queryParam("limit", 1).when().get("/api/v1/news")
                .then().extract().path("nextCursor");
        given().queryParam("cursor", ranked).when().get("/api/v1/news").then().statusCode(400);
    }

    @Test
    void aUrlPostedAgainIsUnchangedOrUpdatedNeverDuplicated() {
        String article = "{\"url\":\"https://example.test/news/again\",\"title\":\"Zanzibar clove harvest\","
                + "\"publishedAt\":\"2024-02-01T08:00:00Z\",\"source\":\"Test Wire\",\"content\":\"%s\"}";
        given().contentType("application/json").body(article.formatted("Clove prices rise in Zanzibar."))
                .when().post("/api/v1/news").then().statusCode(200).body("inserted", equalTo(1));
        given().contentType("application/json").body(article.formatted("Clove prices rise in Zanzibar."))
                .when().post("/api/v1/news").then().statusCode(200).body("unchanged", equalTo(1));
        given().contentType("application/json").body(article.formatted("Clove prices fall in Zanzibar."))
                .when().post("/api/v1/news").then().statusCode(200).body("updated", equalTo(1))
                .body("inserted", equalTo(0));
        List<Map<String, Object>> hits = given().queryParam("q", "zanzibar clove").when().get("/api/v1/news")
                .then().statusCode(200).body("data", hasSize(1)).extract().path("data");
        given().when().get("/api/v1/news/" + hits.get(0).get("id"))
                .then().statusCode(200).body("content", equalTo("Clove prices fall in Zanzibar."))
                .body("source", equalTo("Test Wire"));
        given().when().get("/api/v1/news/0190d1f4-0000-7000-8000-000000000000").then().statusCode(404);

        // Under an Idempotency-Key a retry gets the first answer again, not "unchanged".
        String keyed = article.formatted("Clove exports double.").replace("/again", "/keyed");
        given().contentType("application/json").header("Idempotency-Key", "news-1").body(keyed)
                .when().post("/api/v1/news").then().statusCode(200).body("inserted", equalTo(1));
        given().contentType("application/json").header("Idempotency-Key", "news-1").body(keyed)
                .when().post("/api/v1/news").then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("inserted", equalTo(1));
        given().contentType("application/json").header("Idempotency-Key", "news-1").body(article.formatted("Other."))
                .when().post("/api/v1/news").then().statusCode(422);
    }

    @Test
    void refusesABatchWithAFaultWhole() {
        Response invalid = given().contentType("application/json").body("[{\"url\":\"https://example.test/news/r1\","
                        + "\"title\":\"Quokka census\",\"publishedAt\":\"2024-02-01T08:00:00Z\"},"
                        + "{\"url\":\"not a uri\",\"title\":\"Quokka\",\"publishedAt\":\"2024-02-01\"},"
                        + "{\"url\":\"https://example.test/news/r1\",\"title\":\"Quokka again\","
                        + "\"publishedAt\":\"2024-02-01T08:00:00Z\"},{\"url\":\"https://example.test/news/r3\","
                        + "\"title\":\"Quokka\",\"publishedAt\":\"2024-02-01T08:00:00Z\",\"symbols\":[\"OK\",\"bad symbol\"]}]")
                .when().post("/api/v1/news").then().statusCode(422).extract().response();
        assertEquals(List.of("/1/url", "/1/publishedAt", "/2/url", "/3/symbols/1"), invalid.path("errors.pointer"));
        given().queryParam("q", "quokka").when().get("/api/v1/news").then().body("data", hasSize(0));
        given().contentType("application/x-ndjson").body("{\"url\":\"https://example.test/x\"\n".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/news").then().statusCode(400).body("detail", containsString("line 1"));
        given().queryParam("symbol", "no symbol").when().get("/api/v1/news").then().statusCode(400);
    }
}
