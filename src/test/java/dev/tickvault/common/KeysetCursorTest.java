package dev.tickvault.common;

import io.quarkiverse.resteasy.problem.HttpProblem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one keyset cursor codec: exact round trips over PostgreSQL's whole range, 400 for anything it did not issue. */
class KeysetCursorTest {

    /** The API's own bounds (UTC years 0001..9999), both sides of the epoch, and PostgreSQL's own limits. */
    private static final List<Instant> TIMES = List.of(
            Instant.parse("0001-01-01T00:00:00Z"),
            Instant.parse("9999-12-31T23:59:59.999999Z"),
            Instant.parse("1969-12-31T23:59:59.999999Z"),
            Instant.parse("1950-06-01T12:00:00.000001Z"),
            Instant.EPOCH,
            Instant.parse("2008-12-31T00:00:00.123456Z"),
            Instant.parse("1677-09-21T00:12:43.145224Z"),
            Instant.parse("2262-04-11T23:47:16.854776Z"),
            KeysetCursor.EARLIEST,
            KeysetCursor.LATEST);

    private static String base64(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertBadRequest(String raw, KeysetCursor.Shape shape, boolean descending) {
        HttpProblem problem = assertThrows(HttpProblem.class, () -> KeysetCursor.decode(raw, shape, descending),
                "cursor '" + raw + "' must be refused");
        assertEquals(400, problem.getStatusCode());
    }

    @Test
    void timestampCursorsRoundTripExactlyFromTheFirstToTheLastStorableMicrosecond() {
        for (Instant ts : TIMES) {
            for (boolean descending : new boolean[] {false, true}) {
                KeysetCursor cursor = KeysetCursor.after(ts, descending);
                assertEquals(cursor, KeysetCursor.decode(cursor.encode(), KeysetCursor.Shape.TIME, descending),
                        ts.toString());
                assertEquals(ts, cursor.ts());
            }
        }
    }

    @Test
    void timestampAndIdCursorsRoundTripAtTheEdges() {
        for (Instant ts : TIMES) {
            UUID id = Uuids.v7();
            KeysetCursor cursor = KeysetCursor.after(ts, id, true);
            KeysetCursor back = KeysetCursor.decode(cursor.encode(), KeysetCursor.Shape.TIME_UUID, true);
            assertEquals(cursor, back, ts.toString());
            assertEquals(id, back.uuid());

            KeysetCursor text = KeysetCursor.after(ts, "AbCd1234", false);
            assertEquals(text, KeysetCursor.decode(text.encode(), KeysetCursor.Shape.TIME_TEXT, false));
        }
        // A text id may hold the separator and non-ASCII characters: it is the rest of the cursor.
        KeysetCursor odd = KeysetCursor.after(Instant.EPOCH, "a~b~é", false);
        assertEquals("a~b~é", KeysetCursor.decode(odd.encode(), KeysetCursor.Shape.TIME_TEXT, false).key());
    }

    @Test
    void numberCursorsRoundTrip() {
        for (long n : new long[] {0, 1, 42, Long.MAX_VALUE, -7}) {
            KeysetCursor cursor = KeysetCursor.after(n, true);
            assertEquals(n, KeysetCursor.decode(cursor.encode(), KeysetCursor.Shape.NUMBER, true).number());
        }
    }

    @Test
    void nanosecondsSurviveSoTheNextPageNeverRepeatsARow() {
        Instant ts = Instant.parse("2024-01-02T03:04:05.123456789Z");
        String encoded = KeysetCursor.after(ts, false).encode();
        assertEquals(ts, KeysetCursor.decode(encoded, KeysetCursor.Shape.TIME, false).ts());
    }

    @Test
    void encodedCursorIsUrlSafeOpaqueAndDiffersByOrder() {
        Instant ts = Instant.parse("2020-04-17T00:00:00Z");
        String asc = KeysetCursor.after(ts, false).encode();
        String desc = KeysetCursor.after(ts, true).encode();
        assertTrue(asc.matches("[A-Za-z0-9_-]+"), asc);
        assertFalse(asc.contains("2020"), "the cursor is opaque, not a readable date");
        assertNotEquals(asc, desc);
    }

    @Test
    void absentCursorMeansTheFirstPage() {
        assertNull(KeysetCursor.decode(null, KeysetCursor.Shape.TIME, false));
        assertNull(KeysetCursor.decode("", KeysetCursor.Shape.TIME_UUID, true));
    }

    @Test
    void cursorOfTheOtherOrderIsRefused() {
        for (Instant ts : TIMES) {
            assertBadRequest(KeysetCursor.after(ts, false).encode(), KeysetCursor.Shape.TIME, true);
            assertBadRequest(KeysetCursor.after(ts, UUID.randomUUID(), true).encode(), KeysetCursor.Shape.TIME_UUID,
                    false);
        }
        assertBadRequest(KeysetCursor.after(5, false).encode(), KeysetCursor.Shape.NUMBER, true);
        HttpProblem problem = assertThrows(HttpProblem.class, () -> KeysetCursor.decode(
                KeysetCursor.after(Instant.EPOCH, false).encode(), KeysetCursor.Shape.TIME, true));
        assertTrue(problem.getDetail().contains("order"), problem.getDetail());
    }

    @Test
    void cursorOfAnotherListShapeIsRefused() {
        String bars = KeysetCursor.after(Instant.EPOCH, false).encode();
        String decisions = KeysetCursor.after(Instant.EPOCH, UUID.randomUUID(), false).encode();
        String keys = KeysetCursor.after(Instant.EPOCH, "AbCd1234", false).encode();
        String audit = KeysetCursor.after(9, false).encode();
        assertBadRequest(bars, KeysetCursor.Shape.TIME_UUID, false);
        assertBadRequest(decisions, KeysetCursor.Shape.TIME, false);
        assertBadRequest(decisions, KeysetCursor.Shape.TIME_TEXT, false);
        assertBadRequest(keys, KeysetCursor.Shape.TIME_UUID, false);
        assertBadRequest(audit, KeysetCursor.Shape.TIME, false);
        assertBadRequest(bars, KeysetCursor.Shape.NUMBER, false);
    }

    @Test
    void garbageAndForgeriesAreRefused() {
        String uuid = UUID.randomUUID().toString();
        for (String raw : List.of("not*base64", "%%%", "====", "bm9wZQ", base64("x1234"), base64("a"), base64("at"),
                base64("atXYZ"), base64("at1.5"), base64("at1.-00000005"), base64("at99999999999999999999999"),
                base64("at+5"), base64("at05"), base64("at-0"), base64("at5.000000000"), base64("at5.12"),
                base64("at1~" + uuid), base64("dt"), base64("au1"), base64("au1~"), base64("au1~not-a-uuid"),
                base64("au1~" + uuid.toUpperCase()), base64("au~" + uuid), base64("an"), base64("an1.5"),
                base64("an+1"), base64("ak1~"),
                // before PostgreSQL's first and after its last timestamp: never issued
                base64("at" + (KeysetCursor.EARLIEST.getEpochSecond() - 1)),
                base64("at" + (KeysetCursor.LATEST.getEpochSecond() + 1)),
                base64("at" + Long.MAX_VALUE), base64("at" + Long.MIN_VALUE),
                // padding and trailing bits are not what encode() writes
                KeysetCursor.after(Instant.EPOCH, false).encode() + "=")) {
            for (KeysetCursor.Shape shape : KeysetCursor.Shape.values()) {
                assertBadRequest(raw, shape, false);
            }
        }
        assertBadRequest(base64("dt"), KeysetCursor.Shape.TIME, true);
    }
}
