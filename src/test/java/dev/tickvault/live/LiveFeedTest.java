package dev.tickvault.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.Lsn;
import dev.tickvault.marketdata.Timeframe;
import dev.tickvault.support.AdminKey;
import dev.tickvault.support.PostgresResource;
import dev.tickvault.support.SseClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live feeds (DESIGN 11) against a real PostgreSQL: event shapes and ids, commit order, silence for unchanged
 * bars, resumption with {@code Last-Event-ID} and {@code after} with no gap and no duplicate (also under concurrent
 * writers), 410 past the replay window, overflow of a client that does not read, heartbeats, keys and scopes,
 * metrics.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class LiveFeedTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    @Inject
    LiveHub hub;

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    private SseClient barFeed(String symbol, Map<String, String> headers, String query) {
        return SseClient.open(url("/api/v1/bars/" + symbol + "/live?timeframe=1m" + query), AdminKey.KEY, headers);
    }

    private static String bar(String symbol, Instant ts, double close, long volume) {
        return "{\"symbol\":\"" + symbol + "\",\"timeframe\":\"1m\",\"ts\":\"" + ts + "\",\"open\":" + close
                + ",\"high\":" + (close + 1) + ",\"low\":" + (close - 1) + ",\"close\":" + close + ",\"volume\":"
                + volume + "}";
    }

    private static Map<String, Integer> post(List<String> bars) {
        return given().contentType("application/json").body("[" + String.join(",", bars) + "]")
                .when().post("/api/v1/bars").then().statusCode(200).extract().jsonPath().getMap("");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> ids(List<SseClient.Event> events) {
        return events.stream().map(SseClient.Event::id).toList();
    }

    @Test
    void sendsEveryBarInsertedOrChangedInCommitOrderAsGetGivesItAndNothingForUnchangedBars() {
        String symbol = "LIVE.ORDER";
        Instant t0 = Instant.parse("2031-01-06T10:00:00Z");
        // Events arrive by notification, not by the once-a-second fallback.
        dev.tickvault.support.Eventually.await("LISTEN on the live channel", WAIT, Duration.ofMillis(100), hub::listening);
        try (SseClient feed = barFeed(symbol, Map.of(), "")) {
            assertEquals(200, feed.status());
            assertTrue(feed.header("Content-Type").startsWith("text/event-stream"), feed.header("Content-Type"));
            String commit = given().contentType("application/json").body("[" + String.join(",", List.of(
                    bar(symbol, t0, 10, 1), bar(symbol, t0.plusSeconds(60), 11, 2), bar(symbol, t0.plusSeconds(120), 12, 3)))
                    + "]").when().post("/api/v1/bars").then().statusCode(200).extract().header("Tickvault-Commit-LSN");
            List<SseClient.Event> first = feed.next("bar", 3, WAIT);
            assertEquals(List.of("1-1", "1-2", "1-3"), ids(first));
            // Each event names a WAL position at or past its write's commit: a read sent with it as
            // Tickvault-Min-LSN sees the bar, on a replica too.
            for (SseClient.Event event : first) {
                assertTrue(event.lsn() != null && Lsn.parse(event.lsn()).compareTo(Lsn.parse(commit)) >= 0,
                        "lsn " + event.lsn() + " against the write's " + commit);
            }
            String page = given().queryParam("timeframe", "1m").when().get("/api/v1/bars/" + symbol)
                    .then().statusCode(200).extract().asString();
            JsonNode stored = json(page).get("data");
            for (int i = 0; i < 3; i++) {
                assertEquals(stored.get(i), json(first.get(i).data()), "event " + i + " is the bar as GET gives it");
            }

            // One bar changed, one the same again: one event, for the changed bar only.
            Map<String, Integer> counts = post(List.of(bar(symbol, t0, 10, 1), bar(symbol, t0.plusSeconds(60), 11.5, 2)));
            assertEquals(1, counts.get("updated"));
            assertEquals(1, counts.get("unchanged"));
            // All the same: no event at all; the next write's event follows the change's directly.
            assertEquals(2, post(List.of(bar(symbol, t0, 10, 1), bar(symbol, t0.plusSeconds(60), 11.5, 2))).get("unchanged"));
            post(List.of(bar(symbol, t0.plusSeconds(180), 13, 4)));
            List<SseClient.Event> next = feed.next("bar", 2, WAIT);
            assertEquals(List.of("2-1", "3-1"), ids(next));
            assertEquals("11.5", json(next.get(0).data()).get("close").asText());
            assertEquals(t0.plusSeconds(180).toString(), json(next.get(1).data()).get("ts").asText());
        }
    }

    @Test
    void resumesAfterLastEventIdOrAfterWithNeitherGapNorDuplicate() {
        String symbol = "LIVE.RESUME";
        Instant t0 = Instant.parse("2031-01-07T10:00:00Z");
        String last;
        try (SseClient feed = barFeed(symbol, Map.of(), "")) {
            post(List.of(bar(symbol, t0, 10, 1), bar(symbol, t0.plusSeconds(60), 11, 1)));
            last = feed.next("bar", 2, WAIT).get(1).id();
        }
        // Written while nobody listens: a write of two bars, a change, a write of one.
        post(List.of(bar(symbol, t0.plusSeconds(120), 12, 1), bar(symbol, t0.plusSeconds(180), 13, 1)));
        post(List.of(bar(symbol, t0, 10.5, 1)));
        post(List.of(bar(symbol, t0.plusSeconds(240), 14, 1)));
        try (SseClient feed = barFeed(symbol, Map.of("Last-Event-ID", last), "")) {
            assertEquals("1-2", last);
            assertEquals(List.of("2-1", "2-2", "3-1", "4-1"), ids(feed.next("bar", 4, WAIT)));
            post(List.of(bar(symbol, t0.plusSeconds(300), 15, 1)));
            assertEquals(List.of("5-1"), ids(feed.next("bar", 1, WAIT)));
        }
        // In the middle of an event, and as a query parameter.
        try (SseClient feed = barFeed(symbol, Map.of(), "&after=2-1")) {
            assertEquals(List.of("2-2", "3-1", "4-1", "5-1"), ids(feed.next("bar", 4, WAIT)));
        }
        // "0": everything the replay window holds.
        try (SseClient feed = barFeed(symbol, Map.of(), "&after=0")) {
            assertEquals(List.of("1-1", "1-2", "2-1", "2-2", "3-1", "4-1", "5-1"), ids(feed.next("bar", 7, WAIT)));
        }
    }

    @Test
    void concurrentWritersAndAReconnectingClientMissNothingAndSeeNothingTwice() throws Exception {
        String symbol = "LIVE.CONCUR";
        Instant t0 = Instant.parse("2031-01-08T00:00:00Z");
        int writers = 6;
        int batches = 15;
        ExecutorService executor = Executors.newFixedThreadPool(writers);
        List<SseClient.Event> received = new ArrayList<>();
        try (SseClient feed = barFeed(symbol, Map.of(), "&after=0")) {
            List<Future<Integer>> written = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                written.add(executor.submit(() -> {
                    int changed = 0;
                    for (int b = 0; b < batches; b++) {
                        // Each writer its own minutes, plus a minute all writers share (an update when not first).
                        Instant own = t0.plusSeconds(60L * (writer * batches + b + 1));
                        Map<String, Integer> counts = post(List.of(bar(symbol, t0, 100 + writer * 100 + b, 1),
                                bar(symbol, own, 50, 1)));
                        changed += counts.get("inserted") + counts.get("updated");
                    }
                    return changed;
                }));
            }
            // Half way through, the client drops and comes back with its last id.
            received.addAll(feed.next("bar", 40, WAIT));
            int total = 0;
            for (Future<Integer> f : written) {
                total += f.get();
            }
            try (SseClient again = barFeed(symbol, Map.of("Last-Event-ID", received.get(received.size() - 1).id()), "")) {
                received.addAll(again.next("bar", total - received.size(), WAIT));
            }
            Set<String> unique = new HashSet<>(ids(received));
            assertEquals(received.size(), unique.size(), "no event twice");
            assertEquals(total, received.size(), "every bar written or changed once");
            // Numbered without a hole: each event's records are 1..n, events follow each other.
            long seq = 0;
            int ord = 0;
            for (SseClient.Event e : received) {
                String[] parts = e.id().split("-");
                long s = Long.parseLong(parts[0]);
                int o = Integer.parseInt(parts[1]);
                assertTrue((s == seq && o == ord + 1) || (s == seq + 1 && o == 1), "after " + seq + "-" + ord + ": " + e.id());
                seq = s;
                ord = o;
            }
            // The shared minute's last event carries the value the table holds.
            String lastShared = null;
            for (SseClient.Event e : received) {
                if (json(e.data()).get("ts").asText().equals(t0.toString())) {
                    lastShared = json(e.data()).get("close").asText();
                }
            }
            String stored = given().queryParam("timeframe", "1m").queryParam("to", t0.plusSeconds(1).toString())
                    .when().get("/api/v1/bars/" + symbol).then().statusCode(200).extract().jsonPath()
                    .getString("data[0].close");
            assertEquals(stored, lastShared);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void anIdPastTheReplayWindowOrUnknownIsGoneAndAMalformedOneIsBadRequest() {
        String symbol = "LIVE.GONE";
        Instant t0 = Instant.parse("2031-01-09T00:00:00Z");
        post(List.of(bar(symbol, t0, 10, 1)));
        post(List.of(bar(symbol, t0.plusSeconds(60), 10, 1)));
        try (SseClient feed = barFeed(symbol, Map.of("Last-Event-ID", "1"), "")) {
            assertEquals(200, feed.status());
        }
        // The second event was written more than the replay window (24 h) ago.
        pool.preparedQuery("UPDATE market_data.bar_events SET created_at = now() - interval '25 hours'"
                + " WHERE symbol = $1 AND seq = 2").execute(Tuple.of(symbol)).await().atMost(WAIT);
        try (SseClient feed = barFeed(symbol, Map.of("Last-Event-ID", "1"), "")) {
            assertEquals(410, feed.status());
            assertTrue(feed.header("Content-Type").startsWith("application/problem+json"));
            assertEquals(410, json(feed.body()).get("status").asInt());
        }
        // Nothing missed: the newest event itself is fine, however old.
        try (SseClient feed = barFeed(symbol, Map.of("Last-Event-ID", "2-1"), "")) {
            assertEquals(200, feed.status());
        }
        try (SseClient feed = barFeed(symbol, Map.of(), "&after=99")) {
            assertEquals(410, feed.status());
        }
        try (SseClient feed = barFeed(symbol, Map.of("Last-Event-ID", "abc"), "")) {
            assertEquals(400, feed.status());
        }
        try (SseClient feed = SseClient.open(url("/api/v1/bars/" + symbol + "/live?timeframe=2m"), AdminKey.KEY, Map.of())) {
            assertEquals(400, feed.status());
        }
    }

    @Test
    void aClientThatDoesNotReadGetsOverflowAndIsClosedWhileOthersGetEverything() throws Exception {
        String symbol = "LIVE.SLOW";
        Instant t0 = Instant.parse("2031-02-01T00:00:00Z");
        int perBatch = 5_000;
        int batches = 10;
        try (Socket slow = new Socket(); SseClient fast = barFeed(symbol, Map.of(), "")) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            OutputStream out = slow.getOutputStream();
            out.write(("GET /api/v1/bars/" + symbol + "/live?timeframe=1m HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + AdminKey.KEY + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = slow.getInputStream();
            // The head and the first comment: the stream is open before the writes start.
            slow.setSoTimeout((int) WAIT.toMillis());
            byte[] head = new byte[256];
            int n = in.read(head);
            assertTrue(new String(head, 0, n, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"));
            for (int b = 0; b < batches; b++) {
                List<String> bars = new ArrayList<>();
                for (int i = 0; i < perBatch; i++) {
                    bars.add(bar(symbol, t0.plusSeconds(60L * (b * perBatch + i)), 10 + i % 7, i));
                }
                post(bars);
            }
            // The reading client got every bar.
            List<SseClient.Event> all = fast.next("bar", perBatch * batches, Duration.ofSeconds(120));
            assertEquals(perBatch * batches, all.size());
            // The one that did not read: its stream ended with an overflow event, short of the end.
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            byte[] buffer = new byte[65536];
            try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    rest.write(buffer, 0, read);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the slow client's stream was not closed", e);
            }
            String text = rest.toString(StandardCharsets.ISO_8859_1);
            assertTrue(text.contains("event: overflow"), "an overflow event before the end");
            assertTrue(text.lastIndexOf("event: bar") < text.indexOf("event: overflow"), "nothing after it");
            assertTrue(!text.contains("id: " + batches + "-" + perBatch), "it did not get the last bar");
        }
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("tickvault_live_overflows_total"), "the overflow is counted");
    }

    @Test
    void decisionsOfAStrategyOnASymbolArriveWithTheirIds() {
        String strategy = "live-momentum";
        try (SseClient feed = SseClient.open(url("/api/v1/decisions/live?strategy=" + strategy + "&symbol=LIVE.DEC"),
                AdminKey.KEY, Map.of())) {
            assertEquals(200, feed.status());
            List<String> ids = given().contentType("application/json").body("[{\"symbol\":\"LIVE.DEC\",\"action\":\"BUY\","
                            + "\"confidence\":0.7,\"strategy\":\"" + strategy + "\"},{\"symbol\":\"LIVE.DEC\",\"action\":\"SELL\","
                            + "\"confidence\":0.65,\"strategy\":\"" + strategy + "\",\"features\":{\"rsi\":71.5}},"
                            + "{\"symbol\":\"LIVE.DEC\",\"action\":\"HOLD\",\"confidence\":0.5,\"strategy\":\"other\"}]")
                    .when().post("/api/v1/decisions").then().statusCode(201).extract().jsonPath().getList("data.id");
            List<SseClient.Event> events = feed.next("decision", 2, WAIT);
            assertEquals(List.of("1-1", "1-2"), ids(events));
            assertTrue(events.stream().allMatch(e -> e.lsn() != null && e.lsn().matches("[0-9A-F]{1,8}/[0-9A-F]{1,8}")),
                    "every decision event names a WAL position");
            assertEquals(ids.get(0), json(events.get(0).data()).get("id").asText());
            assertEquals(ids.get(1), json(events.get(1).data()).get("id").asText());
            String stored = given().when().get("/api/v1/decisions/" + ids.get(1)).then().statusCode(200).extract().asString();
            assertEquals(json(stored), json(events.get(1).data()), "the decision as GET gives it");
            given().contentType("application/json").body("{\"symbol\":\"LIVE.DEC\",\"action\":\"CLOSE\",\"confidence\":0.9,"
                    + "\"strategy\":\"" + strategy + "\"}").when().post("/api/v1/decisions").then().statusCode(201);
            assertEquals(List.of("2-1"), ids(feed.next("decision", 1, WAIT)));
        }
        try (SseClient feed = SseClient.open(url("/api/v1/decisions/live?strategy=" + strategy + "&symbol=LIVE.DEC"),
                AdminKey.KEY, Map.of("Last-Event-ID", "1-1"))) {
            assertEquals(List.of("1-2", "2-1"), ids(feed.next("decision", 2, WAIT)));
        }
        try (SseClient feed = SseClient.open(url("/api/v1/decisions/live?symbol=LIVE.DEC"), AdminKey.KEY, Map.of())) {
            assertEquals(400, feed.status());
        }
    }

    @Test
    void idleStreamsGetHeartbeatComments() {
        try (SseClient feed = barFeed("LIVE.BEAT", Map.of(), "")) {
            List<SseClient.Event> comments = feed.next("comment", 2, WAIT);
            assertEquals("heartbeat", comments.get(1).data());
        }
    }

    @Test
    void aStreamHasJoinedItsFeedWhenItsClientGetsThe200() {
        String symbol = "LIVE.JOINED";
        Feed feed = new Feed.Bars(symbol, Timeframe.fromQuery("1m"));
        try (SseClient stream = barFeed(symbol, Map.of(), "")) {
            assertEquals(200, stream.status());
            // Joined before the head was sent, not after: a bar written now cannot fall between the two.
            assertEquals(1, hub.subscribers(feed));
            post(List.of(bar(symbol, Instant.parse("2031-03-02T00:00:00Z"), 10, 1)));
            assertEquals(List.of("1-1"), ids(stream.next("bar", 1, WAIT)));
        }
        dev.tickvault.support.Eventually.await("the closed stream leaves its feed", WAIT, Duration.ofMillis(50),
                () -> hub.subscribers(feed) == 0);
    }

    @Test
    void aStreamNeedsAKeyWithTheReadScopeAndIsCounted() {
        try (SseClient feed = SseClient.open(url("/api/v1/bars/LIVE.KEY/live?timeframe=1m"), null, Map.of())) {
            assertEquals(401, feed.status());
        }
        String readKey = given().contentType("application/json")
                .body("{\"name\":\"live-reader\",\"scopes\":[\"read\"]}").when().post("/api/v1/admin/api-keys")
                .then().statusCode(201).extract().path("key");
        String writeKey = given().contentType("application/json")
                .body("{\"name\":\"live-writer\",\"scopes\":[\"write\"]}").when().post("/api/v1/admin/api-keys")
                .then().statusCode(201).extract().path("key");
        try (SseClient feed = SseClient.open(url("/api/v1/bars/LIVE.KEY/live?timeframe=1m"), writeKey, Map.of())) {
            assertEquals(403, feed.status());
        }
        try (SseClient feed = SseClient.open(url("/api/v1/bars/LIVE.KEY/live?timeframe=1m"), readKey, Map.of())) {
            assertEquals(200, feed.status());
            post(List.of(bar("LIVE.KEY", Instant.parse("2031-03-01T00:00:00Z"), 10, 1)));
            feed.next("bar", 1, WAIT);
            String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("tickvault_live_subscribers") && !l.endsWith(" 0.0")),
                    "the open stream is counted");
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("tickvault_live_events_sent_total") && !l.endsWith(" 0.0")),
                    "the event sent is counted");
        }
    }
}
