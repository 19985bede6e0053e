package dev.tickvault.agents;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Agent settings (DESIGN 5): the command queue ({@code tickvault.queue.*}) and the decision cache ({@code tickvault.cache.*}). */
@ConfigMapping(prefix = "tickvault")
public interface AgentsConfig {

    /** The agent command queue. */
    Queue queue();

    /** The decision cache. */
    Cache cache();

    /** The agent command queue (DESIGN 5). */
    interface Queue {
        /**
         * Claims a command may take: a command whose lease expires, or that fails with {@code retry}, after
         * this many attempts moves to {@code DEAD} instead of being handed out again.
         */
        @WithDefault("5")
        int maxAttempts();

        /** Longest lease a claim may ask for, in seconds ({@code leaseSeconds}); more is 400. */
        @WithDefault("3600")
        int maxLeaseSeconds();

        /** Longest {@code wait} of a long-polling claim ({@code PT20S}); more is 400. */
        @WithDefault("PT60S")
        Duration maxWait();

        /**
         * How often the {@code tickvault_queue_depth} gauges are refreshed from the database, and expired
         * leases of exhausted commands moved to {@code DEAD}.
         */
        @WithDefault("PT5S")
        Duration depthRefresh();
    }

    /** The backtest decision cache (DESIGN 5). */
    interface Cache {
        /** Lifetime of an entry written without {@code ttlSeconds}. */
        @WithDefault("PT24H")
        Duration defaultTtl();

        /** Longest lifetime an entry may ask for; a larger {@code ttlSeconds} is 400. */
        @WithDefault("P30D")
        Duration maxTtl();

        /** How often expired entries are deleted (reads never return them, swept or not). */
        @WithDefault("PT1M")
        Duration sweepInterval();
    }
}
