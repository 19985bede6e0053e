package dev.tickvault.ui;

import dev.tickvault.support.AdminKey;
import dev.tickvault.support.PostgresResource;
import dev.tickvault.support.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard over plain HTTP: {@code /} and its assets load without a key and carry their security and
 * caching headers, and serving them opened no way around the key check of {@code /api/v1}: static files are
 * served by Vert.x, before and apart from the REST filters that check keys, so none may sit under
 * {@code /api/}, and no path form may lead from a static path into the API.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class DashboardPageTest {

    @Test
    void thePageAndItsAssetsNeedNoKeyAndCarryTheirSecurityHeaders() {
        String html = given().header(AdminKey.NO_KEY, "1").when().get("/")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Cache-Control", "no-cache")
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", containsString("connect-src 'self';"))
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .extract().asString();
        Matcher assets = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"").matcher(html);
        int count = 0;
        while (assets.find()) {
            String path = assets.group(1);
            assertFalse(path.startsWith("/api/"), path);
            given().header(AdminKey.NO_KEY, "1").when().get(path).then().statusCode(200)
                    .header("X-Content-Type-Options", "nosniff");
            count++;
        }
        assertTrue(count >= 3, "the script, the style and the icon: " + html);
        Matcher script = Pattern.compile("src=\"(/static/bundle/[^\"]+\\.js)\"").matcher(html);
        assertTrue(script.find(), html);
        given().header(AdminKey.NO_KEY, "1").header("Accept-Encoding", "gzip").when().get(script.group(1))
                .then().statusCode(200)
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .header("Content-Encoding", "gzip");
    }

    @Test
    void servingThePageOpensNoWayAroundTheKeyCheck() {
        for (String path : List.of("/api/v1/symbols", "/api/v1/index.html", "/api/v1/", "/api/v1/static/bundle/app.js",
                "/api/v1/admin/audit")) {
            given().header(AdminKey.NO_KEY, "1").when().get(path).then().statusCode(401)
                    .contentType("application/problem+json");
        }
        given().header(AdminKey.NO_KEY, "1").when().get("/static/bundle/").then().statusCode(404);
        // A static path that the router would resolve into the API is refused before it is matched.
        for (String target : List.of("/static/%2e%2e/api/v1/symbols", "/static/../api/v1/symbols",
                "/static/bundle/..%2F..%2Fapi/v1/symbols")) {
            assertEquals(400, RawHttp.get(target).status(), target);
        }
    }
}
