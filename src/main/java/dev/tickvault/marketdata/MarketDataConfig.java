package dev.tickvault.marketdata;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/**
 * The market-data settings: {@code tickvault.ingest.max-rows}, {@code tickvault.gaps.*}, {@code tickvault.resample.*}, {@code tickvault.rollups.*},
 * {@code tickvault.sample-data.*}, {@code tickvault.partitions.*} and {@code tickvault.retention.*}.
 */
@ConfigMapping(prefix = "tickvault")
public interface MarketDataConfig {

    /** Batch ingest limits. */
    Ingest ingest();

    /** Gap reports ({@code GET /api/v1/bars/{symbol}/gaps}). */
    Gaps gaps();

    /** Resamples ({@code GET /api/v1/bars/{symbol}/resample}). */
    Resample resample();

    /** Rollups: buckets of bars kept incrementally (DESIGN 8). */
    Rollups rollups();

    /** Sample data loaded at boot. */
    SampleData sampleData();

    /** The partitions of {@code market_data.ohlcv} (DESIGN 8). */
    Partitions partitions();

    /** Retention: old partitions dropped by policy (DESIGN 8). */
    Retention retention();

    /** How the bars are partitioned by time, and how far ahead partitions are made. */
    interface Partitions {
        /**
         * The span of a new partition per timeframe ({@code tickvault.partitions.span.1m=week}): {@code day},
         * {@code week}, {@code month}, {@code year} or {@code decade}. Unset timeframes take the defaults of
         * DESIGN 8: a month for 1m to 30m, a year for 1h and 4h, a decade for 1d and 1w. A change applies to
         * partitions made afterwards, clipped so as not to overlap those that exist.
         */
        Map<String, String> span();

        /** Spans after the current one kept ready for every timeframe by the maintenance job. */
        @WithDefault("1")
        int ahead();

        /** How often the maintenance job makes the partitions ahead and refreshes the partition gauges. */
        @WithDefault("PT10M")
        Duration maintenanceInterval();
    }

    /** Dropping partitions past each timeframe's retention policy. */
    interface Retention {
        /** How often the retention job runs (a {@code PUT} of a policy also runs it at once). */
        @WithDefault("PT1H")
        Duration interval();

        /**
         * Longest wait for the lock that detaching a partition takes on its timeframe's table; when queries in
         * flight hold it longer, that partition waits for the next run, so no query waits longer than this.
         */
        @WithDefault("PT2S")
        Duration lockTimeout();
    }

    /** Limits of {@code POST /api/v1/bars}. */
    interface Ingest {
        /** Rows per request; more is 413. */
        @WithDefault("100000")
        int maxRows();
    }

    /**
     * Bounds of a gap report, so that neither the database nor the JVM builds an unbounded answer: the range is
     * bounded here, the answer is paged ({@code limit}, {@code cursor}, DESIGN 2).
     */
    interface Gaps {
        /**
         * Most timeframe slots a report's range [from, to) may span ({@code (to - from) / timeframe}, in days for
         * {@code 1d}, whatever the calendar); more is 400. The default is a leap year of {@code 1m} slots
         * (366 x 1,440): the SQL of a report over a year of 1m bars took 0.15-0.25 s (README, "Gaps"). The work of
         * a page grows with the bars and missing slots in the range, so a larger bound makes each page slower.
         */
        @WithDefault("527040")
        long maxSlots();
    }

    /** The rollups' refresh job. */
    interface Rollups {
        /**
         * How often the job re-aggregates the dirty buckets of every rollup and moves its watermark up to the
         * newest complete bucket (a {@code PUT} of a rollup also runs it at once).
         */
        @WithDefault("PT5S")
        Duration refreshInterval();

        /**
         * Most buckets past the watermark aggregated in one refresh transaction; a longer way to the newest
         * complete bucket (the first refresh of a rollup over years of bars) is gone in several transactions.
         */
        @WithDefault("1000")
        int chunkBuckets();

        /** Most dirty buckets re-aggregated in one refresh transaction; more are taken by the next. */
        @WithDefault("1000")
        int dirtyBatch();
    }

    /** Bounds of a resample with a fill. */
    interface Resample {
        /**
         * Most buckets a resample with {@code fill} other than {@code none} may answer ({@code (to - from) /
         * bucket}); more is 400. A fill answers every bucket of the range, bars or not, so the range alone sizes
         * the answer; 100,000 buckets is about 12 MB of JSON.
         */
        @WithDefault("100000")
        long maxFilledBuckets();
    }

    /** The bundled real market data (S&P 500 2000-2020 daily, VIX 2009 daily). */
    interface SampleData {
        /** Load it at boot when the database has no {@code ^GSPC 1d} bars yet; on in dev mode. */
        @WithDefault("false")
        boolean load();
    }
}
