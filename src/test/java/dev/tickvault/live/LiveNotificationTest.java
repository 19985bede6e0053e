package dev.tickvault.live;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The notifications of the live feeds, as another instance's LISTEN connection hears them (here the test's own,
 * through JDBC): one per series and write once it has committed, none for a batch refused or a reply replayed
 * under an idempotency key. The sender sends in the order writes committed on this instance, so everything sent
 * before a marker write arrives before the marker's notification: "none" is proved by what came before it.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class LiveNotificationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String bars(String symbol, String close) {
        return "[{\"symbol\":\"" + symbol + "\",\"timeframe\":\"1m\",\"ts\":\"2019-09-02T10:00:00Z\",\"open\":10,\"high\":12,"
                + "\"low\":9,\"close\":" + close + ",\"volume\":100},{\"symbol\":\"" + symbol + "\",\"timeframe\":\"1m\","
                + "\"ts\":\"2019-09-02T10:01:00Z\",\"open\":10,\"high\":12,\"low\":9,\"close\":11,\"volume\":100}]";
    }

    /** The payloads on {@code tickvault_live} up to and including {@code last}. */
    private static List<String> until(Connection listener, String last) throws Exception {
        List<String> seen = new ArrayList<>();
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            PGNotification[] got = listener.unwrap(PGConnection.class).getNotifications(1_000);
            if (got == null) {
                continue;
            }
            for (PGNotification n : got) {
                assertEquals("tickvault_live", n.getName());
                seen.add(n.getParameter());
                if (n.getParameter().equals(last)) {
                    return seen;
                }
            }
        }
        return fail("no notification " + last + " within " + WAIT + "; heard " + seen);
    }

    @Test
    void eachCommittedWriteIsAnnouncedOnceAndARefusedOrReplayedOneNotAtAll() throws Exception {
        try (Connection listener = DriverManager.getConnection(PostgresResource.server().jdbcUrl(),
                PostgresResource.server().user(), "x"); Statement s = listener.createStatement()) {
            s.execute("LISTEN tickvault_live");

            given().contentType("application/json").body(bars("NOTE.A", "11")).when().post("/api/v1/bars")
                    .then().statusCode(200);
            assertEquals(List.of("bar|NOTE.A|1m|1"), until(listener, "bar|NOTE.A|1m|1"));

            // Refused whole (high below low): nothing committed, nothing announced.
            given().contentType("application/json").body(bars("NOTE.B", "11").replace("\"high\":12", "\"high\":1"))
                    .when().post("/api/v1/bars").then().statusCode(422);
            // Under a key: announced once; the same request again replays the stored reply and writes nothing.
            for (int i = 0; i < 2; i++) {
                given().contentType("application/json").header("Idempotency-Key", "note-c").body(bars("NOTE.C", "11"))
                        .when().post("/api/v1/bars").then().statusCode(200);
            }
            // Unchanged bars leave no event.
            given().contentType("application/json").body(bars("NOTE.A", "11")).when().post("/api/v1/bars")
                    .then().statusCode(200);
            given().contentType("application/json").body("{\"symbol\":\"NOTE.D\",\"action\":\"BUY\",\"confidence\":0.5,"
                    + "\"strategy\":\"note\"}").when().post("/api/v1/decisions").then().statusCode(201);
            given().contentType("application/json").body(bars("NOTE.A", "11.5")).when().post("/api/v1/bars")
                    .then().statusCode(200);

            List<String> heard = until(listener, "bar|NOTE.A|1m|2");
            assertTrue(heard.contains("bar|NOTE.C|1m|1") && heard.contains("decision|1|NOTE.D|note"), heard.toString());
            assertEquals(3, heard.size(), "one for the keyed write, one for the decision, one for the change: " + heard);
        }
    }
}
