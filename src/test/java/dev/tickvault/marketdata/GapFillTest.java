package dev.tickvault.marketdata;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Bucket arithmetic and the fill rules of a resample, without a database. */
class GapFillTest {

    private static final long HOUR = 3_600;
    private static final long DAY = 86_400;

    private static Instant t(String text) {
        return Instant.parse(text);
    }

    private static ResampledBar bar(String ts, String close) {
        BigDecimal c = new BigDecimal(close);
        return new ResampledBar("X", "1h", t(ts), c, c, c, c, 10, c, 3);
    }

    @Test
    void bucketsStartOnTheGridOfMonday2000January3() {
        assertEquals(t("2024-01-02T14:00:00Z"), GapFill.bucketStart(t("2024-01-02T14:59:59.999Z"), HOUR));
        assertEquals(t("2024-01-01T00:00:00Z"), GapFill.bucketStart(t("2024-01-07T23:00:00Z"), 7 * DAY),
                "weeks start on Monday");
        assertEquals(t("1999-12-27T00:00:00Z"), GapFill.bucketStart(t("2000-01-01T12:00:00Z"), 7 * DAY),
                "before the origin too");
        assertEquals(t("2000-01-03T00:00:00Z"), GapFill.bucketStart(t("2000-01-04T00:00:00Z"), 2 * DAY));
    }

    @Test
    void bucketCountCoversFromTheFirstBucketStartToTheEnd() {
        assertEquals(3, GapFill.bucketCount(t("2024-01-02T10:30:00Z"), t("2024-01-02T13:00:00Z"), HOUR));
        assertEquals(4, GapFill.bucketCount(t("2024-01-02T10:30:00Z"), t("2024-01-02T13:00:01Z"), HOUR));
        assertEquals(0, GapFill.bucketCount(t("2024-01-02T10:00:00Z"), t("2024-01-02T10:00:00Z"), HOUR));
    }

    @Test
    void noneLeavesTheBucketsAsTheyAre() {
        List<ResampledBar> buckets = List.of(bar("2024-01-02T10:00:00Z", "5"));
        assertSame(buckets, GapFill.fill(buckets, "X", "1h", HOUR, t("2024-01-02T00:00:00Z"),
                t("2024-01-03T00:00:00Z"), false, Fill.NONE, null));
    }

    @Test
    void nullFillsEveryEmptyBucketWithoutPrices() {
        List<ResampledBar> out = GapFill.fill(List.of(bar("2024-01-02T11:00:00Z", "5")), "X", "1h", HOUR,
                t("2024-01-02T10:00:00Z"), t("2024-01-02T13:00:00Z"), false, Fill.NULL, new BigDecimal("4"));
        assertEquals(3, out.size());
        assertEquals(true, out.get(0).filled());
        assertNull(out.get(0).close(), "null ignores the seed");
        assertEquals(0, out.get(0).volume());
        assertEquals(0, out.get(0).barCount());
        assertNull(out.get(0).vwap());
        assertEquals(false, out.get(1).filled());
        assertEquals(new BigDecimal("5"), out.get(1).close());
        assertEquals(t("2024-01-02T12:00:00Z"), out.get(2).ts());
        assertEquals(true, out.get(2).filled());
    }

    @Test
    void prevRepeatsTheLastCloseAndIsSeededFromBeforeTheRange() {
        List<ResampledBar> out = GapFill.fill(List.of(bar("2024-01-02T11:00:00Z", "5")), "X", "1h", HOUR,
                t("2024-01-02T10:00:00Z"), t("2024-01-02T13:00:00Z"), false, Fill.PREV, new BigDecimal("4"));
        assertEquals(new BigDecimal("4"), out.get(0).open(), "the first bucket is filled from the seed");
        assertEquals(new BigDecimal("4"), out.get(0).high());
        assertEquals(new BigDecimal("4"), out.get(0).low());
        assertEquals(new BigDecimal("4"), out.get(0).close());
        assertEquals(new BigDecimal("5"), out.get(2).close());
        assertEquals(0, out.get(2).volume());
        List<ResampledBar> unseeded = GapFill.fill(List.of(bar("2024-01-02T11:00:00Z", "5")), "X", "1h", HOUR,
                t("2024-01-02T10:00:00Z"), t("2024-01-02T12:00:00Z"), false, Fill.PREV, null);
        assertNull(unseeded.get(0).close(), "no bar before the range: no price");
    }

    @Test
    void linearInterpolatesInTimeAndLeavesLeadingAndTrailingGapsEmpty() {
        List<ResampledBar> out = GapFill.fill(List.of(bar("2024-01-02T11:00:00Z", "10"), bar("2024-01-02T14:00:00Z",
                "11")), "X", "1h", HOUR, t("2024-01-02T10:00:00Z"), t("2024-01-02T16:00:00Z"), false, Fill.LINEAR,
                new BigDecimal("1"));
        assertEquals(6, out.size());
        assertNull(out.get(0).close(), "leading gap");
        assertEquals(0, new BigDecimal("10.33333333").compareTo(out.get(2).close()));
        assertEquals(0, new BigDecimal("10.66666667").compareTo(out.get(3).close()), "rounded half-up to 8 decimals");
        assertEquals(out.get(3).close(), out.get(3).open());
        assertEquals(true, out.get(3).filled());
        assertNull(out.get(5).close(), "trailing gap");
    }

    @Test
    void weekdaysLeaveEmptyWeekendsOutButNeverABucketWithBars() {
        ResampledBar friday = bar("2024-01-05T00:00:00Z", "1");
        ResampledBar sunday = bar("2024-01-07T00:00:00Z", "2");
        List<ResampledBar> out = GapFill.fill(List.of(friday, sunday), "X", "1d", DAY, t("2024-01-05T00:00:00Z"),
                t("2024-01-09T00:00:00Z"), true, Fill.NULL, null);
        assertEquals(List.of(t("2024-01-05T00:00:00Z"), t("2024-01-07T00:00:00Z"), t("2024-01-08T00:00:00Z")),
                out.stream().map(ResampledBar::ts).toList());
        assertEquals(5, GapFill.fill(List.of(friday, sunday), "X", "1d", DAY, t("2024-01-05T00:00:00Z"),
                t("2024-01-10T00:00:00Z"), false, Fill.NULL, null).size(), "calendar=all: every day");
    }
}
