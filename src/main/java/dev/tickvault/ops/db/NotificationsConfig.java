package dev.tickvault.ops.db;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/**
 * The one connection per instance that listens for PostgreSQL notifications (key changes, live events,
 * commands enqueued). PostgreSQL delivers a notification only to the session that ran LISTEN, which a
 * transaction-mode pooler (PgBouncer) does not keep.
 */
@ConfigMapping(prefix = "tickvault.notifications")
public interface NotificationsConfig {

    /**
     * A {@code postgresql://user:pass@host:port/db} URL of PostgreSQL itself (not PgBouncer) for the LISTEN
     * connection ({@code TICKVAULT_NOTIFICATIONS_DATABASE_URL}); the TLS settings of the pool apply. Unset: the
     * pool's own address, unless the pool goes through a layer-7 proxy, in which case nothing listens: every key
     * verification reads the database, and the live feeds and long-polls look for news every second.
     */
    Optional<String> databaseUrl();
}
