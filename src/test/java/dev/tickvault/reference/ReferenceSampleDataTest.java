package dev.tickvault.reference;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quick start's reference data: loaded at boot into an empty database (its closures each a gap of the
 * S&P 500 bars loaded beside them), and a second load adds nothing.
 */
@QuarkusTest
@TestProfile(ReferenceSampleDataTest.QuickStart.class)
@WithTestResource(PostgresResource.class)
class ReferenceSampleDataTest {

    @Inject
    ReferenceSampleData loader;

    /** The test profile with the sample data on, as in dev mode. */
    public static class QuickStart implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tickvault.sample-data.load", "true");
        }
    }

    private static List<Map<String, Object>> series() {
        List<Map<String, Object>> out = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParam("limit", 10);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.when().get("/api/v1/economic").then().statusCode(200).extract().response();
            out.addAll(page.path("data"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        return out;
    }

    private static void assertLoaded() {
        // The 22 series of the file (nonfarm and 21 industries) and nonfarm_change.
        List<Object> ids = series().stream().map(s -> s.get("seriesId")).filter(id -> ((String) id).startsWith("US."))
                .toList();
        assertEquals(23, ids.size(), ids.toString());
        given().queryParam("limit", 1000).when().get("/api/v1/economic/US.NONFARM").then().statusCode(200)
                .body("data", hasSize(120)).body("data[119].date", equalTo("2015-12-01"))
                .body("data[119].value", equalTo(143093)).body("data[0].vintage", equalTo("2016-01-08"));
        given().when().get("/api/v1/economic/US.TRADE_TRANSPORTATION_UTILITIES/vintages").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].observations", equalTo(120));
        given().queryParam("from", "1987-01-01").queryParam("to", "1988-01-01").queryParam("limit", 1000)
                .when().get("/api/v1/news").then().statusCode(200).body("data", hasSize(70));
        given().queryParam("eventType", "market_closure").when().get("/api/v1/events").then().statusCode(200)
                .body("data", hasSize(9)).body("data[0].name", equalTo("NYSE closed: September 11 attacks"));
        given().queryParam("symbol", "AAPL").when().get("/api/v1/corporate-actions").then().statusCode(200)
                .body("data.ratio", equalTo(List.of(2, 2, 7, 4)));
        given().queryParam("symbol", "MSFT").when().get("/api/v1/corporate-actions").then().statusCode(200)
                .body("data.type", equalTo(List.of("split", "dividend")));
    }

    @Test
    void loadsTheReferenceSamplesOnceIntoAnEmptyDatabase() {
        assertLoaded();
        // Every closure loaded as an event is a weekday the quick start's S&P 500 bars lack.
        List<String> closures = given().queryParam("eventType", "market_closure").when().get("/api/v1/events")
                .then().extract().path("data.eventAt");
        List<String> missing = given().queryParam("timeframe", "1d").queryParam("limit", 10000)
                .when().get("/api/v1/bars/{symbol}/gaps", "^GSPC").then().statusCode(200).extract().path("missing");
        for (String at : closures) {
            assertTrue(missing.contains(at.substring(0, 10)), at + " is not a gap of ^GSPC");
        }
        // A second start finds them there and loads nothing again.
        loader.onStart(null);
        assertLoaded();
    }
}
