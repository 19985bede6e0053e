package dev.tickvault.common;

import io.quarkiverse.resteasy.problem.HttpProblem;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KeysetCursorTest {

    @Test
    void roundTripsTimestampIdAndOrder() {
        KeysetCursor cursor = new KeysetCursor(Instant.parse("2009-06-01T21:00:00.123456Z"), Uuids.v7(), true);
        assertEquals(cursor, KeysetCursor.decode(cursor.encode(), true));
        assertNull(KeysetCursor.decode(null, false));
    }

    @Test
    void refusesACursorOfTheOtherOrderOrNotIssuedHere() {
        String ascending = new KeysetCursor(Instant.EPOCH, UUID.randomUUID(), false).encode();
        assertEquals(400, assertThrows(HttpProblem.class, () -> KeysetCursor.decode(ascending, true)).getStatusCode());
        assertEquals(400, assertThrows(HttpProblem.class, () -> KeysetCursor.decode("bm9wZQ", false)).getStatusCode());
        assertEquals(400, assertThrows(HttpProblem.class, () -> KeysetCursor.decode("%%%", false)).getStatusCode());
    }
}
