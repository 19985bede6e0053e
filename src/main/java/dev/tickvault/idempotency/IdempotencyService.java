package dev.tickvault.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.Problems;
import dev.tickvault.common.ScheduledFailures;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The store of idempotency keys for creating {@code POST}s (DESIGN 2), used through {@link IdempotentWrite}.
 * A request carrying {@code Idempotency-Key} is remembered per caller (the API key id) together with its
 * method, path and query, the
 * SHA-256 of its body, and the response it got. A retry with the same key and body gets that response
 * again, with {@code Idempotent-Replayed: true}, and writes nothing; the same key with another body, method
 * or path is 422. Keys live in {@code api.idempotency_keys}, so every instance sees them, and expire after
 * {@code tickvault.idempotency.ttl}.
 *
 * <p>Concurrency: the key row is inserted first, in the same transaction as the write it guards, and its
 * response is stored before that transaction commits. A concurrent duplicate's insert waits on the
 * primary key until the first transaction ends: after a commit it finds the stored response and replays
 * it, after a rollback it takes the key itself. So two requests with one key can never both write, and a
 * key is never left claimed by a write that did not happen. Only successful responses are stored: a
 * request that fails (400, 422, 503, ...) rolls its key back and may be retried with the same key.
 */
@ApplicationScoped
public class IdempotencyService {

    private static final Logger LOG = Logger.getLogger(IdempotencyService.class);

    /**
     * Takes the key: a new row, or an expired one taken over. Returns a row only when this transaction
     * now owns the key; it waits while another transaction holds an uncommitted row for it.
     */
    private static final String CLAIM = """
            INSERT INTO api.idempotency_keys AS k (caller_id, idempotency_key, method, path, request_hash, expires_at)
            VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
            ON CONFLICT (caller_id, idempotency_key) DO UPDATE
               SET method = EXCLUDED.method, path = EXCLUDED.path, request_hash = EXCLUDED.request_hash,
                   response_status = NULL, response_body = NULL, response_headers = jsonb_build_object(), created_at = now(),
                   expires_at = EXCLUDED.expires_at
             WHERE k.expires_at <= now()
            RETURNING 1
            """;
    private static final String STORED = "SELECT method, path, request_hash, response_status, response_body,"
            + " CAST(response_headers AS text) FROM api.idempotency_keys WHERE caller_id = $1 AND idempotency_key = $2";
    private static final String RECORD = "UPDATE api.idempotency_keys SET response_status = $3, response_body = $4,"
            + " response_headers = CAST(CAST($5 AS text) AS jsonb) WHERE caller_id = $1 AND idempotency_key = $2";
    private static final String SWEEP = "DELETE FROM api.idempotency_keys WHERE expires_at <= now()";

    private final Pool pool;
    private final ObjectMapper mapper;
    private final double ttlSeconds;

    public IdempotencyService(Pool pool, ObjectMapper mapper, IdempotencyConfig config) {
        this.pool = pool;
        this.mapper = mapper;
        this.ttlSeconds = config.ttl().toMillis() / 1000.0;
    }

    /**
     * Runs {@code write} under {@code key} on {@code conn}, a pool connection in a transaction that the
     * caller commits: the key row first, then the write, then its reply, all in that transaction.
     *
     * @return the write's reply, or the stored reply of an earlier request with the same key; fails with 422
     *     when the key was used for another request
     */
    Uni<Reply> run(IdempotencyKey key, SqlConnection conn, Supplier<Uni<Reply>> write) {
        return run(key, new PoolStore(conn), write);
    }

    /**
     * Runs {@code write} under {@code key} on a Hibernate Reactive session whose transaction the caller
     * commits, so that the key row shares it with the entity writes. The session is flushed before the
     * reply is stored, so a constraint violation fails the whole request.
     */
    Uni<Reply> run(IdempotencyKey key, Mutiny.Session session, Supplier<Uni<Reply>> write) {
        return run(key, new SessionStore(session), () -> write.get().call(session::flush));
    }

    /** The reply of {@code entity} as JSON, to store and send. */
    Reply reply(int status, Object entity, Map<String, String> headers) {
        try {
            return new Reply(status, mapper.writeValueAsString(entity), headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a response", e);
        }
    }

    /** Deletes expired keys; reads already ignore them, this only keeps the table small. */
    @Scheduled(every = "${tickvault.idempotency.sweep-interval}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        // A Uni-returning job runs on an event loop without blocking it.
        return pool.query(SWEEP).execute()
                .invoke(rows -> LOG.debugf("Swept %d expired idempotency keys", rows.rowCount()))
                .onFailure().invoke(e -> ScheduledFailures.log(LOG, "Idempotency key sweep", e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Reply> run(IdempotencyKey key, Store store, Supplier<Uni<Reply>> write) {
        return store.claim(key, ttlSeconds).chain(claimed -> {
            if (claimed) {
                return write.get().call(reply -> store.record(key, reply, json(reply.headers())));
            }
            return store.stored(key).map(stored -> replay(key, stored));
        });
    }

    private Reply replay(IdempotencyKey key, Stored stored) {
        if (stored == null || stored.status() == null) {
            // Unreachable in practice: a visible row was committed with its response.
            throw Problems.conflict("A request with this Idempotency-Key is still being processed; retry shortly");
        }
        if (!stored.method().equals(key.method()) || !stored.path().equals(key.path())) {
            throw Problems.idempotencyKeyReused("This Idempotency-Key was used for " + stored.method() + " "
                    + stored.path() + "; use a new key for another request");
        }
        if (!stored.hash().equals(key.hash())) {
            throw Problems.idempotencyKeyReused("This Idempotency-Key was used with a different request body; "
                    + "use a new key for another request");
        }
        Map<String, String> headers = new LinkedHashMap<>(headers(stored.headers()));
        headers.put(IdempotentWrite.REPLAYED, "true");
        return new Reply(stored.status(), stored.body(), headers);
    }

    private String json(Map<String, String> headers) {
        try {
            return mapper.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> headers(String json) {
        try {
            return json == null ? Map.of() : mapper.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    /** A stored request and response. */
    private record Stored(String method, String path, String hash, Integer status, String body, String headers) {
    }

    /** The three statements, on a pool connection or on a Hibernate session. */
    private interface Store {
        Uni<Boolean> claim(IdempotencyKey key, double ttlSeconds);

        Uni<Stored> stored(IdempotencyKey key);

        Uni<Void> record(IdempotencyKey key, Reply reply, String headersJson);
    }

    private record PoolStore(SqlConnection conn) implements Store {
        @Override
        public Uni<Boolean> claim(IdempotencyKey key, double ttlSeconds) {
            return conn.preparedQuery(CLAIM).execute(Tuple.from(List.of(key.caller(), key.key(), key.method(),
                    key.path(), key.hash(), ttlSeconds))).map(rows -> rows.size() == 1);
        }

        @Override
        public Uni<Stored> stored(IdempotencyKey key) {
            return conn.preparedQuery(STORED).execute(Tuple.of(key.caller(), key.key())).map(rows -> {
                if (rows.size() == 0) {
                    return null;
                }
                Row row = rows.iterator().next();
                return new Stored(row.getString(0), row.getString(1), row.getString(2), row.getInteger(3),
                        row.getString(4), row.getString(5));
            });
        }

        @Override
        public Uni<Void> record(IdempotencyKey key, Reply reply, String headersJson) {
            return conn.preparedQuery(RECORD).execute(Tuple.of(key.caller(), key.key(), reply.status(), reply.body(),
                    headersJson)).replaceWithVoid();
        }
    }

    /**
     * The same statements as native queries on the Hibernate Reactive session, so that they share the
     * transaction of the entity writes (a pool connection would be another transaction).
     */
    private record SessionStore(Mutiny.Session session) implements Store {
        @Override
        public Uni<Boolean> claim(IdempotencyKey key, double ttlSeconds) {
            return session.createNativeQuery(positional(CLAIM), Integer.class)
                    .setParameter(1, key.caller()).setParameter(2, key.key()).setParameter(3, key.method())
                    .setParameter(4, key.path()).setParameter(5, key.hash()).setParameter(6, ttlSeconds)
                    .getResultList().map(rows -> rows.size() == 1);
        }

        @Override
        public Uni<Stored> stored(IdempotencyKey key) {
            return session.<Object[]>createNativeQuery(positional(STORED))
                    .setParameter(1, key.caller()).setParameter(2, key.key())
                    .getResultList().map(rows -> {
                        if (rows.isEmpty()) {
                            return null;
                        }
                        Object[] row = rows.get(0);
                        return new Stored((String) row[0], (String) row[1], (String) row[2],
                                row[3] == null ? null : ((Number) row[3]).intValue(), (String) row[4], (String) row[5]);
                    });
        }

        @Override
        public Uni<Void> record(IdempotencyKey key, Reply reply, String headersJson) {
            return session.createNativeQuery(positional(RECORD))
                    .setParameter(1, key.caller()).setParameter(2, key.key()).setParameter(3, reply.status())
                    .setParameter(4, reply.body()).setParameter(5, headersJson)
                    .executeUpdate().replaceWithVoid();
        }

        /** Hibernate's native SQL takes {@code ?1} where the Vert.x client takes {@code $1}. */
        private static String positional(String sql) {
            return sql.replaceAll("\\$(\\d+)", "?$1");
        }
    }
}
