package dev.tickvault.idempotency;

import dev.tickvault.common.Caller;
import dev.tickvault.common.Problems;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way every creating {@code POST} writes (DESIGN 2): the resource reads the request's
 * {@code Idempotency-Key} into a {@link Request} and says how a result is answered; the service hands its
 * write to {@link #run} or {@link #runInSession}, which run it alone or, under a key, in one transaction
 * with the key row and the stored reply ({@link IdempotencyService}). A retry with the same key and body gets
 * the stored reply with {@code Idempotent-Replayed: true} and writes nothing.
 */
@ApplicationScoped
public class IdempotentWrite {

    /** The request header. */
    public static final String HEADER = "Idempotency-Key";
    /** Response header marking a replayed response. */
    public static final String REPLAYED = "Idempotent-Replayed";
    /** Longest key accepted. */
    public static final int MAX_KEY_LENGTH = 255;

    private final IdempotencyService keys;
    private final Pool pool;

    public IdempotentWrite(IdempotencyService keys, Pool pool) {
        this.keys = keys;
        this.pool = pool;
    }

    /**
     * A creating request: its idempotency key ({@code null} without one) and how a result of the write is
     * answered.
     *
     * @param <T> what the write returns
     */
    public record Request<T>(IdempotencyKey key, Function<T, Reply> reply) {
    }

    /**
     * Reads a request's {@code Idempotency-Key}: who sent it (the API key id), the key, the method, the path
     * as the router matched it with the query, and the body's SHA-256.
     *
     * @param reply how a result is answered: see {@link #reply}
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when the key is empty, longer than 255
     *     characters or not printable ASCII
     */
    public <T> Request<T> request(RoutingContext context, byte[] body, Function<T, Reply> reply) {
        String raw = context.request().getHeader(HEADER);
        if (raw == null) {
            return new Request<>(null, reply);
        }
        String key = raw.trim();
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw Problems.badRequest(HEADER + " must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters");
        }
        String query = context.request().query();
        // The path as the router matched it, so that equivalent spellings of one request line share a key.
        String path = context.normalizedPath() + (query == null || query.isEmpty() ? "" : "?" + query);
        return new Request<>(new IdempotencyKey(Caller.id(context), key, context.request().method().name(), path,
                sha256(body == null ? new byte[0] : body)), reply);
    }

    /** The reply of a JSON {@code entity} with a status and headers. */
    public Reply reply(int status, Object entity, Map<String, String> headers) {
        return keys.reply(status, entity, headers);
    }

    /**
     * Runs a write through the reactive pool.
     *
     * @param alone the write without a key: on the pool, in a transaction of its own if it needs one
     * @param inTransaction the write under a key: inside the given transaction, which also holds the key row
     *     and commits or rolls back with it
     * @return the reply, or the stored reply of an earlier request with the same key; fails with 422 when the
     *     key was used for another request, or with the write's failure (nothing stored, the key released)
     */
    public <T> Uni<Reply> run(Request<T> request, Supplier<Uni<T>> alone,
            Function<SqlConnection, Uni<T>> inTransaction) {
        if (request.key() == null) {
            return alone.get().map(request.reply());
        }
        return pool.withTransaction(conn -> keys.run(request.key(), conn,
                () -> inTransaction.apply(conn).map(request.reply())));
    }

    /**
     * Runs a Hibernate Reactive (Panache) write in one transaction of the request's session, with the key
     * row when there is a key: the write's own repositories join that transaction, and the session is
     * flushed before the reply is stored.
     */
    public <T> Uni<Reply> runInSession(Request<T> request, Supplier<Uni<T>> write) {
        if (request.key() == null) {
            return Panache.withTransaction(() -> write.get().map(request.reply()));
        }
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> keys.run(request.key(), session,
                () -> write.get().map(request.reply()))));
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
