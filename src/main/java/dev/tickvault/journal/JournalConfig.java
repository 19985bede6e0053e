package dev.tickvault.journal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Trading-journal settings (DESIGN 4): {@code tickvault.journal.*}, {@code tickvault.prediction.*} and {@code tickvault.performance.*}. */
@ConfigMapping(prefix = "tickvault")
public interface JournalConfig {

    /** Trading-journal limits. */
    Journal journal();

    /** Prediction rules. */
    Prediction prediction();

    /** The performance record of trades. */
    Performance performance();

    /** Limits of the journal's batch endpoints. */
    interface Journal {
        /** Records in one {@code POST /api/v1/decisions} batch (array or NDJSON); more is 413. */
        @WithDefault("10000")
        int maxBatch();

        /**
         * Group-commit inserts of decisions without an idempotency key that may run at once; requests arriving
         * meanwhile are written together by the next one ({@code DecisionWriter}).
         */
        @WithDefault("4")
        int writeConcurrency();

        /** Rows from which a group-commit insert takes no further request. */
        @WithDefault("1000")
        int writeGroupRows();
    }

    /** Predictions (DESIGN 4). */
    interface Prediction {
        /**
         * Confidence from which a prediction is worth trading: {@code shouldTrade} is
         * {@code confidence >= trade-threshold}, derived on every read, so a change applies to old predictions too.
         */
        @WithDefault("0.70")
        java.math.BigDecimal tradeThreshold();
    }

    /** The performance record ({@code GET /api/v1/trades/performance}, DESIGN 10). */
    interface Performance {
        /**
         * Most points of an equity curve (intervals with closed trades); an answer that would hold more is 400,
         * asking for a wider {@code interval} or a narrower range.
         */
        @WithDefault("10000")
        int maxPoints();
    }
}
