package dev.tickvault.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.ops.embedded.LocalPostgres;
import dev.tickvault.support.Eventually;
import dev.tickvault.support.PackagedApp;
import dev.tickvault.support.PackagedApp.Http;
import dev.tickvault.support.PgBouncer;
import dev.tickvault.support.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real primary and a real streaming replica (Debian's PostgreSQL 15: {@code initdb}, then {@code pg_basebackup -R}
 * from it; the replica logs every statement it runs), and the packaged application on both twice: instance
 * {@code direct} connects to each server itself; instance {@code pooled} reaches both through PgBouncer in
 * transaction mode ({@code TICKVAULT_POOL_PGBOUNCER=true}) and listens for key revocations on a direct connection.
 * Both run with {@code tickvault.replicas.max-lag} PT1S. Shown, in order: routed reads answered by the replica (its
 * metric and its log); a write followed by a read with its {@code Tickvault-Commit-LSN} never missing the write,
 * also with replay paused; a paused replica dropping out after max-lag and back in after
 * {@code pg_wal_replay_resume()}; revocations through LISTEN/NOTIFY with replicas configured; the replica stopped
 * while reads run, every one answered, and taken back once it returns; and nothing written to the replica, nor
 * any key lookup, idempotency check or queue statement sent there. A third instance reads from a second replica
 * that accepts TLS connections only, named with {@code sslmode=verify-full}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadReplicaIT {

    private static final Path POSTGRES_15 = Tools.POSTGRES_15_BIN.getParent();
    private static final String KEY = PackagedApp.ADMIN_KEY;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalPostgres primary;
    private static LocalPostgres replica;
    private static PgBouncer bouncer;
    private static PackagedApp direct;
    private static PackagedApp pooled;
    /** A second replica that accepts TLS connections only, and the instance that reads from it with verify-full. */
    private static LocalPostgres tlsReplica;
    private static PackagedApp tls;
    private static String tlsReplicaName;
    /** The replica's name (host:port) as each instance knows it. */
    private static String directReplica;
    private static String pooledReplica;

    @BeforeAll
    static void start() throws Exception {
        for (String program : List.of("initdb", "pg_ctl", "postgres", "pg_basebackup")) {
            Tools.require(program, "postgresql-15", Tools.POSTGRES_15_BIN);
        }
        Path parent = Files.createTempDirectory("tickvault-replica-");
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        primary = LocalPostgres.installed(POSTGRES_15, parent.resolve("primary"), 0).start();
        Path copy = LocalPostgres.emptyDataDirectory(parent.resolve("replica"));
        // initdb's pg_hba.conf lets local replication connections in; -R writes primary_conninfo and standby.signal.
        primary.runProgram("pg_basebackup", "-h", "127.0.0.1", "-p", Integer.toString(primary.port()), "-U", "postgres",
                "-D", copy.toString(), "-R", "-X", "stream", "-c", "fast");
        replica = LocalPostgres.installed(POSTGRES_15, copy, 0).setting("log_statement", "all").start();
        bouncer = PgBouncer.start(Map.of("tickvault", primary.port(), "replica", replica.port()), 5);

        Map<String, String> lag = Map.of("TICKVAULT_REPLICAS_MAX_LAG", "PT1S", "TICKVAULT_REPLICAS_CHECK_INTERVAL",
                "PT0.25S");
        Map<String, String> directEnv = new HashMap<>(lag);
        directEnv.put("DATABASE_URL", PackagedApp.databaseUrl(primary.port(), "postgres"));
        // No credentials: a replica URL takes what it leaves out from the primary's connection.
        directEnv.put("TICKVAULT_READ_REPLICA_URLS", "postgresql://127.0.0.1:" + replica.port() + "/postgres");
        direct = PackagedApp.start("replica-direct", directEnv).awaitReady(Duration.ofSeconds(120));
        directReplica = "127.0.0.1:" + replica.port();

        Map<String, String> pooledEnv = new HashMap<>(lag);
        pooledEnv.put("DATABASE_URL", "postgresql://postgres:" + PackagedApp.PASSWORD + "@127.0.0.1:" + bouncer.port()
                + "/tickvault");
        pooledEnv.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + primary.port() + "/postgres");
        pooledEnv.put("TICKVAULT_POOL_PGBOUNCER", "true");
        pooledEnv.put("TICKVAULT_NOTIFICATIONS_DATABASE_URL", PackagedApp.databaseUrl(primary.port(), "postgres"));
        pooledEnv.put("TICKVAULT_READ_REPLICA_URLS", "postgresql://postgres:" + PackagedApp.PASSWORD + "@127.0.0.1:"
                + bouncer.port() + "/replica");
        pooled = PackagedApp.start("replica-pooled", pooledEnv).awaitReady(Duration.ofSeconds(120));
        pooledReplica = "127.0.0.1:" + bouncer.port();

        Path tlsCopy = LocalPostgres.emptyDataDirectory(parent.resolve("replica-tls"));
        primary.runProgram("pg_basebackup", "-h", "127.0.0.1", "-p", Integer.toString(primary.port()), "-U", "postgres",
                "-D", tlsCopy.toString(), "-R", "-X", "stream", "-c", "fast");
        Path certificate = parent.resolve("root.crt");
        Path privateKey = parent.resolve("server.key");
        selfSignedCertificate(certificate, privateKey);
        tlsReplica = LocalPostgres.installed(POSTGRES_15, tlsCopy, 0).requireTls(certificate, privateKey).start();
        Map<String, String> tlsEnv = new HashMap<>(lag);
        tlsEnv.put("DATABASE_URL", PackagedApp.databaseUrl(primary.port(), "postgres"));
        tlsEnv.put("TICKVAULT_READ_REPLICA_URLS", "postgresql://127.0.0.1:" + tlsReplica.port()
                + "/postgres?sslmode=verify-full&sslrootcert=" + certificate);
        tls = PackagedApp.start("replica-tls", tlsEnv).awaitReady(Duration.ofSeconds(120));
        tlsReplicaName = "127.0.0.1:" + tlsReplica.port();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {tls, pooled, direct, bouncer}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // best effort: the servers below still stop
            }
        }
        if (replica != null) {
            replica.destroy();
        }
        if (tlsReplica != null) {
            tlsReplica.destroy();
        }
        if (primary != null) {
            primary.destroy();
        }
    }

    @Test
    @Order(1)
    void routedReadsAreAnsweredByTheReplica() throws Exception {
        HttpResponse<String> upload = Http.post(direct.url("/api/v1/bars?symbol=RR.SPX&timeframe=1d"), KEY, "text/csv",
                sp500());
        assertEquals(200, upload.statusCode(), upload.body());
        String lsn = commitLsn(upload);
        HttpResponse<String> decision = post(direct, "/api/v1/decisions", "{\"symbol\":\"RR.SPX\",\"action\":\"BUY\","
                + "\"confidence\":0.7,\"strategy\":\"rr-routing\",\"decidedAt\":\"2020-04-17T21:00:00Z\"}", Map.of());
        assertEquals(201, decision.statusCode(), decision.body());
        HttpResponse<String> trade = post(direct, "/api/v1/trades", "{\"symbol\":\"RR.SPX\",\"side\":\"BUY\","
                + "\"quantity\":1,\"entryPrice\":2874.56,\"entryTime\":\"2020-04-17T21:00:00Z\","
                + "\"executionMode\":\"SIMULATION\"}", Map.of());
        assertEquals(201, trade.statusCode(), trade.body());
        HttpResponse<String> series = put(direct, "/api/v1/economic/RRPAYEMS", "{\"title\":\"All employees, total"
                + " nonfarm\",\"units\":\"Thousands of Persons\",\"frequency\":\"MONTHLY\",\"source\":\"BLS\"}");
        assertEquals(201, series.statusCode(), series.body());
        HttpResponse<String> observations = Http.post(direct.url("/api/v1/economic/RRPAYEMS/observations"
                + "?vintage=2016-01-08"), KEY, "text/csv", "date,value\n2015-12-01,143180\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, observations.statusCode(), observations.body());
        for (String[] write : new String[][] {
                {"/api/v1/corporate-actions", "[{\"symbol\":\"RR.SPX\",\"exDate\":\"2010-01-04\",\"type\":\"split\","
                        + "\"ratio\":2}]"},
                {"/api/v1/events", "[{\"eventType\":\"rr_closure\",\"eventAt\":\"2001-09-11T13:30:00Z\",\"name\":"
                        + "\"Market closed\",\"impact\":4,\"source\":\"test\"}]"},
                {"/api/v1/news", "[{\"url\":\"https://example.test/news/rr-1\",\"title\":\"Replica routing reaches"
                        + " the wire\",\"publishedAt\":\"2020-04-17T10:00:00Z\",\"symbols\":[\"RR.SPX\"]}]"}}) {
            HttpResponse<String> answer = post(direct, write[0], write[1], Map.of());
            assertTrue(answer.statusCode() == 200 || answer.statusCode() == 201, write[0] + ": " + answer.body());
        }
        String last = commitLsn(post(direct, "/api/v1/news", "[{\"url\":\"https://example.test/news/rr-2\",\"title\":"
                + "\"The last write of the setup\",\"publishedAt\":\"2020-04-18T10:00:00Z\"}]", Map.of()));
        assertTrue(compareLsn(last, lsn) >= 0, lsn + " then " + last);
        Eventually.await("the replica replaying " + last, WAIT, POLL, () -> replayed(last));
        awaitState(direct, directReplica, "usable");
        awaitState(pooled, pooledReplica, "usable");

        Map<String, String> reads = new java.util.LinkedHashMap<>();
        reads.put("/api/v1/bars/RR.SPX?timeframe=1d&from=2008-09-01&to=2008-10-01", "\"ts\":\"2008-09-02T00:00:00Z\"");
        reads.put("/api/v1/bars/RR.SPX?timeframe=1d&from=2020-04-01|text/csv", "2020-04-17T00:00:00Z");
        reads.put("/api/v1/bars/RR.SPX?timeframe=1d&from=2020-04-01|application/x-ndjson", "2020-04-17T00:00:00Z");
        reads.put("/api/v1/bars/RR.SPX/latest?timeframe=1d", "\"ts\":\"2020-04-17T00:00:00Z\"");
        reads.put("/api/v1/bars/latest?symbols=RR.SPX&timeframe=1d", "\"ts\":\"2020-04-17T00:00:00Z\"");
        reads.put("/api/v1/bars/RR.SPX/resample?timeframe=1d&bucket=1w&from=2020-03-01", "\"barCount\":");
        reads.put("/api/v1/bars/RR.SPX/gaps?timeframe=1d&from=2001-09-01&to=2001-10-01", "2001-09-11");
        reads.put("/api/v1/symbols", "RR.SPX");
        reads.put("/api/v1/decisions?strategy=rr-routing", "rr-routing");
        reads.put("/api/v1/trades?symbol=RR.SPX", "\"entryPrice\":2874.56");
        reads.put("/api/v1/trades/performance?symbol=RR.SPX", "\"trades\":");
        reads.put("/api/v1/predictions/accuracy?symbol=RR.SPX", "\"count\":");
        reads.put("/api/v1/economic", "RRPAYEMS");
        reads.put("/api/v1/economic/RRPAYEMS", "143180");
        reads.put("/api/v1/economic/RRPAYEMS/vintages", "2016-01-08");
        reads.put("/api/v1/corporate-actions?symbol=RR.SPX", "2010-01-04");
        reads.put("/api/v1/events?eventType=rr_closure", "Market closed");
        reads.put("/api/v1/news?symbol=RR.SPX", "rr-1");
        reads.put("/api/v1/news?q=replica%20routing", "rr-1");
        reads.put("/api/v1/bars/RR.SPX?timeframe=1d&from=2009-12-28&to=2010-01-08&adjustment=split", "\"ts\":");
        for (PackagedApp app : List.of(direct, pooled)) {
            String target = app == direct ? directReplica : pooledReplica;
            reads.forEach((read, expected) -> Eventually.await(read + " answered by the replica through " + target,
                    WAIT, POLL, () -> {
                        long before = served(app, target);
                        String[] parts = read.split("\\|");
                        HttpResponse<String> answer = Http.get(app.url(parts[0]), KEY,
                                Map.of("Accept", parts.length > 1 ? parts[1] : "application/json"));
                        assertEquals(200, answer.statusCode(), read + ": " + answer.body());
                        assertTrue(answer.body().contains(expected), read + ": " + answer.body());
                        return served(app, target) > before;
                    }));
        }
        assertTrue(bouncer.transactions("replica") > 0, "the pooled instance reached the replica through PgBouncer");
        String log = replicaLog();
        for (String table : List.of("market_data.ohlcv", "market_data.series", "journal.decisions", "journal.trades",
                "ref.economic_series", "ref.economic_observations", "ref.corporate_actions", "ref.events",
                "ref.news_articles", "ref.adjustment_factors")) {
            assertTrue(statements(log).stream().anyMatch(s -> s.contains(table)), table + " read on the replica");
        }
    }

    @Test
    @Order(2)
    void aReadWithItsWritesLsnNeverMissesTheWriteAlsoWithReplayPaused() throws Exception {
        for (boolean paused : List.of(false, true)) {
            if (paused) {
                pauseReplay();
            }
            try {
                long replicaReadsBefore = served(direct, directReplica) + served(pooled, pooledReplica);
                LocalDate day = LocalDate.of(paused ? 2031 : 2030, 1, 1);
                String symbol = paused ? "RYW.PAUSED" : "RYW.RUNNING";
                for (int i = 0; i < 30; i++, day = day.plusDays(1)) {
                    PackagedApp app = i % 2 == 0 ? direct : pooled;
                    String ts = day + "T00:00:00Z";
                    HttpResponse<String> written = post(app, "/api/v1/bars", "[{\"symbol\":\"" + symbol + "\","
                            + "\"timeframe\":\"1d\",\"ts\":\"" + ts + "\",\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,"
                            + "\"volume\":" + i + "}]", Map.of());
                    assertEquals(200, written.statusCode(), written.body());
                    Map<String, String> floor = Map.of("Tickvault-Min-LSN", commitLsn(written));
                    HttpResponse<String> latest = Http.get(app.url("/api/v1/bars/" + symbol + "/latest?timeframe=1d"), KEY,
                            floor);
                    assertEquals(200, latest.statusCode(), latest.body());
                    assertTrue(latest.body().contains("\"ts\":\"" + ts + "\""), "read its own write: " + latest.body());
                    HttpResponse<String> page = Http.get(app.url("/api/v1/bars/" + symbol + "?timeframe=1d&order=desc"
                            + "&limit=1"), KEY, floor);
                    assertTrue(page.body().contains("\"ts\":\"" + ts + "\""), page.body());
                }
                HttpResponse<String> decision = post(direct, "/api/v1/decisions", "{\"symbol\":\"" + symbol + "\","
                        + "\"action\":\"HOLD\",\"confidence\":0.5,\"strategy\":\"ryw-" + paused + "\"}", Map.of());
                assertEquals(201, decision.statusCode(), decision.body());
                String id = JSON.readTree(decision.body()).get("id").asText();
                HttpResponse<String> listed = Http.get(pooled.url("/api/v1/decisions?strategy=ryw-" + paused), KEY,
                        Map.of("Tickvault-Min-LSN", commitLsn(decision)));
                assertTrue(listed.body().contains(id), "the decision in the list at once: " + listed.body());
                if (paused) {
                    assertEquals(replicaReadsBefore, served(direct, directReplica) + served(pooled, pooledReplica),
                            "no read with a floor past the paused replica's position went to it");
                }
            } finally {
                if (paused) {
                    resumeReplay();
                }
            }
        }
        // Once the replica has replayed a write, a read with that write's position is the replica's to answer.
        HttpResponse<String> written = post(direct, "/api/v1/bars", "[{\"symbol\":\"RYW.LATER\",\"timeframe\":\"1d\","
                + "\"ts\":\"2032-01-01T00:00:00Z\",\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":1}]", Map.of());
        String lsn = commitLsn(written);
        Eventually.await("a read with the write's position answered by the replica", WAIT, POLL, () -> {
            long before = served(direct, directReplica);
            HttpResponse<String> latest = Http.get(direct.url("/api/v1/bars/RYW.LATER/latest?timeframe=1d"), KEY,
                    Map.of("Tickvault-Min-LSN", lsn));
            assertEquals(200, latest.statusCode(), latest.body());
            return served(direct, directReplica) > before;
        });
        HttpResponse<String> malformed = Http.get(direct.url("/api/v1/bars/RYW.LATER/latest?timeframe=1d"), KEY,
                Map.of("Tickvault-Min-LSN", "yesterday"));
        assertEquals(400, malformed.statusCode(), malformed.body());
        assertTrue(malformed.body().contains("Tickvault-Min-LSN"), malformed.body());
    }

    @Test
    @Order(3)
    void aPausedReplicaDropsOutAfterMaxLagAndComesBackWhenResumed() throws Exception {
        awaitState(direct, directReplica, "usable");
        awaitState(pooled, pooledReplica, "usable");
        pauseReplay();
        try {
            HttpResponse<String> written = post(direct, "/api/v1/bars", "[{\"symbol\":\"LAG.BAR\",\"timeframe\":\"1d\","
                    + "\"ts\":\"2033-01-02T00:00:00Z\",\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":1}]",
                    Map.of());
            assertEquals(200, written.statusCode(), written.body());
            awaitState(direct, directReplica, "lagging");
            awaitState(pooled, pooledReplica, "lagging");
            double lag = metric(direct, "tickvault_replica_lag_seconds", "replica", directReplica);
            assertTrue(lag > 1.0, "lag over max-lag: " + lag);
            long before = served(direct, directReplica);
            for (int i = 0; i < 20; i++) {
                // No floor: the lagging replica would answer without the new bar; the primary answers instead.
                HttpResponse<String> latest = Http.get(direct.url("/api/v1/bars/LAG.BAR/latest?timeframe=1d"), KEY);
                assertEquals(200, latest.statusCode(), latest.body());
                assertTrue(latest.body().contains("2033-01-02"), latest.body());
            }
            assertEquals(before, served(direct, directReplica), "a lagging replica takes no reads");
            assertEquals(200, Http.get(direct.url("/q/health/ready"), null).statusCode(), "readiness ignores replicas");
            assertEquals(200, Http.get(pooled.url("/q/health/ready"), null).statusCode(), "readiness ignores replicas");
        } finally {
            resumeReplay();
        }
        awaitState(direct, directReplica, "usable");
        awaitState(pooled, pooledReplica, "usable");
        Eventually.await("reads back on the resumed replica", WAIT, POLL, () -> {
            long before = served(direct, directReplica);
            assertEquals(200, Http.get(direct.url("/api/v1/bars/LAG.BAR/latest?timeframe=1d"), KEY).statusCode());
            return served(direct, directReplica) > before;
        });
    }

    @Test
    @Order(4)
    void revocationsIdempotencyAndTheQueueKeepWorkingWithReplicasConfigured() throws Exception {
        assertFalse(direct.log().contains("key-change notifications are off"), direct.log());
        assertFalse(pooled.log().contains("key-change notifications are off"), pooled.log());
        for (PackagedApp revoker : List.of(direct, pooled)) {
            PackagedApp other = revoker == direct ? pooled : direct;
            HttpResponse<String> created = post(revoker, "/api/v1/admin/api-keys",
                    "{\"name\":\"replica-reader\",\"scopes\":[\"read\"]}", Map.of());
            assertEquals(201, created.statusCode(), created.body());
            JsonNode body = JSON.readTree(created.body());
            String id = body.get("id").asText();
            String key = body.get("key").asText();
            // Once on each instance, so both hold the key in memory and only a notification can take it away.
            Eventually.await("the new key accepted on both instances", WAIT, POLL,
                    () -> Http.get(revoker.url("/api/v1/symbols"), key).statusCode() == 200
                            && Http.get(other.url("/api/v1/symbols"), key).statusCode() == 200);
            assertEquals(204, Http.delete(revoker.url("/api/v1/admin/api-keys/" + id), KEY).statusCode());
            assertEquals(401, Http.get(revoker.url("/api/v1/symbols"), key).statusCode());
            Eventually.await("the revocation reaching the other instance by NOTIFY", Duration.ofSeconds(5), POLL,
                    () -> Http.get(other.url("/api/v1/symbols"), key).statusCode() == 401);
        }
        Map<String, String> once = Map.of("Idempotency-Key", "replica-idem-1");
        String command = "{\"type\":\"rebalance\",\"payload\":{\"target\":1}}";
        HttpResponse<String> first = post(pooled, "/api/v1/agents/replica-bot/commands", command, once);
        HttpResponse<String> again = post(direct, "/api/v1/agents/replica-bot/commands", command, once);
        assertEquals(201, first.statusCode(), first.body());
        assertEquals(first.body(), again.body(), "replayed from the primary on the other instance");
        assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(null));
        HttpResponse<String> claimed = post(direct, "/api/v1/agents/replica-bot/commands/claim?max=5", "", Map.of());
        assertEquals(200, claimed.statusCode(), claimed.body());
        assertTrue(claimed.body().contains("LEASED"), claimed.body());
    }

    @Test
    @Order(5)
    void aStoppedReplicaTakesNoReadsEveryReadIsStillAnsweredAndItIsTakenBackWhenItReturns() throws Exception {
        awaitState(direct, directReplica, "usable");
        awaitState(pooled, pooledReplica, "usable");
        List<String> paths = List.of("/api/v1/bars/RR.SPX/latest?timeframe=1d",
                "/api/v1/bars/RR.SPX?timeframe=1d&from=2020-04-01", "/api/v1/bars/latest?symbols=RR.SPX&timeframe=1d",
                "/api/v1/symbols", "/api/v1/decisions?strategy=rr-routing", "/api/v1/bars/RR.SPX?timeframe=1d&from=2020-04-01|text/csv");
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> readers = new ArrayList<>();
        for (PackagedApp app : List.of(direct, pooled)) {
            Thread reader = new Thread(() -> {
                for (int i = 0; reading.get(); i++) {
                    String[] parts = paths.get(i % paths.size()).split("\\|");
                    HttpResponse<String> answer = Http.get(app.url(parts[0]), KEY,
                            Map.of("Accept", parts.length > 1 ? parts[1] : "application/json"));
                    if (answer.statusCode() == 200 && !answer.body().isEmpty()) {
                        answered.incrementAndGet();
                    } else {
                        failures.add(parts[0] + " " + answer.statusCode() + " " + answer.body());
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        try {
            Eventually.await("reads under way", WAIT, POLL, () -> answered.get() > 20);
            replica.stop();
            awaitState(direct, directReplica, "down");
            awaitState(pooled, pooledReplica, "down");
            int atDown = answered.get();
            Eventually.await("reads answered with the replica down", WAIT, POLL, () -> answered.get() > atDown + 40);
            assertEquals(200, Http.get(direct.url("/q/health/ready"), null).statusCode(), "readiness ignores replicas");
            assertEquals(200, Http.get(pooled.url("/q/health/ready"), null).statusCode(), "readiness ignores replicas");
        } finally {
            reading.set(false);
            for (Thread reader : readers) {
                reader.join(60_000);
            }
        }
        assertTrue(failures.isEmpty(), "every read answered: " + failures);
        replica.start();
        awaitState(direct, directReplica, "usable");
        awaitState(pooled, pooledReplica, "usable");
        Eventually.await("reads on the replica again", WAIT, POLL, () -> {
            long before = served(pooled, pooledReplica);
            assertEquals(200, Http.get(pooled.url("/api/v1/symbols"), KEY).statusCode());
            return served(pooled, pooledReplica) > before;
        });
    }

    @Test
    @Order(6)
    void nothingIsWrittenToTheReplicaNorAnyReadThatMustSeeTheLatestCommitSentThere() throws IOException {
        String log = replicaLog();
        List<String> statements = statements(log);
        assertTrue(statements.stream().anyMatch(s -> s.contains("market_data.ohlcv")), "reads are logged: " + log.length());
        assertTrue(statements.stream().anyMatch(s -> s.contains("pg_last_wal_replay_lsn")), "checks are logged");
        Pattern forbidden = Pattern.compile("(?i)\\b(INSERT|UPDATE|DELETE|MERGE|UPSERT|TRUNCATE|COPY|CREATE|ALTER|DROP"
                + "|GRANT|REVOKE|LOCK|LISTEN|NOTIFY|UNLISTEN|VACUUM|ANALYZE|REINDEX|CLUSTER|REFRESH|NEXTVAL|SETVAL)\\b"
                + "|FOR\\s+(NO\\s+KEY\\s+)?UPDATE|FOR\\s+(KEY\\s+)?SHARE|ensure_ohlcv_partition|drop_ohlcv_partition"
                + "|pg_current_wal|pg_advisory|auth\\.|api\\.idempotency_keys|agents\\.|flyway_schema_history");
        for (String statement : statements) {
            assertFalse(forbidden.matcher(statement).find(), "sent to the replica: " + statement);
        }
        assertFalse(log.contains("read-only transaction"), "no write attempted on the replica");
    }

    /**
     * A replica whose {@code pg_hba.conf} has {@code hostssl} lines only, named with {@code sslmode=verify-full} and
     * its root certificate: routed reads reach it (so the pool's connections to it are TLS, and the certificate and
     * host name were verified, or the connection would have failed), and the replica itself reports every session
     * of the instance as encrypted ({@code pg_stat_ssl}, PostgreSQL manual, "The Cumulative Statistics System").
     */
    @Test
    @Order(7)
    void aReplicaThatAcceptsTlsOnlyIsReadOverVerifiedTls() throws Exception {
        String lsn = commitLsn(post(tls, "/api/v1/bars", "[{\"symbol\":\"TLS.RR\",\"timeframe\":\"1d\","
                + "\"ts\":\"2020-04-17T00:00:00Z\",\"open\":2842.43,\"high\":2879.22,\"low\":2830.88,"
                + "\"close\":2874.56,\"volume\":5792140000}]", Map.of()));
        Eventually.await("the TLS replica replaying " + lsn, WAIT, POLL, () -> replayed(tlsReplica, lsn));
        awaitState(tls, tlsReplicaName, "usable");
        Eventually.await("the latest TLS.RR bar answered by the TLS replica", WAIT, POLL, () -> {
            long before = served(tls, tlsReplicaName);
            HttpResponse<String> answer = Http.get(tls.url("/api/v1/bars/TLS.RR/latest?timeframe=1d"), KEY);
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("\"close\":2874.56"), answer.body());
            return served(tls, tlsReplicaName) > before;
        });
        try (Connection c = jdbc(tlsReplica, "?sslmode=require"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE s.ssl) FROM pg_stat_activity a"
                        + " JOIN pg_stat_ssl s USING (pid) WHERE a.backend_type = 'client backend'"
                        + " AND a.pid <> pg_backend_pid()")) {
            assertTrue(rs.next());
            assertTrue(rs.getLong(1) > 0, "the instance holds connections to the TLS replica");
            assertEquals(rs.getLong(1), rs.getLong(2), "every session of the instance on the replica is encrypted");
        }
    }

    // ---- helpers ----

    /** A throwaway self-signed certificate for 127.0.0.1 and its key, in PEM ({@code openssl req -x509}). */
    private static void selfSignedCertificate(Path certificate, Path privateKey) throws IOException, InterruptedException {
        Process openssl = new ProcessBuilder("openssl", "req", "-new", "-x509", "-days", "2", "-nodes", "-newkey",
                "rsa:2048", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
                privateKey.toString(), "-out", certificate.toString()).redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!openssl.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IllegalStateException("openssl could not make a test certificate: " + output);
        }
        Files.setPosixFilePermissions(certificate, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static byte[] sp500() throws IOException {
        try (InputStream in = ReadReplicaIT.class.getResourceAsStream("/sample-data/sp500-2000.csv")) {
            return in.readAllBytes();
        }
    }

    private static HttpResponse<String> post(PackagedApp app, String path, String json, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return Http.post(app.url(path), KEY, all, json.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> put(PackagedApp app, String path, String json) {
        return Http.put(app.url(path), KEY, Map.of("Content-Type", "application/json"),
                json.getBytes(StandardCharsets.UTF_8));
    }

    /** A write's {@code Tickvault-Commit-LSN}, which it must carry. */
    private static String commitLsn(HttpResponse<String> response) {
        String lsn = response.headers().firstValue("Tickvault-Commit-LSN").orElse(null);
        assertTrue(lsn != null && lsn.matches("[0-9A-F]{1,8}/[0-9A-F]{1,8}"), "Tickvault-Commit-LSN: " + lsn);
        return lsn;
    }

    private static int compareLsn(String a, String b) {
        String[] x = a.split("/");
        String[] y = b.split("/");
        int high = Long.compare(Long.parseLong(x[0], 16), Long.parseLong(y[0], 16));
        return high != 0 ? high : Long.compare(Long.parseLong(x[1], 16), Long.parseLong(y[1], 16));
    }

    /** Read-replica statements counted by an instance under one target ({@code tickvault_reads_total}). */
    private static long served(PackagedApp app, String target) {
        return (long) metric(app, "tickvault_reads_total", "target", target);
    }

    private static double metric(PackagedApp app, String name, String label, String value) {
        HttpResponse<String> metrics = Http.get(app.url("/q/metrics"), null);
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*" + label + "=\"" + Pattern.quote(value)
                + "\"[^}]*} ([0-9.eE+-]+|NaN)$").matcher(metrics.body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** A replica's state as {@code /q/health/group/database} shows it on an instance. */
    private static String state(PackagedApp app, String replicaName) {
        try {
            JsonNode health = JSON.readTree(Http.get(app.url("/q/health/group/database"), null).body());
            for (JsonNode check : health.path("checks")) {
                JsonNode value = check.path("data").path("replica " + replicaName + " state");
                if (!value.isMissingNode()) {
                    return value.asText();
                }
            }
            return "absent";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitState(PackagedApp app, String replicaName, String expected) {
        Eventually.await(replicaName + " " + expected + " on " + app.url(""), WAIT, POLL,
                () -> expected.equals(state(app, replicaName)));
    }

    private static Connection replicaJdbc() throws SQLException {
        return jdbc(replica, "");
    }

    private static Connection jdbc(LocalPostgres server, String parameters) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres" + parameters,
                "postgres", "x");
    }

    private static boolean replayed(String lsn) {
        return replayed(replica, lsn);
    }

    private static boolean replayed(LocalPostgres server, String lsn) {
        try (Connection c = jdbc(server, server == tlsReplica ? "?sslmode=require" : "");
                PreparedStatement s = c.prepareStatement("SELECT pg_last_wal_replay_lsn() >= ?::pg_lsn")) {
            s.setString(1, lsn);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pauseReplay() throws SQLException {
        try (Connection c = replicaJdbc(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_wal_replay_pause()");
        }
        Eventually.await("replay paused", WAIT, POLL, () -> {
            try (Connection c = replicaJdbc(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_get_wal_replay_pause_state()")) {
                return rs.next() && "paused".equals(rs.getString(1));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void resumeReplay() throws SQLException {
        try (Connection c = replicaJdbc(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_wal_replay_resume()");
        }
    }

    private static String replicaLog() throws IOException {
        return Files.readString(replica.dataDirectory().resolve("server.log"));
    }

    /**
     * The statements the replica's log records ({@code log_statement = all}): the text after "statement: " or
     * "execute <name>: " up to the next log line (a statement may span lines).
     */
    private static List<String> statements(String log) {
        List<String> out = new ArrayList<>();
        Matcher entry = Pattern.compile("(?ms)^\\d{4}-\\d{2}-\\d{2} .*?(?=^\\d{4}-\\d{2}-\\d{2} |\\z)").matcher(log);
        Pattern statement = Pattern.compile("(?s)LOG:\\s+(?:statement|execute [^:]*): (.*)");
        while (entry.find()) {
            Matcher m = statement.matcher(entry.group());
            if (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
