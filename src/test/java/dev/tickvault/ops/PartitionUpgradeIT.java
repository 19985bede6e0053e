package dev.tickvault.ops;

import dev.tickvault.ops.embedded.LocalPostgres;
import dev.tickvault.support.PackagedApp;
import dev.tickvault.support.PackagedApp.Http;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database made by the previous release (the schema of migrations V1-V5: one unpartitioned bars table) with
 * the S&P 500 file and minute bars in it, booted by this build: the migration moves every bar into partitions and
 * the summary stays as it was. Then a second instance joins, and the two load the same new month at once: both
 * succeed and make one partition.
 */
class PartitionUpgradeIT {

    private static LocalPostgres server;

    @BeforeAll
    static void database() throws IOException {
        Path parent = Files.createTempDirectory("tickvault-upgrade-pg-");
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        server = LocalPostgres.create(parent.resolve("data"), 0).start();
    }

    @AfterAll
    static void stopDatabase() {
        if (server != null) {
            server.destroy();
        }
    }

    private static Connection jdbc() throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.user(), "x");
    }

    /** The previous release's schema, made by its migrations, with bars written as it wrote them. */
    private static void previousRelease() throws Exception {
        Flyway.configure().dataSource(server.jdbcUrl(), server.user(), "x").locations("classpath:db/migration")
                .target("5").load().migrate();
        try (Connection c = jdbc()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO market_data.ohlcv"
                    + " (symbol, timeframe, ts, open, high, low, close, volume) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                try (InputStream file = PartitionUpgradeIT.class.getResourceAsStream("/sample-data/sp500-2000.csv")) {
                    String[] lines = new String(file.readAllBytes(), StandardCharsets.UTF_8).split("\n");
                    for (int i = 1; i < lines.length; i++) {
                        String[] f = lines[i].trim().split(",");
                        insert.setString(1, "^GSPC");
                        insert.setString(2, "1d");
                        insert.setObject(3, LocalDate.parse(f[0]).atStartOfDay().atOffset(ZoneOffset.UTC));
                        insert.setBigDecimal(4, new java.math.BigDecimal(f[1]));
                        insert.setBigDecimal(5, new java.math.BigDecimal(f[2]));
                        insert.setBigDecimal(6, new java.math.BigDecimal(f[3]));
                        insert.setBigDecimal(7, new java.math.BigDecimal(f[4]));
                        insert.setLong(8, Long.parseLong(f[6]));
                        insert.addBatch();
                    }
                }
                Instant t = Instant.parse("2019-12-31T23:00:00Z");
                for (int i = 0; i < 3_000; i++, t = t.plusSeconds(60)) {
                    insert.setString(1, "UPG.M");
                    insert.setString(2, "1m");
                    insert.setObject(3, t.atOffset(ZoneOffset.UTC));
                    for (int p = 4; p <= 7; p++) {
                        insert.setBigDecimal(p, java.math.BigDecimal.TEN);
                    }
                    insert.setLong(8, i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO market_data.series (symbol, timeframe, first_ts, last_ts, bar_count)"
                        + " SELECT symbol, timeframe, min(ts), max(ts), count(*) FROM market_data.ohlcv GROUP BY 1, 2");
            }
            c.commit();
        }
    }

    private static List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = jdbc(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    private static final String BARS = "SELECT symbol, timeframe, ts, open, high, low, close, volume FROM market_data.ohlcv"
            + " ORDER BY symbol, timeframe, ts";
    // The columns the previous release had (V40 adds event_seq, 0 for every series made before it).
    private static final String SERIES = "SELECT symbol, timeframe, first_ts, last_ts, bar_count FROM market_data.series"
            + " ORDER BY symbol, timeframe";

    @Test
    void upgradesAnUnpartitionedDatabaseKeepingEveryBarThenTwoInstancesShareANewMonth() throws Exception {
        previousRelease();
        List<String> barsBefore = rows(BARS);
        List<String> seriesBefore = rows(SERIES);
        assertEquals(5105 + 3000, barsBefore.size());

        Map<String, String> env = Map.of("DATABASE_URL", PackagedApp.databaseUrl(server.port(), "postgres"));
        try (PackagedApp first = PackagedApp.start("upgrade-a", env)) {
            first.awaitReady(Duration.ofSeconds(120));
            assertEquals(barsBefore, rows(BARS), "every bar moved into the partitions as it was");
            assertEquals(seriesBefore, rows(SERIES), "the series summary unchanged");
            assertEquals(List.of("p"), rows("SELECT relkind FROM pg_class WHERE oid = 'market_data.ohlcv'::regclass"));
            assertTrue(rows("SELECT table_name FROM market_data.ohlcv_partitions ORDER BY 1").containsAll(List.of(
                    "ohlcv_1d_20000101T000000", "ohlcv_1d_20100101T000000", "ohlcv_1d_20200101T000000",
                    "ohlcv_1m_20191201T000000", "ohlcv_1m_20200101T000000")));
            HttpResponse<String> symbols = Http.get(first.url("/api/v1/symbols"), PackagedApp.ADMIN_KEY);
            assertEquals(200, symbols.statusCode());
            assertTrue(symbols.body().contains("\"barCount\":5105") && symbols.body().contains("\"barCount\":3000"),
                    symbols.body());
            HttpResponse<String> csv = Http.get(first.url("/api/v1/bars/%5EGSPC?timeframe=1d"), PackagedApp.ADMIN_KEY,
                    Map.of("Accept", "text/csv"));
            assertEquals(5105 + 1, csv.body().split("\n").length, "the whole series streams after the upgrade");

            try (PackagedApp second = PackagedApp.start("upgrade-b", env)) {
                second.awaitReady(Duration.ofSeconds(120));
                ExecutorService executor = Executors.newFixedThreadPool(4);
                try {
                    List<Future<HttpResponse<String>>> posts = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        PackagedApp app = i % 2 == 0 ? first : second;
                        byte[] body = monthOfBars("UPG.RACE" + i, OffsetDateTime.parse("2012-05-01T00:00:00Z"));
                        posts.add(executor.submit(() -> Http.post(app.url("/api/v1/bars"), PackagedApp.ADMIN_KEY,
                                "text/csv", body)));
                    }
                    for (Future<HttpResponse<String>> post : posts) {
                        HttpResponse<String> answer = post.get();
                        assertEquals(200, answer.statusCode(), answer.body());
                    }
                } finally {
                    executor.shutdownNow();
                }
                assertEquals(List.of("1"), rows("SELECT count(*) FROM market_data.ohlcv_partitions"
                        + " WHERE timeframe = '1m' AND range_from = '2012-05-01T00:00:00Z'"));
                assertEquals(List.of(String.valueOf(4 * 744)),
                        rows("SELECT count(*) FROM market_data.ohlcv WHERE symbol LIKE 'UPG.RACE%'"));
                second.terminate();
                assertEquals(0, second.awaitExit(Duration.ofSeconds(60)), second.log());
            }
            first.terminate();
            assertEquals(0, first.awaitExit(Duration.ofSeconds(60)), first.log());
        }
    }

    /** One 1m bar an hour through the month from {@code start} (744 in May), as CSV. */
    private static byte[] monthOfBars(String symbol, OffsetDateTime start) {
        StringBuilder csv = new StringBuilder("symbol,timeframe,ts,open,high,low,close,volume\n");
        for (OffsetDateTime t = start; t.isBefore(start.plusMonths(1)); t = t.plusHours(1)) {
            csv.append(symbol).append(",1m,").append(t.toInstant()).append(",10,11,9,10.5,100\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }
}
