package dev.tickvault.marketdata;

import io.quarkiverse.resteasy.problem.HttpProblem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Parsing of the resample bucket: timeframe codes and fixed-length ISO-8601 durations wider than the source. */
class BucketTest {

    private static void assertBadRequest(String raw, Timeframe source) {
        HttpProblem problem = assertThrows(HttpProblem.class, () -> Bucket.parse(raw, source),
                "bucket '" + raw + "' over " + source.code() + " must be refused");
        assertEquals(400, problem.getStatusCode());
    }

    @Test
    void timeframeCodeIsItsLength() {
        assertEquals(new Bucket("1w", 7 * 86_400), Bucket.parse("1w", Timeframe.D1));
        assertEquals(new Bucket("1d", 86_400), Bucket.parse("1d", Timeframe.H1));
        assertEquals(new Bucket("4h", 4 * 3_600), Bucket.parse("4h", Timeframe.M5));
    }

    @Test
    void sevenDaysAndOneWeekEqualTheWeeklyTimeframe() {
        long week = Bucket.parse("1w", Timeframe.D1).seconds();
        assertEquals(week, Bucket.parse("P7D", Timeframe.D1).seconds());
        assertEquals(week, Bucket.parse("P1W", Timeframe.D1).seconds());
        assertEquals("P7D", Bucket.parse("P7D", Timeframe.D1).label());
    }

    @Test
    void hourAndMinuteDurationsAreAccepted() {
        assertEquals(4 * 3_600, Bucket.parse("PT4H", Timeframe.H1).seconds());
        assertEquals(90 * 60, Bucket.parse("PT90M", Timeframe.M30).seconds());
        assertEquals(36 * 3_600, Bucket.parse("P1DT12H", Timeframe.H1).seconds());
    }

    @Test
    void monthsAndYearsAreRefused() {
        assertBadRequest("P1M", Timeframe.D1);
        assertBadRequest("P1Y", Timeframe.D1);
    }

    @Test
    void bucketNotWiderThanTheSourceIsRefused() {
        assertBadRequest("1h", Timeframe.D1);
        assertBadRequest("1d", Timeframe.D1);
        assertBadRequest("PT24H", Timeframe.D1);
        assertBadRequest("P1D", Timeframe.D1);
        assertBadRequest("PT30M", Timeframe.H1);
    }

    @Test
    void aBucketAsWideAsTheSourceOnlyWhenAFillAsksForIt() {
        assertEquals(new Bucket("1d", 86_400), Bucket.parse("1d", Timeframe.D1, true));
        assertEquals(86_400, Bucket.parse("P1D", Timeframe.D1, true).seconds());
        assertThrows(HttpProblem.class, () -> Bucket.parse("1h", Timeframe.D1, true));
    }

    @Test
    void missingOrUnreadableBucketIsRefused() {
        assertBadRequest(null, Timeframe.D1);
        assertBadRequest("", Timeframe.D1);
        assertBadRequest("weekly", Timeframe.D1);
        assertBadRequest("P0D", Timeframe.M1);
        assertBadRequest("PT-4H", Timeframe.M1);
        assertBadRequest("PT0.5S", Timeframe.M1);
    }
}
