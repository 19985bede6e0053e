package dev.tickvault.auth;

import dev.tickvault.support.AdminKey;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API keys, scopes, revocation, expiry, rate limits and the audit trail of every refusal (DESIGN 6). */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class AccessControlTest {

    @Inject
    Pool pool;

    /** A request with no credentials at all. */
    private static RequestSpecification anonymous() {
        return RestAssured.given().header(AdminKey.NO_KEY, "1");
    }

    private static RequestSpecification withKey(String key) {
        return RestAssured.given().header("Authorization", "Bearer " + key);
    }

    private static Map<String, Object> createKey(String name, List<String> scopes, Integer rateLimit, String expiresAt) {
        StringBuilder body = new StringBuilder("{\"name\":\"" + name + "\",\"scopes\":[");
        for (int i = 0; i < scopes.size(); i++) {
            body.append(i == 0 ? "" : ",").append('"').append(scopes.get(i)).append('"');
        }
        body.append(']');
        if (rateLimit != null) {
            body.append(",\"rateLimitPerMinute\":").append(rateLimit);
        }
        if (expiresAt != null) {
            body.append(",\"expiresAt\":\"").append(expiresAt).append('"');
        }
        body.append('}');
        return withKey(AdminKey.KEY).contentType("application/json").body(body.toString())
                .when().post("/api/v1/admin/api-keys")
                .then().statusCode(201).body("key", notNullValue())
                .extract().jsonPath().getMap("");
    }

    private List<Map<String, Object>> audit(String event, String keyId) {
        return withKey(AdminKey.KEY).queryParam("event", event).queryParam("keyId", keyId)
                .when().get("/api/v1/admin/audit")
                .then().statusCode(200).extract().jsonPath().getList("data");
    }

    @Test
    void refusesACallWithoutKeyAndRecordsIt() {
        anonymous().when().get("/api/v1/symbols")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer realm=\"tickvault\"")
                .body("status", equalTo(401)).body("title", equalTo("Unauthorized"));
        anonymous().when().get("/api/v1/no-such-path").then().statusCode(401);
        List<Map<String, Object>> events = withKey(AdminKey.KEY).queryParam("event", "auth_failed")
                .when().get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath().getList("data");
        assertTrue(events.stream().anyMatch(e -> "/api/v1/no-such-path".equals(e.get("path"))
                && Integer.valueOf(401).equals(e.get("status"))), "the refusal is in the audit log: " + events);
    }

    @Test
    void refusesMalformedAndUnknownKeys() {
        withKey("not-a-key").when().get("/api/v1/symbols").then().statusCode(401)
                .body("detail", equalTo("The API key is malformed"));
        withKey("tv_unknown1_abcdefghijklmnopqrstuvwxyz0123456789").when().get("/api/v1/symbols")
                .then().statusCode(401).body("detail", equalTo("The API key is not valid"));
        String admin = AdminKey.KEY;
        String wrongSecret = admin.substring(0, admin.lastIndexOf('_') + 1) + "WrongSecretWrongSecretWrongSecret00";
        withKey(wrongSecret).when().get("/api/v1/symbols").then().statusCode(401);
        assertFalse(audit("auth_failed", "unknown1").isEmpty());
    }

    @Test
    void acceptsBearerAndXApiKeyHeaders() {
        Map<String, Object> key = createKey("both-headers", List.of("read"), null, null);
        withKey((String) key.get("key")).when().get("/api/v1/symbols").then().statusCode(200);
        RestAssured.given().header("X-API-Key", (String) key.get("key"))
                .when().get("/api/v1/symbols").then().statusCode(200);
    }

    @Test
    void readKeyCannotWriteAndWriteKeyCannotAdminister() {
        Map<String, Object> reader = createKey("reader", List.of("read"), null, null);
        Map<String, Object> writer = createKey("writer", List.of("read", "write"), null, null);
        String bar = "[{\"symbol\":\"AC.SCOPE\",\"timeframe\":\"1d\",\"ts\":\"2024-01-02T00:00:00Z\","
                + "\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":1}]";
        withKey((String) reader.get("key")).contentType("application/json").body(bar)
                .when().post("/api/v1/bars")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", equalTo("This key lacks the 'write' scope"));
        withKey((String) writer.get("key")).contentType("application/json").body(bar)
                .when().post("/api/v1/bars").then().statusCode(200);
        withKey((String) writer.get("key")).when().get("/api/v1/admin/api-keys").then().statusCode(403);
        withKey((String) writer.get("key")).queryParam("timeframe", "1d")
                .when().delete("/api/v1/bars/AC.SCOPE").then().statusCode(403);
        withKey((String) reader.get("key")).queryParam("timeframe", "1d")
                .when().get("/api/v1/bars/AC.SCOPE/latest").then().statusCode(200);
        assertFalse(audit("forbidden", (String) reader.get("id")).isEmpty());
        assertEquals(2, audit("forbidden", (String) writer.get("id")).size());
    }

    @Test
    void createdKeyWorksUntilItIsRevoked() {
        Map<String, Object> key = createKey("short-lived", List.of("read"), null, null);
        String secretKey = (String) key.get("key");
        withKey(secretKey).when().get("/api/v1/symbols").then().statusCode(200);
        withKey(AdminKey.KEY).when().delete("/api/v1/admin/api-keys/" + key.get("id")).then().statusCode(204);
        withKey(secretKey).when().get("/api/v1/symbols").then().statusCode(401)
                .body("detail", equalTo("The API key has been revoked"));
        withKey(AdminKey.KEY).when().delete("/api/v1/admin/api-keys/NOSUCHID").then().statusCode(404);
        assertEquals(1, audit("key_created", AdminKey.KEY.substring(3, 11)).stream()
                .filter(e -> String.valueOf(e.get("detail")).contains((String) key.get("id"))).count());
        assertEquals(1, audit("key_revoked", AdminKey.KEY.substring(3, 11)).stream()
                .filter(e -> String.valueOf(e.get("detail")).contains((String) key.get("id"))).count());
    }

    @Test
    void revocationByAnotherInstanceReachesThisOneWithinASecond() throws InterruptedException {
        Map<String, Object> key = createKey("remote-revoke", List.of("read"), null, null);
        String secretKey = (String) key.get("key");
        String id = (String) key.get("id");
        // Verified once, so this instance now serves the key from memory.
        withKey(secretKey).when().get("/api/v1/symbols").then().statusCode(200);
        // What another instance does: revoke in the database and notify, without touching this one's cache.
        pool.preparedQuery("UPDATE auth.api_keys SET revoked_at = now() WHERE id = $1").execute(Tuple.of(id))
                .chain(() -> pool.preparedQuery("SELECT pg_notify('tickvault_api_keys', $1)").execute(Tuple.of(id)))
                .await().atMost(Duration.ofSeconds(5));
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        int status = 200;
        while (System.nanoTime() < deadline && status != 401) {
            status = withKey(secretKey).when().get("/api/v1/symbols").statusCode();
            if (status != 401) {
                Thread.sleep(50);
            }
        }
        assertEquals(401, status, "the revoked key is refused within a second");
    }

    @Test
    void expiredKeyIsRefused() throws InterruptedException {
        Instant expiry = Instant.now().plusSeconds(2);
        Map<String, Object> key = createKey("expiring", List.of("read"), null, expiry.toString());
        withKey((String) key.get("key")).when().get("/api/v1/symbols").then().statusCode(200);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis()) + 300);
        withKey((String) key.get("key")).when().get("/api/v1/symbols").then().statusCode(401)
                .body("detail", equalTo("The API key has expired"));
    }

    @Test
    void rateLimitAnswers429WithHeaders() {
        Map<String, Object> key = createKey("limited", List.of("read"), 3, null);
        String secretKey = (String) key.get("key");
        for (int i = 0; i < 3; i++) {
            Response ok = withKey(secretKey).when().get("/api/v1/symbols");
            if (ok.statusCode() == 429) {
                // The one-minute window turned between calls: start over in the new window.
                i = -1;
                continue;
            }
            assertEquals(200, ok.statusCode());
            assertEquals("3", ok.header("RateLimit-Limit"));
        }
        Response limited = withKey(secretKey).when().get("/api/v1/symbols");
        if (limited.statusCode() == 200) {
            limited = withKey(secretKey).when().get("/api/v1/symbols");
        }
        assertEquals(429, limited.statusCode());
        assertEquals("application/problem+json", limited.contentType());
        assertEquals("0", limited.header("RateLimit-Remaining"));
        int retryAfter = Integer.parseInt(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After in seconds: " + retryAfter);
        assertEquals(limited.header("RateLimit-Reset"), limited.header("Retry-After"));
        assertFalse(audit("rate_limited", (String) key.get("id")).isEmpty());
    }

    @Test
    void listsKeysWithoutSecretsOrHashes() {
        Map<String, Object> key = createKey("listed", List.of("read", "write"), 10, null);
        String secret = ((String) key.get("key")).substring(12);
        // Newest first, so the key just made is on the first page however many keys earlier tests made.
        String list = withKey(AdminKey.KEY).queryParam("order", "desc").when().get("/api/v1/admin/api-keys")
                .then().statusCode(200)
                .body("data.find { it.id == '" + key.get("id") + "' }.name", equalTo("listed"))
                .body("data.find { it.id == '" + key.get("id") + "' }", not(hasKey("key")))
                .extract().asString();
        assertFalse(list.contains(secret), "no secret in the list");
        assertFalse(list.toLowerCase().contains("hash"), "no hash in the list");
        assertFalse(withKey(AdminKey.KEY).when().get("/api/v1/admin/audit").asString().contains(secret));
    }

    @Test
    void keyListPagesByCreationTimeThenIdInBothOrders() {
        List<String> created = List.of((String) createKey("paged-1", List.of("read"), null, null).get("id"),
                (String) createKey("paged-2", List.of("read"), null, null).get("id"),
                (String) createKey("paged-3", List.of("read"), null, null).get("id"));
        long stored = pool.query("SELECT count(*) FROM auth.api_keys").execute().await().indefinitely()
                .iterator().next().getLong(0);

        List<Map<String, Object>> ascending = keyPages("asc");
        assertEquals(stored, ascending.size(), "every key once");
        assertEquals(stored, ascending.stream().map(k -> k.get("id")).distinct().count(), "no key twice");
        for (int i = 1; i < ascending.size(); i++) {
            Map<String, Object> before = ascending.get(i - 1);
            Map<String, Object> after = ascending.get(i);
            int byTime = Instant.parse((String) before.get("createdAt")).compareTo(Instant.parse((String) after.get("createdAt")));
            assertTrue(byTime < 0 || (byTime == 0 && ((String) before.get("id")).compareTo((String) after.get("id")) < 0),
                    "ordered by createdAt then id: " + before + " then " + after);
        }
        assertEquals(created, ascending.stream().map(k -> (String) k.get("id")).filter(created::contains).toList());

        List<Map<String, Object>> descending = keyPages("desc");
        java.util.Collections.reverse(descending);
        assertEquals(ascending, descending);
    }

    @Test
    void keyListRefusesCursorsItDidNotIssueAndBadLimits() {
        createKey("paged-cursor-a", List.of("read"), null, null);
        createKey("paged-cursor-b", List.of("read"), null, null);
        String cursor = withKey(AdminKey.KEY).queryParam("limit", 1).when().get("/api/v1/admin/api-keys")
                .then().statusCode(200).body("data.size()", equalTo(1)).body("nextCursor", notNullValue())
                .extract().path("nextCursor");
        withKey(AdminKey.KEY).queryParam("order", "desc").queryParam("cursor", cursor)
                .when().get("/api/v1/admin/api-keys")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        String auditCursor = withKey(AdminKey.KEY).queryParam("limit", 1).when().get("/api/v1/admin/audit")
                .then().statusCode(200).extract().path("nextCursor");
        for (String bad : new String[] {"not*a*cursor", "aGVsbG8", auditCursor}) {
            withKey(AdminKey.KEY).queryParam("cursor", bad).when().get("/api/v1/admin/api-keys")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        for (String limit : new String[] {"0", "10001", "many"}) {
            withKey(AdminKey.KEY).queryParam("limit", limit).when().get("/api/v1/admin/api-keys")
                    .then().statusCode(400).contentType("application/problem+json");
        }
    }

    @Test
    void auditLogPagesNewestFirstThroughItsCursor() {
        for (int i = 0; i < 3; i++) {
            anonymous().when().get("/api/v1/symbols").then().statusCode(401);
        }
        Response first = withKey(AdminKey.KEY).queryParam("event", "auth_failed").queryParam("limit", 2)
                .when().get("/api/v1/admin/audit").then().statusCode(200).body("data.size()", equalTo(2))
                .extract().response();
        String cursor = first.path("nextCursor");
        List<Integer> ids = first.path("data.id");
        Response second = withKey(AdminKey.KEY).queryParam("event", "auth_failed").queryParam("limit", 2)
                .queryParam("cursor", cursor).when().get("/api/v1/admin/audit").then().statusCode(200)
                .extract().response();
        List<Integer> older = second.path("data.id");
        assertFalse(older.isEmpty());
        assertTrue(ids.get(0) > ids.get(1) && ids.get(1) > older.get(0), ids + " then " + older);
        // Two keys at least (the bootstrap key and this one), so a page of one has a next page.
        createKey("audit-cursor", List.of("read"), null, null);
        String keyCursor = withKey(AdminKey.KEY).queryParam("limit", 1).when().get("/api/v1/admin/api-keys")
                .then().statusCode(200).body("nextCursor", notNullValue()).extract().path("nextCursor");
        // "aTQy" is the audit log's former cursor format ("i42"), which is no longer issued.
        for (String bad : new String[] {"aTQy", keyCursor}) {
            withKey(AdminKey.KEY).queryParam("cursor", bad).when().get("/api/v1/admin/audit")
                    .then().statusCode(400).contentType("application/problem+json");
        }
    }

    /** Every key, one a page, following nextCursor. */
    private static List<Map<String, Object>> keyPages(String order) {
        List<Map<String, Object>> keys = new java.util.ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = withKey(AdminKey.KEY).queryParam("limit", 1).queryParam("order", order);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.when().get("/api/v1/admin/api-keys").then().statusCode(200).extract().response();
            List<Map<String, Object>> data = page.jsonPath().getList("data");
            assertTrue(data.size() <= 1, "a page holds at most limit keys");
            keys.addAll(data);
            cursor = page.path("nextCursor");
            assertTrue(++pages < 1000, "paging must end");
        } while (cursor != null);
        return keys;
    }

    @Test
    void rejectsInvalidKeyRequests() {
        withKey(AdminKey.KEY).contentType("application/json").body("{\"name\":\"\",\"scopes\":[\"root\"],"
                        + "\"expiresAt\":\"2001-01-01T00:00:00Z\",\"rateLimitPerMinute\":-1}")
                .when().post("/api/v1/admin/api-keys")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.pointer", org.hamcrest.Matchers.hasItems("/name", "/scopes/0", "/expiresAt",
                        "/rateLimitPerMinute"));
        withKey(AdminKey.KEY).contentType("application/json").body("{\"name\":")
                .when().post("/api/v1/admin/api-keys").then().statusCode(400);
    }

    @Test
    void healthAndMetricsNeedNoKey() {
        anonymous().when().get("/q/health/ready").then().statusCode(200);
        anonymous().when().get("/q/health/live").then().statusCode(200);
        anonymous().when().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void secretsNeverReachTheLogs() {
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLoggerName() != null && record.getLoggerName().startsWith("org.apache.http")) {
                    return; // the test's own HTTP client, not tickvault
                }
                lines.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters())
                        + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        // Everything the server side logs, down to its most verbose level, while keys are created and used.
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        List<String> categories = List.of("dev.tickvault", "io.quarkus.vertx", "io.vertx", "org.jboss.resteasy",
                "io.quarkiverse");
        Map<String, java.util.logging.Level> levels = new java.util.HashMap<>();
        for (String category : categories) {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(category);
            levels.put(category, logger.getLevel());
            logger.setLevel(java.util.logging.Level.ALL);
        }
        root.addHandler(capture);
        String secret;
        try {
            Map<String, Object> key = createKey("logged", List.of("read"), null, null);
            String secretKey = (String) key.get("key");
            secret = secretKey.substring(12);
            withKey(secretKey).when().get("/api/v1/symbols").then().statusCode(200);
            withKey(AdminKey.KEY).when().delete("/api/v1/admin/api-keys/" + key.get("id")).then().statusCode(204);
            withKey(secretKey).when().get("/api/v1/symbols").then().statusCode(401);
        } finally {
            root.removeHandler(capture);
            for (String category : categories) {
                java.util.logging.Logger.getLogger(category).setLevel(levels.get(category));
            }
        }
        assertFalse(lines.isEmpty(), "log records were captured");
        for (String line : lines) {
            assertFalse(line.contains(secret), "secret in a log record: " + line);
            assertFalse(line.contains(AdminKey.KEY.substring(12)), "admin secret in a log record: " + line);
        }
    }
}
