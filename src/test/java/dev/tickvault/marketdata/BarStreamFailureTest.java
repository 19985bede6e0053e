package dev.tickvault.marketdata;

import dev.tickvault.ops.db.PoolConfig;
import dev.tickvault.ops.PoolStats;
import dev.tickvault.support.AdminKey;
import dev.tickvault.support.Eventually;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Streamed reads when the database fails them: a stream that cannot start is a 503 problem before any byte
 * of a 200; a stream cut off after it started ends as an aborted chunked response, never as a complete-looking
 * file, and leaves one log line.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BarStreamFailureTest {

    /** No request of this test may hang: a client-side timeout turns a hang into a failure. */
    private static RequestSpecification given() {
        return Eventually.given(Duration.ofSeconds(30));
    }

    /** Polls until {@code condition} holds, failing after {@code limit}. */
    private static void await(String what, Duration limit, Supplier<Boolean> condition) {
        Eventually.await(what, limit, Duration.ofMillis(50), condition);
    }

    /**
     * The streamed media types, Arrow's through the same cursor. Parquet too, but its first bytes after the magic
     * number come with its first full row group (about 8 MiB encoded), which these uniform bars reach only at the
     * end: {@link #PARQUET} is checked for the 503 alone.
     */
    private static final List<String> STREAMED = List.of("text/csv", "application/x-ndjson", BarFormat.ARROW_STREAM);
    private static final String PARQUET = BarFormat.PARQUET_FILE;

    @Inject
    Pool pool;

    @Inject
    PoolStats poolStats;

    @Inject
    PoolConfig config;

    @ConfigProperty(name = "quarkus.datasource.reactive.max-size")
    int poolSize;

    private static void assertUnavailableProblem(Response response, String accept) {
        assertEquals(503, response.statusCode(), accept + ": " + response.asString());
        assertEquals("application/problem+json", response.contentType(), accept);
        String retryAfter = response.header("Retry-After");
        assertTrue(retryAfter != null && Integer.parseInt(retryAfter) > 0, accept + ": Retry-After " + retryAfter);
        response.then().body("status", equalTo(503)).body("type", notNullValue()).body("title", notNullValue())
                .body("detail", notNullValue());
    }

    @Test
    void aStreamThatGetsNoConnectionIsA503ProblemBeforeAnyByte() {
        given().contentType("application/json").body("[{\"symbol\":\"STRF.POOL\",\"timeframe\":\"1d\","
                        + "\"ts\":\"2024-01-02T00:00:00Z\",\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":10}]")
                .when().post("/api/v1/bars")
                .then().statusCode(200);
        List<SqlConnection> held = new ArrayList<>();
        try {
            // Every connection of the pool taken: a stream waits tickvault.pool.acquire-timeout, then gives up.
            for (int i = 0; i < poolSize; i++) {
                held.add(pool.getConnection().await().atMost(Duration.ofSeconds(30)));
            }
            for (String accept : java.util.stream.Stream.concat(STREAMED.stream(), java.util.stream.Stream.of(PARQUET))
                    .toList()) {
                assertUnavailableProblem(given().accept(accept).queryParam("timeframe", "1d")
                        .when().get("/api/v1/bars/STRF.POOL"), accept);
            }
            // And the wait queue full as well: refused at once. Waiters that get a connection later give it back.
            int queue = config.maxWaitQueueSize();
            for (int i = 0; i < queue; i++) {
                pool.getConnection().subscribe().with(SqlConnection::closeAndForget, failure -> { });
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (poolStats.waiting() < queue && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            for (String accept : java.util.stream.Stream.concat(STREAMED.stream(), java.util.stream.Stream.of(PARQUET))
                    .toList()) {
                assertUnavailableProblem(given().accept(accept).queryParam("timeframe", "1d")
                        .when().get("/api/v1/bars/STRF.POOL"), accept);
            }
        } finally {
            held.forEach(SqlConnection::closeAndAwait);
        }
        // Nothing was lost: with the connections back, the same stream works.
        for (String accept : STREAMED) {
            given().accept(accept).queryParam("timeframe", "1d").when().get("/api/v1/bars/STRF.POOL")
                    .then().statusCode(200);
        }
    }

    @Test
    void aStreamCutOffAfterItStartedEndsAsATransferErrorWithOneLogLine() throws Exception {
        // 400,000 bars of CSV (about 22 MB) are far more than the socket buffers hold: while the client does not
        // read, the server waits with the cursor open (backpressure), and its backend can be terminated then.
        TestData.partitions(pool, "1m", "2020-01-01T00:00:00Z", "2020-10-31T00:00:00Z");
        pool.query("INSERT INTO market_data.ohlcv (symbol, timeframe, ts, open, high, low, close, volume)"
                + " SELECT 'STRF.KILL', '1m', timestamptz '2020-01-01 00:00+00' + make_interval(mins => n),"
                + " 10, 11, 9, 10.5, 100 FROM generate_series(0, 399999) AS n").execute().await().indefinitely();
        Captured logs = new Captured();
        Logger root = Logger.getLogger("");
        root.addHandler(logs);
        // What bypasses the logging system (printStackTrace) counts as a log line too.
        PrintStream stderr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeOutputStream(stderr, printed), true, StandardCharsets.UTF_8));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            for (String accept : STREAMED) {
                logs.records.clear();
                HttpRequest request = HttpRequest.newBuilder(
                                URI.create("http://localhost:" + RestAssured.port + "/api/v1/bars/STRF.KILL?timeframe=1m"))
                        .header("Authorization", "Bearer " + AdminKey.KEY).header("Accept", accept)
                        .timeout(Duration.ofSeconds(60)).GET().build();
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, response.statusCode(), accept);
                try (InputStream body = response.body()) {
                    assertEquals(65_536, body.readNBytes(65_536).length, accept + ": the stream started");
                    int pid = streamingBackend();
                    pool.query("SELECT pg_terminate_backend(" + pid + ")").execute().await().indefinitely();
                    assertThrows(IOException.class, () -> body.transferTo(OutputStream.nullOutputStream()),
                            accept + ": a stream cut off must not end like a complete one");
                }
                await("the log line of the cut-off stream", Duration.ofSeconds(10),
                        () -> logs.records.stream().anyMatch(r -> r.getMessage() != null
                                && r.getMessage().contains("STRF.KILL")));
                List<LogRecord> loud = logs.records.stream()
                        .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).toList();
                assertEquals(1, loud.size(), accept + ": one line, got " + describe(loud));
                assertNull(loud.get(0).getThrown(), accept + ": no stack trace");
                assertTrue(loud.get(0).getMessage().contains("57P01"), "the line names the cause: "
                        + loud.get(0).getMessage());
            }
            String stray = printed.toString(StandardCharsets.UTF_8);
            assertTrue(stray.lines().noneMatch(line -> line.contains("57P01") || line.contains("Exception")),
                    "nothing printed beside the log: " + stray);
        } finally {
            System.setErr(stderr);
            root.removeHandler(logs);
        }
        // The pool recovered: the next stream works to its end.
        given().accept("text/csv").queryParam("timeframe", "1m").queryParam("to", "2020-01-01T00:10:00Z")
                .when().get("/api/v1/bars/STRF.KILL")
                .then().statusCode(200);
    }

    @Test
    void clientsThatLeaveEarlyGiveTheirConnectionBack() throws Exception {
        TestData.partitions(pool, "1m", "2020-01-01T00:00:00Z", "2020-05-31T00:00:00Z");
        pool.query("INSERT INTO market_data.ohlcv (symbol, timeframe, ts, open, high, low, close, volume)"
                + " SELECT 'STRF.GONE', '1m', timestamptz '2020-01-01 00:00+00' + make_interval(mins => n),"
                + " 10, 11, 9, 10.5, 100 FROM generate_series(0, 199999) AS n").execute().await().indefinitely();
        URI uri = URI.create("http://localhost:" + RestAssured.port + "/api/v1/bars/STRF.GONE?timeframe=1m");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        // Mid-stream: the client reads a little and hangs up; cancelling closes the cursor and the transaction.
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + AdminKey.KEY).header("Accept", "text/csv").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (InputStream body = response.body()) {
            assertEquals(65_536, body.readNBytes(65_536).length);
            streamingBackend();
        }
        await("the stream's transaction to end", Duration.ofSeconds(30), () -> streamingBackends() == 0);

        // While waiting for a connection: the client gives up first; the connection the stream gets later is
        // given back as soon as its cursor is open, since nobody will read it.
        List<SqlConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < poolSize; i++) {
                held.add(pool.getConnection().await().atMost(Duration.ofSeconds(30)));
            }
            HttpRequest impatient = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + AdminKey.KEY)
                    .header("Accept", "text/csv").timeout(Duration.ofMillis(500)).GET().build();
            assertThrows(java.net.http.HttpTimeoutException.class,
                    () -> client.send(impatient, HttpResponse.BodyHandlers.ofInputStream()));
        } finally {
            held.forEach(SqlConnection::closeAndAwait);
        }
        await("no stream left holding a connection", Duration.ofSeconds(30), () -> streamingBackends() == 0);
        given().accept("text/csv").queryParam("timeframe", "1m").queryParam("to", "2020-01-01T00:10:00Z")
                .when().get("/api/v1/bars/STRF.GONE")
                .then().statusCode(200);
    }

    /** Backends inside a transaction whose last statement is a range read of bars: open streams. */
    private long streamingBackends() {
        return pool.query("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                        + " AND state LIKE 'idle in transaction%' AND query LIKE '%FROM market_data.ohlcv%ORDER BY ts%'")
                .execute().await().indefinitely().iterator().next().getLong(0);
    }

    /** The pid of the backend that serves the stream: the range query, inside a transaction, now idle. */
    private int streamingBackend() {
        int[] pid = new int[1];
        await("the streaming backend waiting on the client", Duration.ofSeconds(30), () -> {
            for (Row row : pool.query("SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                    + " AND state LIKE 'idle in transaction%' AND query LIKE '%FROM market_data.ohlcv%ORDER BY ts%'")
                    .execute().await().indefinitely()) {
                pid[0] = row.getInteger("pid");
                return true;
            }
            return false;
        });
        return pid[0];
    }

    private static String describe(List<LogRecord> records) {
        StringBuilder out = new StringBuilder();
        for (LogRecord r : records) {
            out.append("\n  ").append(r.getLevel()).append(' ').append(r.getLoggerName()).append(": ")
                    .append(r.getMessage()).append(r.getThrown() == null ? "" : " [" + r.getThrown() + "]");
        }
        return out.toString();
    }

    /** Writes to two streams. */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeOutputStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
        }
    }

    /** Log records of the whole JVM (JBoss LogManager is the JUL manager in tests), kept in memory. */
    private static final class Captured extends Handler {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
