package dev.tickvault.idempotency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Idempotency keys of creating POSTs (DESIGN 2): {@code tickvault.idempotency.*}. */
@ConfigMapping(prefix = "tickvault.idempotency")
public interface IdempotencyConfig {

    /** How long a key and its stored response are kept; a key may be reused for a new request after it. */
    @WithDefault("PT24H")
    Duration ttl();

    /** How often expired keys are deleted. */
    @WithDefault("PT10M")
    Duration sweepInterval();
}
