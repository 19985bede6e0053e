package dev.tickvault.auth;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** SQL for {@code auth.api_keys}. Revocations and new keys are announced on {@value #CHANNEL}. */
@ApplicationScoped
public class ApiKeyRepository {

    /** The LISTEN/NOTIFY channel whose payload is the id of a key that changed. */
    public static final String CHANNEL = "tickvault_api_keys";

    private static final String COLUMNS =
            "id, name, secret_sha256, scopes, created_at, expires_at, revoked_at, rate_limit_per_minute";
    private static final String FIND = "SELECT " + COLUMNS + " FROM auth.api_keys WHERE id = $1";
    /** A keyset page by (created_at, id), after the pair $1, $2 when given; $3 rows. */
    private static final String LIST_ASC = "SELECT " + COLUMNS + " FROM auth.api_keys"
            + " WHERE ($1::timestamptz IS NULL OR (created_at, id) > ($1, $2::text))"
            + " ORDER BY created_at, id LIMIT $3";
    private static final String LIST_DESC = "SELECT " + COLUMNS + " FROM auth.api_keys"
            + " WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1, $2::text))"
            + " ORDER BY created_at DESC, id DESC LIMIT $3";
    private static final String INSERT = """
            WITH created AS (
                INSERT INTO auth.api_keys (id, name, secret_sha256, scopes, expires_at, rate_limit_per_minute)
                VALUES ($1, $2, $3, $4, $5, $6)
                RETURNING %s)
            SELECT created.*, pg_notify('%s', created.id) FROM created
            """.formatted(COLUMNS, CHANNEL);
    private static final String REVOKE = """
            WITH revoked AS (
                UPDATE auth.api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1
                RETURNING %s)
            SELECT revoked.*, pg_notify('%s', revoked.id) FROM revoked
            """.formatted(COLUMNS, CHANNEL);
    /**
     * The bootstrap key: created once, its hash refreshed when the configured key changes; a revoked
     * bootstrap key stays revoked across restarts.
     */
    private static final String UPSERT_BOOTSTRAP = """
            INSERT INTO auth.api_keys (id, name, secret_sha256, scopes, bootstrap)
            VALUES ($1, 'bootstrap admin', $2, ARRAY['read', 'write', 'admin'], true)
            ON CONFLICT (id) DO UPDATE SET secret_sha256 = EXCLUDED.secret_sha256
             WHERE auth.api_keys.bootstrap AND auth.api_keys.secret_sha256 <> EXCLUDED.secret_sha256
            """;

    private final Pool pool;

    public ApiKeyRepository(Pool pool) {
        this.pool = pool;
    }

    /** The key with this id, if any (revoked and expired keys included). */
    public Uni<Optional<ApiKey>> find(String id) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toKey(rows.iterator().next())));
    }

    /**
     * Up to {@code limit} keys (revoked and expired included) ordered by (created_at, id), oldest first unless
     * {@code descending}, strictly after the pair ({@code afterCreatedAt}, {@code afterId}) in that order.
     *
     * @param afterCreatedAt the last key's creation time, or {@code null} for the first page
     */
    public Uni<List<ApiKey>> list(Instant afterCreatedAt, String afterId, boolean descending, int limit) {
        OffsetDateTime after = afterCreatedAt == null ? null : afterCreatedAt.atOffset(ZoneOffset.UTC);
        Tuple args = Tuple.tuple().addOffsetDateTime(after).addString(afterId).addInteger(limit);
        return pool.preparedQuery(descending ? LIST_DESC : LIST_ASC).execute(args).map(ApiKeyRepository::toKeys);
    }

    /** Stores a new key; fails with SQLSTATE 23505 if the id is taken. */
    public Uni<ApiKey> insert(String id, String name, byte[] sha256, Set<Scope> scopes, Instant expiresAt,
            Integer rateLimitPerMinute) {
        String[] scopeCodes = scopes.stream().map(Scope::code).sorted().toArray(String[]::new);
        Tuple args = Tuple.tuple().addValue(id).addValue(name).addValue(io.vertx.core.buffer.Buffer.buffer(sha256))
                .addValue(scopeCodes).addValue(expiresAt == null ? null : expiresAt.atOffset(ZoneOffset.UTC))
                .addValue(rateLimitPerMinute);
        return pool.preparedQuery(INSERT).execute(args).map(rows -> toKey(rows.iterator().next()));
    }

    /** Revokes a key (idempotent) and announces it; empty when there is no such key. */
    public Uni<Optional<ApiKey>> revoke(String id) {
        return pool.preparedQuery(REVOKE).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toKey(rows.iterator().next())));
    }

    /** Creates or refreshes the bootstrap admin key. */
    public Uni<Void> upsertBootstrap(String id, byte[] sha256) {
        return pool.preparedQuery(UPSERT_BOOTSTRAP)
                .execute(Tuple.of(id, io.vertx.core.buffer.Buffer.buffer(sha256)))
                .replaceWithVoid();
    }

    private static List<ApiKey> toKeys(RowSet<Row> rows) {
        List<ApiKey> keys = new ArrayList<>(rows.size());
        for (Row row : rows) {
            keys.add(toKey(row));
        }
        return keys;
    }

    private static ApiKey toKey(Row row) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String code : row.getArrayOfStrings("scopes")) {
            Scope.of(code).ifPresent(scopes::add);
        }
        return new ApiKey(row.getString("id"), row.getString("name"), scopes, instant(row, "created_at"),
                instant(row, "expires_at"), instant(row, "revoked_at"), row.getInteger("rate_limit_per_minute"),
                row.getBuffer("secret_sha256").getBytes());
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
