package dev.tickvault.common;

import dev.tickvault.support.AdminKey;
import dev.tickvault.support.PostgresResource;
import dev.tickvault.support.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every request meets before a resource: no path form reaches an {@code /api/v1} resource without a
 * key, methods tickvault never serves, bodies that cannot be read as sent, stalled bodies and over-long
 * request lines, each answered as a problem. Requests go out byte for byte, since an HTTP client library
 * would normalise the very paths under test.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class RequestGuardTest {

    private static final String ADMIN = "Authorization: Bearer " + AdminKey.KEY;

    /** Spellings of {@code /api/v1/symbols} that the router would normalise to it. */
    private static final List<String> NOT_NORMAL = List.of(
            "//api/v1/symbols", "///api/v1/symbols", "/api/v1//symbols", "/api;/v1/symbols", "/api/v1/symbols;x=1",
            "/..;/api/v1/symbols", "/q/../api/v1/symbols", "/api/v2/../v1/symbols", "/./api/v1/symbols",
            "/api/./v1/symbols", "/%2e/api/v1/symbols", "/q/health/%2e%2e/%2e%2e/api/v1/symbols",
            "/q/metrics/../../api/v1/symbols", "/q/health/..%2F..%2Fapi/v1/symbols", "/api%2Fv1/symbols",
            "/api%5Cv1/symbols", "/api/v1/%2E%2E/v1/symbols", "/q//..;/api/%2e/v1/symbols", "/api/v1/symbols%00");

    @Inject
    Pool pool;

    @Test
    void refusesEveryPathThatIsNotInNormalFormWithOrWithoutAKey() {
        for (String target : NOT_NORMAL) {
            for (String[] headers : new String[][] {{}, {ADMIN}}) {
                RawHttp.Answer answer = RawHttp.get(target, headers);
                assertEquals(400, answer.status(), target + " answered " + answer.head());
                assertEquals("application/problem+json", answer.header("Content-Type"), target);
                assertTrue(answer.body().contains("\"status\":400") && answer.body().contains("normal form"),
                        target + ": " + answer.body());
            }
        }
    }

    @Test
    void aQueryParameterWithAControlCharacterIs400() {
        for (String target : List.of("/api/v1/decisions?strategy=%00", "/api/v1/predictions/accuracy?model=a%00b",
                "/api/v1/bars/latest?symbols=A,1d%00&timeframe=1d", "/api/v1/symbols?x=%1f")) {
            RawHttp.Answer answer = RawHttp.get(target, ADMIN);
            assertEquals(400, answer.status(), target + " answered " + answer.head());
            assertEquals("application/problem+json", answer.header("Content-Type"), target);
        }
    }

    @Test
    void aPathTheRouterCannotDecodeIsRefused() {
        // The router refuses these itself, before any handler, with a bare 400.
        for (String target : List.of("/api/v1/symbols%zz", "/api/v1/%", "/%zzpi/v1/symbols")) {
            assertEquals(400, RawHttp.get(target).status(), target);
            assertEquals(400, RawHttp.get(target, ADMIN).status(), target);
        }
    }

    @Test
    void percentEncodedLettersNeedAKeyLikeThePlainPath() {
        for (String target : List.of("/%61pi/v1/symbols", "/api/v1/%73ymbols", "/%61%70%69/%76%31/symbols")) {
            assertEquals(401, RawHttp.get(target).status(), target);
            assertEquals(200, RawHttp.get(target, ADMIN).status(), target);
        }
    }

    @Test
    void noPathFormCreatesOrRevokesAKeyWithoutAKey() {
        long before = count("SELECT count(*) FROM auth.api_keys");
        String body = "{\"name\":\"x\",\"scopes\":[\"read\",\"write\",\"admin\"]}";
        for (String target : List.of("//api/v1/admin/api-keys", "/api;/v1/admin/api-keys", "/%61pi/v1/admin/api-keys",
                "/q/../api/v1/admin/api-keys", "/q/health/%2e%2e/%2e%2e/api/v1/admin/api-keys")) {
            RawHttp.Answer answer = RawHttp.send("POST " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                    + body, 10_000);
            assertTrue(answer.status() == 400 || answer.status() == 401, target + " answered " + answer.status());
        }
        assertEquals(before, count("SELECT count(*) FROM auth.api_keys"));

        String id = AdminKey.KEY.substring(3, 11);
        for (String target : List.of("//api/v1/admin/api-keys/" + id, "/%61pi/v1/admin/api-keys/" + id)) {
            RawHttp.Answer answer = RawHttp.send("DELETE " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n", 10_000);
            assertTrue(answer.status() == 400 || answer.status() == 401, target + " answered " + answer.status());
        }
        assertEquals(0, count("SELECT count(*) FROM auth.api_keys WHERE id = '" + id + "' AND revoked_at IS NOT NULL"));
        RestAssured.given().when().get("/api/v1/symbols").then().statusCode(200);
    }

    @Test
    void noCallThatReachesAnApiResourceIsAuditedAsAnonymous() {
        for (String target : List.of("/%61pi/v1/admin/audit", "//api/v1/admin/audit", "/api/v1/admin/%61udit")) {
            RawHttp.get(target);
            RawHttp.get(target, ADMIN);
        }
        // Reading the audit log writes what is still queued first.
        RestAssured.given().when().get("/api/v1/admin/audit").then().statusCode(200);
        assertEquals(0, count("SELECT count(*) FROM auth.audit_log WHERE key_id = 'anonymous'"
                + " AND event IN ('admin_call', 'key_created', 'key_revoked')"));
        assertTrue(count("SELECT count(*) FROM auth.audit_log WHERE event = 'admin_call' AND path = '/api/v1/admin/audit'"
                + " AND key_id = '" + AdminKey.KEY.substring(3, 11) + "'") > 0);
    }

    @Test
    void methodsTickvaultNeverServesAre405BeforeAnyKeyCheck() {
        String readOnly = RestAssured.given().contentType("application/json")
                .body("{\"name\":\"guard-reader\",\"scopes\":[\"read\"]}")
                .when().post("/api/v1/admin/api-keys").then().statusCode(201).extract().path("key");
        for (String method : List.of("TRACE", "PROPFIND", "get", "CONNECT", "FOO")) {
            for (String[] headers : new String[][] {{}, {"Authorization: Bearer " + readOnly}}) {
                StringBuilder request = new StringBuilder(method + " /api/v1/symbols HTTP/1.1\r\nHost: localhost\r\n");
                for (String header : headers) {
                    request.append(header).append("\r\n");
                }
                RawHttp.Answer answer = RawHttp.send(request.append("Connection: close\r\n\r\n").toString(), 10_000);
                assertEquals(405, answer.status(), method + " answered " + answer.head());
                assertEquals("application/problem+json", answer.header("Content-Type"), method);
                assertNotNull(answer.header("Allow"), method);
            }
        }
    }

    @Test
    void aCompressedBodyIs415AndNothingIsWritten() {
        RestAssured.given().contentType("application/json").header("Content-Encoding", "gzip")
                .body("{\"symbol\":\"GZIP\",\"action\":\"BUY\",\"confidence\":0.5,\"strategy\":\"guard-gzip\"}")
                .when().post("/api/v1/decisions")
                .then().statusCode(415).contentType("application/problem+json")
                .header("Accept-Encoding", "identity");
        assertEquals(0, count("SELECT count(*) FROM journal.decisions WHERE strategy = 'guard-gzip'"));
    }

    @Test
    void aBodyWithoutAUsableContentTypeIs415NotA500() {
        String bar = "[{\"symbol\":\"NOCT\",\"timeframe\":\"1d\",\"ts\":\"2020-01-02T00:00:00Z\",\"open\":1,\"high\":1,"
                + "\"low\":1,\"close\":1,\"volume\":1}]";
        for (String contentType : new String[] {null, "", ";", "json"}) {
            StringBuilder request = new StringBuilder("POST /api/v1/bars HTTP/1.1\r\nHost: localhost\r\n" + ADMIN + "\r\n");
            if (contentType != null) {
                request.append("Content-Type: ").append(contentType).append("\r\n");
            }
            RawHttp.Answer answer = RawHttp.send(request.append("Content-Length: ").append(bar.length())
                    .append("\r\nConnection: close\r\n\r\n").append(bar).toString(), 10_000);
            assertEquals(415, answer.status(), "Content-Type " + contentType + ": " + answer.head());
            assertEquals("application/problem+json", answer.header("Content-Type"));
        }
        RawHttp.Answer empty = RawHttp.send("POST /api/v1/bars HTTP/1.1\r\nHost: localhost\r\n" + ADMIN
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", 10_000);
        assertEquals(400, empty.status(), empty.head());
        assertEquals(0, count("SELECT count(*) FROM market_data.ohlcv WHERE symbol = 'NOCT'"));
    }

    @Test
    void aBodyShortOfItsLengthIsAnswered408AndTheConnectionClosed() {
        String partial = "{\"symbol\":\"SLOW\",\"action\":\"BUY\"";
        RawHttp.Answer answer = RawHttp.send("POST /api/v1/decisions HTTP/1.1\r\nHost: localhost\r\n" + ADMIN
                + "\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n" + partial, 20_000);
        assertEquals(408, answer.status(), answer.head());
        assertEquals("application/problem+json", answer.header("Content-Type"));
        assertTrue(answer.closed(), "the connection stays open after the 408");
    }

    @Test
    void aChunkedBodyThatStopsIsAnswered408() {
        RawHttp.Answer answer = RawHttp.send("POST /api/v1/decisions HTTP/1.1\r\nHost: localhost\r\n" + ADMIN
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"sym\r\n", 20_000);
        assertEquals(408, answer.status(), answer.head());
        assertTrue(answer.closed());
    }

    @Test
    void anOverLongRequestTargetIs414WithAProblemBody() {
        String target = "/api/v1/symbols?x=" + "a".repeat(140_000);
        RawHttp.Answer answer = RawHttp.get(target, ADMIN);
        assertEquals(414, answer.status(), answer.head());
        assertEquals("application/problem+json", answer.header("Content-Type"));
        assertTrue(answer.body().contains("\"status\":414"), answer.body());
    }

    @Test
    void pathsInNormalFormAndTheProbesPassAsBefore() {
        assertEquals(200, RawHttp.get("/api/v1/symbols", ADMIN).status());
        assertEquals(401, RawHttp.get("/api/v1/symbols").status());
        assertEquals(200, RawHttp.get("/api/v1/bars/%5EGSPC?timeframe=1d&limit=1", ADMIN).status());
        assertEquals(200, RawHttp.get("/q/health/live").status());
    }

    private long count(String sql) {
        Row row = pool.query(sql).execute().await().indefinitely().iterator().next();
        return row.getLong(0);
    }
}
