package dev.tickvault.reference;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Reference-data settings (DESIGN 10): {@code tickvault.reference.*}. */
@ConfigMapping(prefix = "tickvault")
public interface ReferenceConfig {

    /** Limits of the reference-data endpoints. */
    Reference reference();

    /** Limits of the reference-data batch endpoints. */
    interface Reference {
        /**
         * Records in one batch of economic observations, news articles, events or corporate actions (JSON
         * array, NDJSON or CSV rows); more is 413.
         */
        @WithDefault("10000")
        int maxBatch();
    }
}
