package dev.tickvault.common;

import io.quarkiverse.resteasy.problem.HttpProblem;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 3339 timestamps: strict in request bodies (seconds and offset required), dates also allowed in queries. */
class TimestampsTest {

    private static final Instant HALF_PAST_TWO = Instant.parse("2024-01-02T14:30:00Z");

    @Test
    void strictParsingAcceptsUtcAndOffsetTimestamps() {
        assertEquals(HALF_PAST_TWO, Timestamps.parseStrict("2024-01-02T14:30:00Z"));
        assertEquals(HALF_PAST_TWO, Timestamps.parseStrict("2024-01-02T09:30:00-05:00"));
        assertEquals(HALF_PAST_TWO, Timestamps.parseStrict("2024-01-02T16:30:00+02:00"));
        assertEquals(HALF_PAST_TWO, Timestamps.parseStrict("2024-01-02t14:30:00z"));
    }

    @Test
    void strictParsingKeepsFractionsOfASecond() {
        assertEquals(Instant.parse("2024-01-02T14:30:00.123456Z"), Timestamps.parseStrict("2024-01-02T14:30:00.123456Z"));
    }

    @Test
    void strictParsingRejectsMissingSecondsMissingOffsetAndEpochNumbers() {
        assertNull(Timestamps.parseStrict("2024-01-02T14:30Z"));
        assertNull(Timestamps.parseStrict("2024-01-02T14:30:00"));
        assertNull(Timestamps.parseStrict("1704205800"));
        assertNull(Timestamps.parseStrict("2024-01-02"));
        assertNull(Timestamps.parseStrict("2024-01-02 14:30:00Z"));
        assertNull(Timestamps.parseStrict("2024-02-30T00:00:00Z"));
        assertNull(Timestamps.parseStrict(""));
        assertNull(Timestamps.parseStrict(null));
    }

    @Test
    void plainDateIsMidnightUtc() {
        assertEquals(Instant.parse("2024-01-02T00:00:00Z"), Timestamps.parseDate("2024-01-02"));
        assertNull(Timestamps.parseDate("2024-13-02"));
        assertNull(Timestamps.parseDate("2024-01-02T00:00:00Z"));
    }

    @Test
    void queryParameterTakesRfc3339OrADate() {
        assertEquals(HALF_PAST_TWO, Timestamps.queryParam("from", "2024-01-02T09:30:00-05:00"));
        assertEquals(Instant.parse("2024-01-02T00:00:00Z"), Timestamps.queryParam("from", "2024-01-02"));
        assertNull(Timestamps.queryParam("from", null));
        assertNull(Timestamps.queryParam("from", ""));
    }

    @Test
    void unreadableQueryParameterIsABadRequestNamingTheParameter() {
        HttpProblem problem = assertThrows(HttpProblem.class, () -> Timestamps.queryParam("to", "yesterday"));
        assertEquals(400, problem.getStatusCode());
        assertTrue(problem.getDetail().contains("'to'"), problem.getDetail());
        assertThrows(HttpProblem.class, () -> Timestamps.queryParam("from", "1704205800"));
        assertThrows(HttpProblem.class, () -> Timestamps.queryParam("from", "2024-01-02T14:30"));
    }
}
