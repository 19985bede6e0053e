package dev.tickvault.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Access-control settings (DESIGN 6): the bootstrap key, key verification, rate limits and the audit log.
 */
@ConfigMapping(prefix = "tickvault")
public interface AuthConfig {

    /**
     * The first admin key ({@code TICKVAULT_BOOTSTRAP_ADMIN_KEY}), {@code tv_<8-char id>_<32+ chars>}: its hash
     * is stored at boot with the scopes read, write and admin.
     */
    java.util.Optional<String> bootstrapAdminKey();

    /** API-key verification settings. */
    Auth auth();

    /** The default per-key rate limit. */
    RateLimit rateLimit();

    /** The audit log writer. */
    Audit audit();

    /** API-key verification: keys verified once are kept in memory, so a request costs no round trip. */
    interface Auth {
        /**
         * Longest time a verified key is trusted from memory before it is read again; revocations reach
         * every instance at once through LISTEN/NOTIFY, this bounds the damage of a lost notification.
         */
        @WithDefault("PT60S")
        Duration keyCacheMaxAge();

        /** How long an unknown key id is remembered as unknown (spares the database repeated misses). */
        @WithDefault("PT5S")
        Duration unknownKeyCacheTtl();
    }

    /** Per-key request limits. */
    interface RateLimit {
        /** Requests per minute per key when the key sets none; 0 means no limit. */
        @WithDefault("0")
        int perMinute();
    }

    /** The audit log is written in batches off the request path. */
    interface Audit {
        /** How often queued audit events are written. */
        @WithDefault("PT0.5S")
        Duration flushInterval();

        /**
         * Longest time graceful shutdown spends writing the events still queued, after in-flight
         * requests finished and before the pool closes; what is left then is logged as lost.
         */
        @WithDefault("PT5S")
        Duration shutdownTimeout();

        /** Most events held in memory while the database is away; beyond it new events are counted and dropped. */
        @WithDefault("100000")
        int maxQueued();
    }
}
