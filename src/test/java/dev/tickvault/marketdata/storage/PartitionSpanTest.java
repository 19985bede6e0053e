package dev.tickvault.marketdata.storage;

import dev.tickvault.marketdata.Timeframe;
import io.quarkiverse.resteasy.problem.HttpProblem;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Partition spans cut time as PostgreSQL's {@code date_trunc} does in UTC (the database function of V6 makes
 * the partitions with it), the per-timeframe defaults of DESIGN 8, what the catalog knows, and the retention
 * durations accepted.
 */
class PartitionSpanTest {

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    @Test
    void spansStartWhereDateTruncStartsThem() {
        Instant ts = at("2024-02-29T13:45:07.123456Z");
        assertEquals(at("2024-02-29T00:00:00Z"), PartitionSpan.DAY.start(ts));
        assertEquals(at("2024-02-26T00:00:00Z"), PartitionSpan.WEEK.start(ts), "weeks start on Monday");
        assertEquals(at("2024-02-01T00:00:00Z"), PartitionSpan.MONTH.start(ts));
        assertEquals(at("2024-01-01T00:00:00Z"), PartitionSpan.YEAR.start(ts));
        assertEquals(at("2020-01-01T00:00:00Z"), PartitionSpan.DECADE.start(ts));
        assertEquals(at("2024-02-01T00:00:00Z"), PartitionSpan.MONTH.start(at("2024-02-01T00:00:00Z")), "a start is its own");
        assertEquals(at("9990-01-01T00:00:00Z"), PartitionSpan.DECADE.start(at("9999-12-31T23:59:59Z")));
        assertEquals(at("1960-01-01T00:00:00Z"), PartitionSpan.DECADE.start(at("1969-12-31T23:59:59Z")));
    }

    @Test
    void theNextSpanStartsWhereThisOneEnds() {
        assertEquals(at("2024-03-01T00:00:00Z"), PartitionSpan.MONTH.next(at("2024-02-29T13:45:07Z")));
        assertEquals(at("2025-01-01T00:00:00Z"), PartitionSpan.MONTH.next(at("2024-12-31T23:59:59Z")));
        assertEquals(at("2024-03-04T00:00:00Z"), PartitionSpan.WEEK.next(at("2024-02-29T00:00:00Z")));
        assertEquals(at("2030-01-01T00:00:00Z"), PartitionSpan.DECADE.next(at("2020-04-17T00:00:00Z")));
        assertEquals(at("+10000-01-01T00:00:00Z"), PartitionSpan.DECADE.next(at("9999-12-31T00:00:00Z")));
    }

    @Test
    void defaultsFollowTheDesign() {
        assertEquals(PartitionSpan.MONTH, PartitionSpan.defaultFor(Timeframe.M1));
        assertEquals(PartitionSpan.MONTH, PartitionSpan.defaultFor(Timeframe.M30));
        assertEquals(PartitionSpan.YEAR, PartitionSpan.defaultFor(Timeframe.H1));
        assertEquals(PartitionSpan.YEAR, PartitionSpan.defaultFor(Timeframe.H4));
        assertEquals(PartitionSpan.DECADE, PartitionSpan.defaultFor(Timeframe.D1));
        assertEquals(PartitionSpan.DECADE, PartitionSpan.defaultFor(Timeframe.W1));
        assertEquals(PartitionSpan.WEEK, PartitionSpan.of("week").orElseThrow());
        assertTrue(PartitionSpan.of("quarter").isEmpty());
    }

    @Test
    void theCatalogKnowsWhichPartitionHoldsATime() {
        PartitionCatalog catalog = new PartitionCatalog();
        assertFalse(catalog.loaded());
        catalog.load(java.util.List.of(
                new PartitionCatalog.Range(Timeframe.M1, "ohlcv_1m_20240101T000000", at("2024-01-01T00:00:00Z"),
                        at("2024-02-01T00:00:00Z")),
                new PartitionCatalog.Range(Timeframe.M1, "ohlcv_1m_20240301T000000", at("2024-03-01T00:00:00Z"),
                        at("2024-04-01T00:00:00Z"))));
        assertTrue(catalog.loaded());
        assertEquals("ohlcv_1m_20240101T000000", catalog.holding(Timeframe.M1, at("2024-01-31T23:59:00Z")).table());
        assertNull(catalog.holding(Timeframe.M1, at("2024-02-01T00:00:00Z")), "the range's end belongs to the next");
        assertNull(catalog.holding(Timeframe.M1, at("2023-12-31T23:59:00Z")));
        assertNull(catalog.holding(Timeframe.M5, at("2024-01-15T00:00:00Z")), "another timeframe's partitions");
        assertEquals(2, catalog.count(Timeframe.M1));
        catalog.remove(Timeframe.M1, at("2024-01-01T00:00:00Z"));
        assertFalse(catalog.covers(Timeframe.M1, at("2024-01-15T00:00:00Z")));
    }

    @Test
    void aReloadForgetsOnlyWhatWasDroppedAndKeepsWhatWasMadeMeanwhile() {
        // A write found a partition gone (another instance's retention dropped it) and reloads; meanwhile a
        // concurrent request made a new one, after the listing was taken. Neither that one nor any still listed
        // may go missing, even for a moment: requests route by the catalog as it reloads.
        PartitionCatalog catalog = new PartitionCatalog();
        PartitionCatalog.Range january = new PartitionCatalog.Range(Timeframe.M1, "ohlcv_1m_20240101T000000",
                at("2024-01-01T00:00:00Z"), at("2024-02-01T00:00:00Z"));
        PartitionCatalog.Range february = new PartitionCatalog.Range(Timeframe.M1, "ohlcv_1m_20240201T000000",
                at("2024-02-01T00:00:00Z"), at("2024-03-01T00:00:00Z"));
        PartitionCatalog.Range march = new PartitionCatalog.Range(Timeframe.M1, "ohlcv_1m_20240301T000000",
                at("2024-03-01T00:00:00Z"), at("2024-04-01T00:00:00Z"));
        catalog.load(java.util.List.of(january, february));
        java.util.Set<PartitionCatalog.Range> before = catalog.snapshot();
        catalog.add(march);
        catalog.reconcile(before, java.util.List.of(february));
        assertNull(catalog.holding(Timeframe.M1, at("2024-01-15T00:00:00Z")), "the dropped partition is forgotten");
        assertEquals("ohlcv_1m_20240201T000000", catalog.holding(Timeframe.M1, at("2024-02-10T00:00:00Z")).table());
        assertEquals("ohlcv_1m_20240301T000000", catalog.holding(Timeframe.M1, at("2024-03-10T00:00:00Z")).table(),
                "made after the snapshot: kept though the listing predates it");
        assertEquals(2, catalog.count(Timeframe.M1));
    }

    @Test
    void aSecondLoadKeepsWhatTheCatalogKnows() {
        // Concurrent first requests each load the catalog; one made a partition in between (add), and a load that
        // listed the database before that must not make the catalog forget it.
        PartitionCatalog catalog = new PartitionCatalog();
        PartitionCatalog.Range january = new PartitionCatalog.Range(Timeframe.M1, "ohlcv_1m_20240101T000000",
                at("2024-01-01T00:00:00Z"), at("2024-02-01T00:00:00Z"));
        PartitionCatalog.Range february = new PartitionCatalog.Range(Timeframe.M1, "ohlcv_1m_20240201T000000",
                at("2024-02-01T00:00:00Z"), at("2024-03-01T00:00:00Z"));
        catalog.load(java.util.List.of(january));
        catalog.add(february);
        catalog.load(java.util.List.of(january));
        assertEquals("ohlcv_1m_20240201T000000", catalog.holding(Timeframe.M1, at("2024-02-10T00:00:00Z")).table());
        assertEquals(2, catalog.count(Timeframe.M1));
    }

    @Test
    void retentionKeepsIsAPositiveIso8601Duration() {
        for (String keep : new String[] {"P2Y", "P1Y6M", "P90D", "P4W", "PT12H", "P1DT12H", " P2Y "}) {
            assertEquals(keep.trim(), RetentionService.checkKeep(keep));
        }
        for (String keep : new String[] {null, "", "2 years", "P0D", "PT0S", "-P1Y", "P-1Y", "P1Y-2M", "1Y", "P", "PT"}) {
            HttpProblem problem = assertThrows(HttpProblem.class, () -> RetentionService.checkKeep(keep), keep);
            assertEquals(422, problem.getStatusCode(), keep);
        }
    }
}
