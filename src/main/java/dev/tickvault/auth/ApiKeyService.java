package dev.tickvault.auth;

import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Page;
import dev.tickvault.ops.db.NotificationListener;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys: creation, listing, revocation and verification. A verified key is kept in memory, so a
 * request costs no database round trip; a revocation takes effect at once on the instance that made it
 * and, through PostgreSQL {@code LISTEN/NOTIFY} on a dedicated connection, on every other instance as
 * soon as the notification arrives (milliseconds). While that connection is down, the cache is bypassed
 * and every verification reads the database, so a revocation is never missed; a cached entry is also
 * re-read after {@code tickvault.auth.key-cache-max-age}.
 */
@ApplicationScoped
public class ApiKeyService {

    private final ApiKeyRepository repository;
    private final AuthConfig config;
    private final NotificationListener notifications;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile boolean listening;

    public ApiKeyService(ApiKeyRepository repository, AuthConfig config, NotificationListener notifications) {
        this.repository = repository;
        this.config = config;
        this.notifications = notifications;
    }

    private record Cached(ApiKey key, long loadedAtNanos) {
    }

    /**
     * Verifies a presented key.
     *
     * @return the key when it is well-formed, known, its secret matches, and it is neither revoked nor
     *     expired; fails with {@link AuthFailure} 401 otherwise
     */
    public Uni<ApiKey> authenticate(String presented) {
        Optional<ApiKeyFormat.Parsed> parsed = ApiKeyFormat.parse(presented);
        if (parsed.isEmpty()) {
            return Uni.createFrom().failure(new AuthFailure(401, null, "The API key is malformed"));
        }
        String id = parsed.get().id();
        String secret = parsed.get().secret();
        return lookup(id).map(key -> {
            if (key == null || !ApiKeyFormat.matches(key.secretSha256(), secret)) {
                throw new AuthFailure(401, id, "The API key is not valid");
            }
            if (key.revokedAt() != null) {
                throw new AuthFailure(401, id, "The API key has been revoked");
            }
            if (key.expiresAt() != null && !key.expiresAt().isAfter(Instant.now())) {
                throw new AuthFailure(401, id, "The API key has expired");
            }
            return key;
        });
    }

    private Uni<ApiKey> lookup(String id) {
        Cached cached = listening ? cache.get(id) : null;
        if (cached != null) {
            long age = System.nanoTime() - cached.loadedAtNanos();
            long maxAge = (cached.key() == null ? config.auth().unknownKeyCacheTtl() : config.auth().keyCacheMaxAge())
                    .toNanos();
            if (age < maxAge) {
                return Uni.createFrom().item(cached.key());
            }
        }
        return repository.find(id).map(found -> {
            ApiKey key = found.orElse(null);
            if (listening) {
                cache.put(id, new Cached(key, System.nanoTime()));
            }
            return key;
        });
    }

    /**
     * Creates a key; the secret is in the returned view only.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 422 for a bad name, scope, expiry or limit
     */
    public Uni<ApiKeyView> create(NewApiKey request) {
        ApiKeyFormat.Parsed generated = ApiKeyFormat.generate();
        return repository.insert(generated.id(), request.name(), ApiKeyFormat.sha256(generated.secret()),
                        request.scopes(), request.expiresAt(), request.rateLimitPerMinute())
                .map(key -> ApiKeyView.of(key, generated.key()));
    }

    /**
     * A page of keys, without secrets or hashes, by creation time then id (oldest first unless
     * {@code descending}), after {@code cursor} ({@link KeysetCursor.Shape#TIME_TEXT}, or {@code null}).
     */
    public Uni<Page<ApiKeyView>> list(boolean descending, int limit, KeysetCursor cursor) {
        return repository.list(cursor == null ? null : cursor.ts(), cursor == null ? null : cursor.key(), descending,
                        Page.fetchSize(limit))
                .map(keys -> Page.of(keys, limit, last -> KeysetCursor.after(last.createdAt(), last.id(), descending))
                        .map(key -> ApiKeyView.of(key, null)));
    }

    /** Revokes a key at once on this instance and announces it to the others; empty when unknown. */
    public Uni<Optional<ApiKeyView>> revoke(String id) {
        cache.remove(id);
        return repository.revoke(id).map(key -> {
            cache.remove(id);
            return key.map(k -> ApiKeyView.of(k, null));
        });
    }

    /** Stores the configured bootstrap admin key's hash (idempotent across restarts). */
    public Uni<Void> bootstrap(ApiKeyFormat.Parsed key) {
        return repository.upsertBootstrap(key.id(), ApiKeyFormat.sha256(key.secret()))
                .invoke(() -> cache.remove(key.id()));
    }

    /**
     * Listens for key changes on the instance's notification connection ({@link NotificationListener}): while it
     * is down, the cache is bypassed; once (re)subscribed, the cache starts afresh, since notifications may have
     * been missed meanwhile.
     */
    public void listen() {
        notifications.listen(ApiKeyRepository.CHANNEL, new NotificationListener.Listener() {
            @Override
            public void subscribed() {
                cache.clear();
                listening = true;
            }

            @Override
            public void lost() {
                listening = false;
                cache.clear();
            }

            @Override
            public void notified(String id) {
                cache.remove(id);
            }
        });
    }

    /** Whether revocations from other instances are being received (the cache is in use). */
    public boolean listening() {
        return listening;
    }
}
