package dev.tickvault.ops;

import dev.tickvault.ops.embedded.LocalPostgres;
import dev.tickvault.support.PackagedApp;
import dev.tickvault.support.PackagedApp.Http;
import dev.tickvault.support.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compose database set-up and the backup scripts, for real: a PostgreSQL 15 server (the version
 * Debian's pg_dump 15 can dump) prepared by {@code docker/initdb} (least-privilege roles,
 * pg_stat_statements), tickvault migrating as the owner and serving as the DML-only role, data written
 * through the API, {@code docker/backup.sh} while it serves, {@code docker/restore.sh} into a new
 * database, and a second tickvault on the restored database answering every request byte for byte as
 * the first did. Also the scripts' refusals: an unreachable server, a non-empty target, a damaged
 * archive, a schema version other than expected.
 */
class BackupRestoreIT {

    private static final Path DOCKER = Path.of("docker");
    private static final String OWNER_PASSWORD = "Owner-Pass-for-tests-1";
    private static final String APP_PASSWORD = "App-Pass-for-tests-1";
    private static final String READER_PASSWORD = "Reader-Pass-for-tests-1";

    private static LocalPostgres server;
    private static Map<String, String> pgEnv;

    @BeforeAll
    static void database() throws Exception {
        Path binaries = Tools.requireFile("it.postgres15-binaries", "the PostgreSQL 15 binaries jar");
        for (String tool : List.of("pg_dump", "pg_restore", "psql")) {
            Tools.require(tool, "postgresql-client-15", Tools.POSTGRES_15_BIN);
        }
        Path parent = Files.createTempDirectory("tickvault-backup-pg-");
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        // As compose starts it: pg_stat_statements preloaded.
        server = LocalPostgres.create(parent.resolve("data"), 0, binaries)
                .setting("shared_preload_libraries", "pg_stat_statements").start();
        pgEnv = Map.of("PATH", Tools.pathWithPostgres15(), "PGHOST", "127.0.0.1",
                "PGPORT", Integer.toString(server.port()), "PGCONNECT_TIMEOUT", "5");
        try (Connection c = jdbc("postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE tickvault");
        }
        // What the postgres image does with docker/initdb on an empty volume.
        Map<String, String> env = new HashMap<>(pgEnv);
        env.putAll(Map.of("POSTGRES_USER", "postgres", "POSTGRES_DB", "tickvault",
                "TICKVAULT_OWNER_PASSWORD", OWNER_PASSWORD, "TICKVAULT_APP_PASSWORD", APP_PASSWORD,
                "TICKVAULT_READER_PASSWORD", READER_PASSWORD));
        Tools.Result init = Tools.run(List.of("bash", DOCKER.resolve("initdb/10-tickvault-roles.sh").toString()), env,
                Duration.ofSeconds(60));
        assertEquals(0, init.exitCode(), init.output());
    }

    @AfterAll
    static void stopDatabase() {
        if (server != null) {
            server.destroy();
        }
    }

    private static Connection jdbc(String database, String user) throws SQLException {
        // The test server trusts local connections: roles are checked, passwords are not.
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/" + database, user, "x");
    }

    /** tickvault as compose runs it: migrations as the owner, the pool as the DML-only role. */
    private static PackagedApp tickvault(String name, String database) {
        return PackagedApp.start(name, Map.of(
                "DATABASE_URL", "postgresql://127.0.0.1:" + server.port() + "/" + database,
                "QUARKUS_DATASOURCE_USERNAME", "tickvault_app",
                "QUARKUS_DATASOURCE_PASSWORD", APP_PASSWORD,
                "QUARKUS_FLYWAY_USERNAME", "tickvault_owner",
                "QUARKUS_FLYWAY_PASSWORD", OWNER_PASSWORD)).awaitReady(Duration.ofSeconds(90));
    }

    private static Tools.Result script(String name, Map<String, String> extra, String... args) {
        Map<String, String> env = new HashMap<>(pgEnv);
        env.putAll(extra);
        List<String> command = new java.util.ArrayList<>(List.of("bash", DOCKER.resolve(name).toString()));
        command.addAll(List.of(args));
        return Tools.run(command, env, Duration.ofMinutes(3));
    }

    private static byte[] sp500() throws IOException {
        try (InputStream in = BackupRestoreIT.class.getClassLoader().getResourceAsStream("sample-data/sp500-2000.csv")) {
            return in.readAllBytes();
        }
    }

    private static String ndjson() {
        StringBuilder body = new StringBuilder();
        Instant start = Instant.parse("2024-03-04T14:30:00Z");
        for (int i = 0; i < 78; i++) {
            body.append("{\"symbol\":\"BKP.INTRA\",\"timeframe\":\"5m\",\"ts\":\"").append(start.plusSeconds(300L * i))
                    .append("\",\"open\":").append(100 + i).append(".12345678,\"high\":").append(101 + i)
                    .append(",\"low\":").append(99 + i).append(",\"close\":").append(100 + i).append(".5,\"volume\":")
                    .append(1000 + i).append(",\"vwap\":").append(100 + i).append(".25,\"tradeCount\":").append(i)
                    .append(",\"source\":\"backup-test\"}\n");
        }
        return body.toString();
    }

    /** The requests compared before and after the restore, with their answers. */
    private static Map<String, String> snapshot(PackagedApp app, String readKey) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String path : List.of(
                "/api/v1/bars/BKP.SPX?timeframe=1d&limit=10000",
                "/api/v1/bars/BKP.SPX?timeframe=1d&from=2008-09-01&to=2008-10-01&order=desc&limit=5",
                "/api/v1/bars/BKP.INTRA?timeframe=5m",
                "/api/v1/bars/BKP.SPX/resample?timeframe=1d&bucket=1w&from=2020-01-01",
                "/api/v1/bars/BKP.SPX/gaps?timeframe=1d&from=2001-09-01&to=2001-10-01",
                "/api/v1/bars/latest?symbols=BKP.SPX,BKP.INTRA&timeframe=1d",
                "/api/v1/symbols",
                "/api/v1/admin/api-keys")) {
            HttpResponse<String> response = Http.get(app.url(path), PackagedApp.ADMIN_KEY);
            assertEquals(200, response.statusCode(), path + ": " + response.body());
            answers.put(path, response.body());
        }
        HttpResponse<String> csv = Http.get(app.url("/api/v1/bars/BKP.SPX?timeframe=1d"), readKey,
                Map.of("Accept", "text/csv"));
        assertEquals(200, csv.statusCode(), "the key created before the backup works: " + csv.body());
        answers.put("csv stream with the created read key", csv.body());
        return answers;
    }

    /** The newest versioned migration in the sources ({@code V<n>__*.sql}), as Flyway records it. */
    private static String newestMigrationVersion() throws IOException {
        Pattern migration = Pattern.compile("V(\\d+)__.*\\.sql");
        try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "db", "migration"))) {
            return files.map(p -> migration.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1)))
                    .max(Integer::compare)
                    .map(String::valueOf)
                    .orElseThrow();
        }
    }

    @Test
    void backupWhileServingRestoresIntoANewDatabaseThatServesIdentically() throws Exception {
        Path backups = Files.createTempDirectory("tickvault-backups-");
        // Archives from earlier days: 40 days old goes, 10 days old stays; foreign files are never touched.
        Path old = backups.resolve("tickvault-20200101T030000Z.dump");
        Path oldSum = backups.resolve("tickvault-20200101T030000Z.dump.sha256");
        Path recent = backups.resolve("tickvault-20200201T030000Z.dump");
        Path foreign = backups.resolve("notes.txt");
        for (Path p : List.of(old, oldSum, recent, foreign)) {
            Files.writeString(p, "x");
        }
        for (Path p : List.of(old, oldSum, foreign)) {
            Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofDays(40))));
        }
        Files.setLastModifiedTime(recent, FileTime.from(Instant.now().minus(Duration.ofDays(10))));

        Map<String, String> before;
        String readKey;
        try (PackagedApp first = tickvault("backup-source", "tickvault")) {
            assertEquals(200, Http.post(first.url("/api/v1/bars?symbol=BKP.SPX&timeframe=1d"), PackagedApp.ADMIN_KEY,
                    "text/csv", sp500()).statusCode());
            HttpResponse<String> intraday = Http.post(first.url("/api/v1/bars"), PackagedApp.ADMIN_KEY,
                    "application/x-ndjson", ndjson().getBytes(StandardCharsets.UTF_8));
            assertEquals(200, intraday.statusCode(), intraday.body());
            HttpResponse<String> created = Http.post(first.url("/api/v1/admin/api-keys"), PackagedApp.ADMIN_KEY,
                    "application/json", "{\"name\":\"backup-reader\",\"scopes\":[\"read\"]}".getBytes(StandardCharsets.UTF_8));
            assertEquals(201, created.statusCode(), created.body());
            Matcher key = Pattern.compile("\"key\":\"([^\"]+)\"").matcher(created.body());
            assertTrue(key.find());
            readKey = key.group(1);
            before = snapshot(first, readKey);

            // The runtime role has data rights only; the reader reads only (R__grants.sql + docker/initdb).
            try (Connection app = jdbc("tickvault", "tickvault_app"); Statement s = app.createStatement()) {
                SQLException ddl = assertThrows(SQLException.class,
                        () -> s.execute("CREATE TABLE market_data.intruder (id int)"));
                assertEquals("42501", ddl.getSQLState(), "no DDL for tickvault_app");
            }
            try (Connection reader = jdbc("tickvault", "tickvault_reader"); Statement s = reader.createStatement()) {
                assertTrue(s.executeQuery("SELECT count(*) FROM market_data.ohlcv").next());
                SQLException write = assertThrows(SQLException.class,
                        () -> s.execute("DELETE FROM market_data.ohlcv"));
                assertEquals("42501", write.getSQLState(), "no writes for tickvault_reader");
            }
            // pg_stat_statements is loaded and tickvault_app may read it (pg_read_all_stats).
            HttpResponse<String> stats = Http.get(first.url("/api/v1/admin/db/stats"), PackagedApp.ADMIN_KEY);
            assertEquals(200, stats.statusCode(), stats.body());
            assertTrue(stats.body().contains("\"topStatements\":[{"), stats.body());

            // Online backup, as the compose backup service takes it: the owner role, tickvault serving.
            Tools.Result backup = script("backup.sh", Map.of("PGUSER", "tickvault_owner", "PGPASSWORD", OWNER_PASSWORD,
                    "PGDATABASE", "tickvault", "BACKUP_DIR", backups.toString()));
            assertEquals(0, backup.exitCode(), backup.output());
            first.terminate();
            assertEquals(0, first.awaitExit(Duration.ofSeconds(60)), first.log());
        }

        List<Path> archives;
        try (Stream<Path> files = Files.list(backups)) {
            archives = files.filter(p -> p.getFileName().toString().matches("tickvault-\\d{8}T\\d{6}Z\\.dump")
                    && !p.equals(recent)).toList();
        }
        assertEquals(1, archives.size(), "one new archive: " + archives);
        Path archive = archives.get(0);
        assertTrue(Files.exists(Path.of(archive + ".sha256")), "checksum beside it");
        assertFalse(Files.exists(old) || Files.exists(oldSum), "archives over 30 days old removed");
        assertTrue(Files.exists(recent) && Files.exists(foreign), "younger archives and other files kept");
        try (Stream<Path> files = Files.list(backups)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".partial")), "no partial file left");
        }

        // Restore, as an operator would after losing the database: a new database, then checks.
        Tools.Result restore = script("restore.sh", Map.of("PGUSER", "postgres",
                "EXPECTED_SCHEMA_VERSION", newestMigrationVersion()), archive.toString(), "tickvault_restored");
        assertEquals(0, restore.exitCode(), restore.output());
        assertTrue(restore.output().contains("rows ok: market_data.ohlcv 5183"), restore.output());
        assertTrue(restore.output().contains("schema version " + newestMigrationVersion()), restore.output());

        try (PackagedApp second = tickvault("backup-restored", "tickvault_restored")) {
            Map<String, String> after = snapshot(second, readKey);
            for (String request : before.keySet()) {
                assertEquals(before.get(request), after.get(request), "same answer after the restore: " + request);
            }
            second.terminate();
            assertEquals(0, second.awaitExit(Duration.ofSeconds(60)), second.log());
        }
    }

    @Test
    void scriptsRefuseWhatTheyCannotDoSafely() throws Exception {
        // A small database of its own, shaped like tickvault's where the scripts look (Flyway's history).
        try (Connection c = jdbc("postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE refusals");
        }
        try (Connection c = jdbc("refusals", "postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.flyway_schema_history (installed_rank int PRIMARY KEY, version text, "
                    + "description text, success boolean NOT NULL)");
            s.execute("INSERT INTO public.flyway_schema_history VALUES (1, '1', 'first', true), (2, '2', 'second', true)");
            s.execute("CREATE TABLE public.things (id int)");
            s.execute("INSERT INTO public.things SELECT generate_series(1, 3)");
        }
        Path backups = Files.createTempDirectory("tickvault-backups-fail-");

        // An unreachable server: non-zero, nothing written.
        Tools.Result unreachable = script("backup.sh", Map.of("PGPORT", "9", "PGUSER", "postgres",
                "PGDATABASE", "refusals", "BACKUP_DIR", backups.toString()));
        assertNotEquals(0, unreachable.exitCode(), unreachable.output());
        assertTrue(unreachable.output().contains("FAILED"), unreachable.output());
        try (Stream<Path> files = Files.list(backups)) {
            assertEquals(0, files.count(), "no file left by a failed backup");
        }

        // A database that does not exist: non-zero as well.
        Tools.Result missing = script("backup.sh", Map.of("PGUSER", "postgres", "PGDATABASE", "no_such_database",
                "BACKUP_DIR", backups.toString()));
        assertNotEquals(0, missing.exitCode(), missing.output());

        Tools.Result ok = script("backup.sh", Map.of("PGUSER", "postgres", "PGDATABASE", "refusals",
                "BACKUP_DIR", backups.toString(), "BACKUP_PREFIX", "refusals"));
        assertEquals(0, ok.exitCode(), ok.output());
        Path archive;
        try (Stream<Path> files = Files.list(backups)) {
            archive = files.filter(p -> p.toString().endsWith(".dump")).findFirst().orElseThrow();
        }

        // Into a database that holds data: refused, nothing changed.
        Tools.Result notEmpty = script("restore.sh", Map.of("PGUSER", "postgres"), archive.toString(), "refusals");
        assertNotEquals(0, notEmpty.exitCode(), notEmpty.output());
        assertTrue(notEmpty.output().contains("is not empty"), notEmpty.output());

        // A schema version other than the expected one: refused after the restore, with the reason.
        Tools.Result version = script("restore.sh", Map.of("PGUSER", "postgres", "EXPECTED_SCHEMA_VERSION", "999"),
                archive.toString(), "refusals_wrong_version");
        assertNotEquals(0, version.exitCode(), version.output());
        assertTrue(version.output().contains("schema version 2, but EXPECTED_SCHEMA_VERSION is 999"), version.output());

        // The same archive restores and checks out when nothing is wrong.
        Tools.Result fine = script("restore.sh", Map.of("PGUSER", "postgres", "EXPECTED_SCHEMA_VERSION", "2"),
                archive.toString(), "refusals_copy");
        assertEquals(0, fine.exitCode(), fine.output());
        assertTrue(fine.output().contains("rows ok: public.things 3"), fine.output());

        // A damaged archive: the checksum catches it before anything is restored.
        Path damaged = backups.resolve("damaged.dump");
        Files.copy(archive, damaged);
        Files.copy(Path.of(archive + ".sha256"), Path.of(damaged + ".sha256"));
        Files.write(damaged, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        Tools.Result corrupt = script("restore.sh", Map.of("PGUSER", "postgres"), damaged.toString(), "refusals_damaged");
        assertNotEquals(0, corrupt.exitCode(), corrupt.output());
        assertTrue(corrupt.output().contains("checksum mismatch"), corrupt.output());
    }
}
