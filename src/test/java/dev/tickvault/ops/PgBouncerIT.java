package dev.tickvault.ops;

import dev.tickvault.ops.embedded.LocalPostgres;
import dev.tickvault.support.PackagedApp;
import dev.tickvault.support.PackagedApp.Http;
import dev.tickvault.support.PgBouncer;
import dev.tickvault.support.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two tickvault instances behind Debian's PgBouncer in transaction mode (5 server connections for
 * 2 x 20 client ones), with {@code TICKVAULT_POOL_PGBOUNCER=true}; Flyway connects to PostgreSQL
 * directly. Instance A listens for key revocations on a direct connection
 * ({@code TICKVAULT_NOTIFICATIONS_DATABASE_URL}); instance B has none, so it verifies every key against
 * the database. Concurrent reads and writes, a cursor stream, statistics, and a revocation made on B
 * reaching A all work through the pooler.
 */
class PgBouncerIT {

    private static final int SERVER_CONNECTIONS = 5;

    private static LocalPostgres server;
    private static PgBouncer bouncer;
    private static int bouncerPort;

    @BeforeAll
    static void start() throws Exception {
        Tools.require("pgbouncer", "pgbouncer", Path.of("/usr/sbin"));
        Path parent = Files.createTempDirectory("tickvault-pgbouncer-");
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxrwxrwx"));
        server = LocalPostgres.create(parent.resolve("data"), 0).start();
        bouncer = PgBouncer.start(Map.of("tickvault", server.port()), SERVER_CONNECTIONS);
        bouncerPort = bouncer.port();
    }

    @AfterAll
    static void stop() {
        if (bouncer != null) {
            bouncer.close();
        }
        if (server != null) {
            server.destroy();
        }
    }

    private static PackagedApp tickvault(String name, boolean directListener) {
        String direct = "postgresql://postgres:" + PackagedApp.PASSWORD + "@127.0.0.1:" + server.port() + "/postgres";
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "DATABASE_URL", "postgresql://postgres:" + PackagedApp.PASSWORD + "@127.0.0.1:" + bouncerPort + "/tickvault",
                // Migrations (JDBC, session-level advisory lock) go to PostgreSQL itself.
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres",
                "TICKVAULT_POOL_PGBOUNCER", "true"));
        if (directListener) {
            env.put("TICKVAULT_NOTIFICATIONS_DATABASE_URL", direct);
        }
        return PackagedApp.start(name, env);
    }

    private static byte[] sp500() throws IOException {
        try (InputStream in = PgBouncerIT.class.getClassLoader().getResourceAsStream("sample-data/sp500-2000.csv")) {
            return in.readAllBytes();
        }
    }

    @Test
    void servesThroughTransactionPoolingAndRevocationsStillReachEveryInstance() throws Exception {
        try (PackagedApp a = tickvault("pgbouncer-a", true); PackagedApp b = tickvault("pgbouncer-b", false)) {
            a.awaitReady(Duration.ofSeconds(90));
            b.awaitReady(Duration.ofSeconds(90));
            assertTrue(b.log().contains("key-change notifications are off"), b.log());
            assertFalse(a.log().contains("key-change notifications are off"), a.log());

            HttpResponse<String> upload = Http.post(a.url("/api/v1/bars?symbol=PGB.SPX&timeframe=1d"),
                    PackagedApp.ADMIN_KEY, "text/csv", sp500());
            assertEquals(200, upload.statusCode(), upload.body());

            // 400 concurrent requests over both instances: prepared statements, transactions and batches
            // interleave on 5 server connections.
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                PackagedApp app = i % 2 == 0 ? a : b;
                String path = switch (i % 4) {
                    case 0 -> "/api/v1/bars/PGB.SPX/latest?timeframe=1d";
                    case 1 -> "/api/v1/bars/PGB.SPX?timeframe=1d&from=2008-01-01&limit=50";
                    case 2 -> "/api/v1/symbols";
                    default -> "/api/v1/bars/PGB.SPX/resample?timeframe=1d&bucket=1w&from=2019-01-01";
                };
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.url(path)))
                        .header("Authorization", "Bearer " + PackagedApp.ADMIN_KEY).timeout(Duration.ofSeconds(60));
                if (i % 10 == 9) {
                    String bar = "{\"symbol\":\"PGB.W" + (i % 7) + "\",\"timeframe\":\"1d\",\"ts\":\"2024-01-"
                            + String.format("%02d", 1 + i % 28) + "T00:00:00Z\",\"open\":1,\"high\":2,\"low\":0.5,"
                            + "\"close\":1.5,\"volume\":" + i + "}";
                    request = HttpRequest.newBuilder(URI.create(app.url("/api/v1/bars")))
                            .header("Authorization", "Bearer " + PackagedApp.ADMIN_KEY)
                            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofString("[" + bar + "]"));
                }
                calls.add(client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                HttpResponse<String> response = call.get(120, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.uri() + ": " + response.body());
            }

            // A cursor stream runs inside one transaction, so it keeps one server connection throughout.
            HttpResponse<String> csv = Http.get(b.url("/api/v1/bars/PGB.SPX?timeframe=1d"), PackagedApp.ADMIN_KEY,
                    Map.of("Accept", "text/csv"));
            assertEquals(200, csv.statusCode(), csv.body());
            assertEquals(5106, csv.body().split("\n").length, "header and 5105 bars");
            assertEquals(200, Http.get(a.url("/api/v1/admin/db/stats"), PackagedApp.ADMIN_KEY).statusCode());

            // A key used on both instances (so A caches it), revoked through B: A learns it by NOTIFY on
            // its direct connection, B reads the database on every verification.
            HttpResponse<String> created = Http.post(a.url("/api/v1/admin/api-keys"), PackagedApp.ADMIN_KEY,
                    "application/json", "{\"name\":\"pgbouncer-reader\",\"scopes\":[\"read\"]}".getBytes(StandardCharsets.UTF_8));
            assertEquals(201, created.statusCode(), created.body());
            Matcher m = Pattern.compile("\"id\":\"([^\"]+)\".*\"key\":\"([^\"]+)\"").matcher(created.body());
            assertTrue(m.find(), created.body());
            String id = m.group(1);
            String key = m.group(2);
            assertEquals(200, Http.get(a.url("/api/v1/symbols"), key).statusCode());
            assertEquals(200, Http.get(b.url("/api/v1/symbols"), key).statusCode());
            assertEquals(204, Http.delete(b.url("/api/v1/admin/api-keys/" + id), PackagedApp.ADMIN_KEY).statusCode());
            assertEquals(401, Http.get(b.url("/api/v1/symbols"), key).statusCode(), "refused at once on B");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (Http.get(a.url("/api/v1/symbols"), key).statusCode() != 401) {
                if (System.nanoTime() > deadline) {
                    fail("the revocation made on B did not reach A");
                }
                Thread.sleep(50);
            }

            // The traffic went through PgBouncer, multiplexed onto at most 5 server connections.
            long transactions = bouncer.transactions("tickvault");
            assertTrue(transactions > 400, "transactions through PgBouncer: " + transactions);
            long servers = bouncer.show("SERVERS").stream().filter(r -> "tickvault".equals(r.get("database"))).count();
            long clients = bouncer.show("CLIENTS").stream().filter(r -> "tickvault".equals(r.get("database"))).count();
            assertTrue(servers <= SERVER_CONNECTIONS, "server connections " + servers);
            assertTrue(clients > servers, "client connections " + clients + " share " + servers + " server ones");

            assertFalse(a.log().contains("ERROR") || b.log().contains("ERROR"), a.log() + "\n" + b.log());
            a.terminate();
            b.terminate();
            assertEquals(0, a.awaitExit(Duration.ofSeconds(60)), a.log());
            assertEquals(0, b.awaitExit(Duration.ofSeconds(60)), b.log());
        }
    }
}
