package dev.tickvault.ops;

import dev.tickvault.ops.embedded.LocalPostgres;
import dev.tickvault.support.PackagedApp;
import dev.tickvault.support.PackagedApp.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM on the packaged application while two requests are in flight: a streaming GET of 100,000 bars
 * read slowly through a small socket buffer, and a POST whose body has only half arrived. Both complete;
 * a request arriving during the drain is refused with 503; the audit event queued before the signal reaches the
 * database (the periodic writer is set to an hour, so only the shutdown flush can have written it); the
 * process exits 0.
 */
class GracefulShutdownIT {

    private static final int STREAM_ROWS = 100_000;
    private static final int POST_ROWS = 2_000;
    private static final String HEADER = "symbol,timeframe,ts,open,high,low,close,volume\n";

    private static LocalPostgres server;

    @BeforeAll
    static void database() throws IOException {
        Path parent = Files.createTempDirectory("tickvault-shutdown-pg-");
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        server = LocalPostgres.create(parent.resolve("data"), 0).start();
    }

    @AfterAll
    static void stopDatabase() {
        if (server != null) {
            server.destroy();
        }
    }

    private static byte[] csv(String symbol, int rows) {
        StringBuilder body = new StringBuilder(HEADER);
        Instant start = Instant.parse("2020-01-01T00:00:00Z");
        for (int i = 0; i < rows; i++) {
            body.append(symbol).append(",1m,").append(start.plusSeconds(60L * i)).append(",10,11,9,10.5,")
                    .append(i).append('\n');
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A raw HTTP/1.1 exchange, so the test controls when bytes are sent and how fast they are read. */
    private static Socket open(int port) throws IOException {
        Socket socket = new Socket();
        // A small receive window: the server cannot push the whole stream into kernel buffers and be done.
        socket.setReceiveBufferSize(4096);
        socket.setSoTimeout(60_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return socket;
    }

    private static String head(String method, String path, String host, Map<String, String> headers) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + "Authorization: Bearer " + PackagedApp.ADMIN_KEY + "\r\nConnection: close\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        return head.append("\r\n").toString();
    }

    /** Reads a whole HTTP/1.1 response (until the server closes) and returns status line and de-chunked body. */
    private static String[] readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        in.transferTo(raw);
        byte[] bytes = raw.toByteArray();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        assertTrue(end > 0, "a complete response head: " + text.substring(0, Math.min(200, text.length())));
        String headText = text.substring(0, end);
        String statusLine = headText.substring(0, headText.indexOf("\r\n"));
        int pos = end + 4;
        String body;
        if (headText.toLowerCase().contains("transfer-encoding: chunked")) {
            ByteArrayOutputStream decoded = new ByteArrayOutputStream();
            while (true) {
                int lineEnd = text.indexOf("\r\n", pos);
                assertTrue(lineEnd > 0, "a chunk header (the stream was cut)");
                int size = Integer.parseInt(text.substring(pos, lineEnd).split(";")[0].trim(), 16);
                pos = lineEnd + 2;
                if (size == 0) {
                    break;
                }
                assertTrue(pos + size <= bytes.length, "a complete chunk (the stream was cut)");
                decoded.write(bytes, pos, size);
                pos += size + 2;
            }
            body = decoded.toString(StandardCharsets.UTF_8);
        } else {
            body = new String(bytes, pos, bytes.length - pos, StandardCharsets.UTF_8);
        }
        return new String[] {statusLine, body};
    }

    @Test
    void inFlightRequestsCompleteAuditIsFlushedAndTheProcessExitsZeroOnSigterm() throws Exception {
        String auditMarker = "/api/v1/shutdown-audit-" + System.nanoTime();
        try (PackagedApp app = PackagedApp.start("shutdown", Map.of(
                "DATABASE_URL", PackagedApp.databaseUrl(server.port(), "postgres"),
                // Only the shutdown flush may write the audit log in this test.
                "TICKVAULT_AUDIT_FLUSH_INTERVAL", "PT1H",
                // The half-sent upload below waits out the drain: longer than the test profile's body timeout.
                "TICKVAULT_HTTP_BODY_TIMEOUT", "PT60S"))) {
            app.awaitReady(Duration.ofSeconds(90));
            String host = "127.0.0.1:" + app.port();
            assertEquals(200, Http.post(app.url("/api/v1/bars"), PackagedApp.ADMIN_KEY, "text/csv",
                    csv("SHUT.STREAM", STREAM_ROWS)).statusCode());
            // An audit event (an unknown key), queued in memory only.
            assertEquals(401, Http.get(app.url(auditMarker), "tv_nosuchid_NotAKeyThatExistsAnywhere0000000").statusCode());

            try (Socket stream = open(app.port()); Socket upload = open(app.port())) {
                OutputStream streamOut = stream.getOutputStream();
                streamOut.write(head("GET", "/api/v1/bars/SHUT.STREAM?timeframe=1m", host, Map.of("Accept", "text/csv"))
                        .getBytes(StandardCharsets.US_ASCII));
                streamOut.flush();
                InputStream streamIn = stream.getInputStream();
                byte[] first = streamIn.readNBytes(1024);
                assertEquals(1024, first.length, "the stream has started");

                byte[] body = csv("SHUT.POST", POST_ROWS);
                OutputStream uploadOut = upload.getOutputStream();
                uploadOut.write(head("POST", "/api/v1/bars", host, Map.of("Content-Type", "text/csv",
                        "Content-Length", Integer.toString(body.length))).getBytes(StandardCharsets.US_ASCII));
                uploadOut.write(body, 0, body.length / 2);
                uploadOut.flush();
                Thread.sleep(300);

                app.terminate();
                // Until shutdown reaches its drain phase new requests are still served; then they get 503.
                // The half-sent upload keeps the drain (and the process) going meanwhile.
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                var refused = Http.get(app.url("/api/v1/symbols"), PackagedApp.ADMIN_KEY);
                while (refused.statusCode() == 200 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    refused = Http.get(app.url("/api/v1/symbols"), PackagedApp.ADMIN_KEY);
                }
                assertTrue(app.process().isAlive(), "still draining while requests are in flight:\n" + app.log());
                assertEquals(503, refused.statusCode(), "a new request during the drain is refused: " + refused.body());
                assertTrue(refused.body().contains("shutting down"), refused.body());
                assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));

                uploadOut.write(body, body.length / 2, body.length - body.length / 2);
                uploadOut.flush();
                String[] posted = readResponse(upload.getInputStream());
                assertTrue(posted[0].contains(" 200 "), posted[0] + " " + posted[1]);
                assertTrue(posted[1].contains("\"inserted\":" + POST_ROWS), posted[1]);

                // The first 1,024 bytes were read above; re-assemble the whole raw response.
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                raw.write(first);
                streamIn.transferTo(raw);
                String[] whole = readResponse(new java.io.ByteArrayInputStream(raw.toByteArray()));
                assertTrue(whole[0].contains(" 200 "), whole[0]);
                String[] lines = whole[1].split("\n");
                assertEquals(STREAM_ROWS + 1, lines.length, "header and every bar streamed");
                assertTrue(lines[lines.length - 1].startsWith("SHUT.STREAM,1m,"), lines[lines.length - 1]);
            }

            assertEquals(0, app.awaitExit(Duration.ofSeconds(60)), "exit status after SIGTERM:\n" + app.log());
            String log = app.log();
            assertTrue(log.contains("stopped in"), log);
            assertFalse(log.contains("could not be written before shutdown"), log);
        }

        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "postgres", "x")) {
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM market_data.ohlcv WHERE symbol = ?")) {
                s.setString(1, "SHUT.POST");
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    assertEquals(POST_ROWS, rs.getInt(1), "the upload in flight at SIGTERM was committed");
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT event, status FROM auth.audit_log WHERE path = ?")) {
                s.setString(1, auditMarker);
                try (ResultSet rs = s.executeQuery()) {
                    assertTrue(rs.next(), "the audit event queued before SIGTERM was flushed at shutdown");
                    assertEquals("auth_failed", rs.getString(1));
                    assertEquals(401, rs.getInt(2));
                }
            }
        }
    }
}
