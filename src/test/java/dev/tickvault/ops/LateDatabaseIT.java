package dev.tickvault.ops;

import dev.tickvault.ops.embedded.LocalPostgres;
import dev.tickvault.support.PackagedApp;
import dev.tickvault.support.PackagedApp.Http;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packaged application started before its database (as compose without health checks, or a pod
 * scheduled before PostgreSQL is up): it waits with retries and backoff and does not listen meanwhile;
 * when the database comes it migrates, opens HTTP and serves. The opposite case, a database that never
 * comes, is {@link ProductionStartIT#givesUpOnADatabaseThatNeverComes}.
 */
class LateDatabaseIT {

    private static final Pattern RETRY = Pattern.compile("Database not reachable yet \\(attempt (\\d+)");

    /** Runs the tickvault health check of compose.yaml (bash only, no curl) against a port. */
    private static int composeHealthCheck(int port) throws Exception {
        Matcher m = Pattern.compile("\\[\"CMD\", \"bash\", \"-c\", \"(.*)\"]")
                .matcher(Files.readString(Path.of("compose.yaml")));
        assertTrue(m.find(), "the health check in compose.yaml");
        String script = m.group(1).replace("\\\\", "\\").replace("/8080", "/" + port);
        Process check = new ProcessBuilder("bash", "-c", script).inheritIO().start();
        return check.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) ? check.exitValue() : -1;
    }

    @Test
    void waitsForALateDatabaseThenMigratesAndServes() throws Exception {
        Path parent = Files.createTempDirectory("tickvault-late-pg-");
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        // initdb now, start later: nothing listens on the port while the application boots.
        LocalPostgres server = LocalPostgres.create(parent.resolve("data"), port);
        try (PackagedApp app = PackagedApp.start("late-db", Map.of(
                "DATABASE_URL", PackagedApp.databaseUrl(port, "postgres"),
                "TICKVAULT_BOOT_DATABASE_WAIT", "PT90S"))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int attempts = 0;
            while (attempts < 3) {
                Matcher m = RETRY.matcher(app.log());
                while (m.find()) {
                    attempts = Integer.parseInt(m.group(1));
                }
                if (!app.process().isAlive()) {
                    fail("exited while waiting for the database:\n" + app.log());
                }
                if (System.nanoTime() > deadline) {
                    fail("no retries logged:\n" + app.log());
                }
                Thread.sleep(100);
            }
            assertFalse(app.log().contains("Listening on"), "HTTP stays closed until boot is done:\n" + app.log());

            server.start();
            app.awaitReady(Duration.ofSeconds(60));
            String log = app.log();
            assertTrue(log.contains("Database reachable after"), log);
            assertTrue(log.contains("retrying in 250 ms") && log.contains("retrying in 500 ms"),
                    "backoff doubles:\n" + log);

            assertEquals(200, Http.get(app.url("/q/health/started"), null).statusCode());
            assertEquals(0, composeHealthCheck(app.port()), "compose.yaml's tickvault health check passes");
            String bar = "{\"symbol\":\"LATE.DB\",\"timeframe\":\"1d\",\"ts\":\"2024-01-02T00:00:00Z\",\"open\":1,"
                    + "\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":10}";
            HttpResponse<String> posted = Http.post(app.url("/api/v1/bars"), PackagedApp.ADMIN_KEY, "application/json",
                    ("[" + bar + "]").getBytes(StandardCharsets.UTF_8));
            assertEquals(200, posted.statusCode(), posted.body());
            HttpResponse<String> latest = Http.get(app.url("/api/v1/bars/LATE.DB/latest?timeframe=1d"),
                    PackagedApp.ADMIN_KEY);
            assertEquals(200, latest.statusCode(), latest.body());
            assertTrue(latest.body().contains("\"close\":1.5"), latest.body());

            app.terminate();
            assertEquals(0, app.awaitExit(Duration.ofSeconds(60)), app.log());
        } finally {
            server.destroy();
        }
    }
}
