package dev.tickvault.live;

import dev.tickvault.ops.embedded.LocalPostgres;
import dev.tickvault.support.PackagedApp;
import dev.tickvault.support.PackagedApp.Http;
import dev.tickvault.support.SseClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two packaged instances on one database: a bar written through one reaches a live subscriber of the other (one
 * LISTEN connection each), and so does a command enqueued through one to a claim long-polling on the other; a
 * stream ends cleanly when its instance shuts down, and after that instance restarted the client's
 * {@code Last-Event-ID} brings exactly what was written meanwhile.
 */
class LiveFanOutIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static LocalPostgres server;

    @BeforeAll
    static void database() throws IOException {
        Path parent = Files.createTempDirectory("tickvault-live-pg-");
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        server = LocalPostgres.create(parent.resolve("data"), 0).start();
    }

    @AfterAll
    static void stopDatabase() {
        if (server != null) {
            server.destroy();
        }
    }

    private static String bar(Instant ts, double close) {
        return "{\"symbol\":\"FAN.OUT\",\"timeframe\":\"1m\",\"ts\":\"" + ts + "\",\"open\":" + close + ",\"high\":"
                + (close + 1) + ",\"low\":" + (close - 1) + ",\"close\":" + close + ",\"volume\":1}";
    }

    private static void post(PackagedApp app, String... bars) {
        HttpResponse<String> answer = Http.post(app.url("/api/v1/bars"), PackagedApp.ADMIN_KEY, "application/json",
                ("[" + String.join(",", bars) + "]").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, answer.statusCode(), answer.body());
    }

    private static SseClient subscribe(PackagedApp app, Map<String, String> headers) {
        SseClient feed = SseClient.open(app.url("/api/v1/bars/FAN.OUT/live?timeframe=1m"), PackagedApp.ADMIN_KEY, headers);
        assertEquals(200, feed.status());
        return feed;
    }

    @Test
    void aWriteOnOneInstanceReachesTheOtherAndAResumeAfterARestartMissesNothing() throws Exception {
        Map<String, String> env = Map.of("DATABASE_URL", PackagedApp.databaseUrl(server.port(), "postgres"));
        Instant t0 = Instant.parse("2031-05-01T00:00:00Z");
        try (PackagedApp a = PackagedApp.start("live-a", env).awaitReady(WAIT)) {
            String lastId;
            try (PackagedApp b = PackagedApp.start("live-b", env).awaitReady(WAIT);
                    SseClient feed = subscribe(b, Map.of())) {
                post(a, bar(t0, 10), bar(t0.plusSeconds(60), 11));
                List<SseClient.Event> events = feed.next("bar", 2, WAIT);
                assertEquals(List.of("1-1", "1-2"), events.stream().map(SseClient.Event::id).toList());
                assertTrue(events.get(1).data().contains("\"close\":11"), events.get(1).data());
                lastId = events.get(1).id();

                // A claim long-polling on b wakes for a command enqueued through a.
                CompletableFuture<HttpResponse<String>> claim = CompletableFuture.supplyAsync(() -> Http.post(
                        b.url("/api/v1/agents/fan-out/commands/claim?wait=PT50S"), PackagedApp.ADMIN_KEY,
                        "application/json", new byte[0]));
                HttpResponse<String> enqueued = Http.post(a.url("/api/v1/agents/fan-out/commands"),
                        PackagedApp.ADMIN_KEY, "application/json",
                        "{\"type\":\"rebalance\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8));
                assertEquals(201, enqueued.statusCode(), enqueued.body());
                HttpResponse<String> claimed = claim.get(45, TimeUnit.SECONDS);
                assertEquals(200, claimed.statusCode(), claimed.body());
                assertTrue(claimed.body().contains("\"status\":\"LEASED\""), claimed.body());

                // Graceful shutdown of b ends its stream (the client sees the end, not a hang) and exits 0.
                b.terminate();
                feed.untilEnd(WAIT);
                assertEquals(0, b.awaitExit(WAIT), b.log());
            }
            post(a, bar(t0.plusSeconds(120), 12));
            post(a, bar(t0, 10.5), bar(t0.plusSeconds(180), 13));
            try (PackagedApp b = PackagedApp.start("live-b-again", env).awaitReady(WAIT);
                    SseClient feed = subscribe(b, Map.of("Last-Event-ID", lastId))) {
                List<SseClient.Event> missed = feed.next("bar", 3, WAIT);
                assertEquals(List.of("2-1", "3-1", "3-2"), missed.stream().map(SseClient.Event::id).toList());
                post(a, bar(t0.plusSeconds(240), 14));
                assertEquals("4-1", feed.next("bar", 1, WAIT).get(0).id());
            }
        }
    }
}
