package dev.tickvault.agents.cache;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;

/**
 * SQL of the decision cache, through the reactive {@link Pool}: the table is UNLOGGED (a cache may be lost on
 * a crash), which Hibernate schema metadata has no notion of, and every operation is a single key-value
 * statement that gains nothing from an entity. Expired entries are never returned, swept or not.
 */
@ApplicationScoped
public class CacheRepository {

    /** {@code xmax = 0} marks a row this statement inserted rather than updated (PostgreSQL system columns). */
    private static final String PUT = """
            INSERT INTO agents.decision_cache AS e (namespace, key, value, stored_at, expires_at)
            VALUES ($1, $2, $3::text::jsonb, now(), now() + make_interval(secs => $4))
            ON CONFLICT (namespace, key) DO UPDATE
               SET value = EXCLUDED.value, stored_at = EXCLUDED.stored_at, expires_at = EXCLUDED.expires_at
            RETURNING (e.xmax = 0) AS inserted, e.stored_at, e.expires_at
            """;
    private static final String GET = "SELECT value::text AS value, stored_at, expires_at FROM agents.decision_cache"
            + " WHERE namespace = $1 AND key = $2 AND expires_at > now()";
    private static final String DELETE = "DELETE FROM agents.decision_cache WHERE namespace = $1 AND key = $2"
            + " RETURNING expires_at > now() AS live";
    private static final String SWEEP = "DELETE FROM agents.decision_cache WHERE expires_at <= now()";

    private final Pool pool;

    public CacheRepository(Pool pool) {
        this.pool = pool;
    }

    /** A value read back: its JSON text and times. */
    public record Value(String json, Instant storedAt, Instant expiresAt) {
    }

    /** A value written, and whether it was new. */
    public record Written(CacheEntry entry, boolean inserted) {
    }

    /** Stores a JSON value for {@code ttlSeconds}, replacing any entry under the same key. */
    public Uni<Written> put(String namespace, String key, String json, long ttlSeconds) {
        return pool.preparedQuery(PUT).execute(Tuple.of(namespace, key, json, (double) ttlSeconds)).map(rows -> {
            Row row = rows.iterator().next();
            return new Written(new CacheEntry(namespace, key, row.getOffsetDateTime("stored_at").toInstant(),
                    row.getOffsetDateTime("expires_at").toInstant()), row.getBoolean("inserted"));
        });
    }

    /** The live value under a key. */
    public Uni<Optional<Value>> get(String namespace, String key) {
        return pool.preparedQuery(GET).execute(Tuple.of(namespace, key)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new Value(row.getString("value"), row.getOffsetDateTime("stored_at").toInstant(),
                    row.getOffsetDateTime("expires_at").toInstant()));
        });
    }

    /** Deletes the entry under a key; true when it was live (an expired one counts as already gone). */
    public Uni<Boolean> delete(String namespace, String key) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(namespace, key))
                .map(rows -> rows.size() == 1 && rows.iterator().next().getBoolean("live"));
    }

    /** Deletes every expired entry; returns how many. */
    public Uni<Integer> sweep() {
        return pool.query(SWEEP).execute().map(RowSet::rowCount);
    }
}
