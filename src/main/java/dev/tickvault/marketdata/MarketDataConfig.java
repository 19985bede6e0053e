package dev.tickvault.marketdata;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The market-data settings: {@code tickvault.ingest.max-rows}, {@code tickvault.gaps.*}, {@code tickvault.sample-data.*}. */
@ConfigMapping(prefix = "tickvault")
public interface MarketDataConfig {

    /** Batch ingest limits. */
    Ingest ingest();

    /** Gap reports ({@code GET /api/v1/bars/{symbol}/gaps}). */
    Gaps gaps();

    /** Sample data loaded at boot. */
    SampleData sampleData();

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

    /** The bundled real market data (S&P 500 2000-2020 daily, VIX 2009 daily). */
    interface SampleData {
        /** Load it at boot when the database has no {@code ^GSPC 1d} bars yet; on in dev mode. */
        @WithDefault("false")
        boolean load();
    }
}
