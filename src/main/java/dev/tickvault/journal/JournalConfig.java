package dev.tickvault.journal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Trading-journal settings (DESIGN 4): {@code tickvault.journal.*} and {@code tickvault.prediction.*}. */
@ConfigMapping(prefix = "tickvault")
public interface JournalConfig {

    /** Trading-journal limits. */
    Journal journal();

    /** Prediction rules. */
    Prediction prediction();

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
}
