package dev.tickvault.marketdata;

import io.quarkiverse.resteasy.problem.HttpProblem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The opaque keyset cursor: round trips with microsecond precision and refuses anything it did not issue. */
class PageCursorTest {

    private static String base64(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    private static void assertBadRequest(String raw, boolean descending) {
        HttpProblem problem = assertThrows(HttpProblem.class, () -> PageCursor.decode(raw, descending),
                "cursor '" + raw + "' must be refused");
        assertEquals(400, problem.getStatusCode());
    }

    @Test
    void ascendingCursorRoundTripsWithMicrosecondPrecision() {
        PageCursor cursor = new PageCursor(Instant.parse("2008-12-31T00:00:00.123456Z"), false);
        assertEquals(cursor, PageCursor.decode(cursor.encode(), false));
    }

    @Test
    void descendingCursorRoundTrips() {
        PageCursor cursor = new PageCursor(Instant.parse("2008-01-02T00:00:00Z"), true);
        assertEquals(cursor, PageCursor.decode(cursor.encode(), true));
    }

    @Test
    void cursorBeforeTheEpochRoundTrips() {
        PageCursor cursor = new PageCursor(Instant.parse("1950-06-01T12:00:00.000001Z"), false);
        assertEquals(cursor, PageCursor.decode(cursor.encode(), false));
    }

    @Test
    void encodedCursorIsUrlSafeAndDiffersByOrder() {
        Instant ts = Instant.parse("2020-04-17T00:00:00Z");
        String asc = new PageCursor(ts, false).encode();
        String desc = new PageCursor(ts, true).encode();
        assertTrue(asc.matches("[A-Za-z0-9_-]+"), asc);
        assertFalse(asc.contains("2020"), "the cursor is opaque, not a readable date");
        assertNotEquals(asc, desc);
    }

    @Test
    void absentCursorMeansTheFirstPage() {
        assertNull(PageCursor.decode(null, false));
        assertNull(PageCursor.decode("", true));
    }

    @Test
    void cursorOfTheOtherOrderIsRefused() {
        Instant ts = Instant.parse("2020-04-17T00:00:00Z");
        assertBadRequest(new PageCursor(ts, false).encode(), true);
        assertBadRequest(new PageCursor(ts, true).encode(), false);
    }

    @Test
    void cursorsThisApiDidNotIssueAreRefused() {
        assertBadRequest("not*base64", false);
        assertBadRequest("%%%", false);
        assertBadRequest(base64("x1234"), false);
        assertBadRequest(base64("a"), false);
        assertBadRequest(base64("aXYZ"), false);
        assertBadRequest(base64("a1.5"), false);
        assertBadRequest(base64("a99999999999999999999999"), false);
        assertBadRequest(base64("d"), true);
    }
}
