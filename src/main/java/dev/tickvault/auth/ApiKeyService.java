package dev.tickvault.auth;

import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Page;

import dev.tickvault.ops.db.DatabaseUrl;
import dev.tickvault.ops.db.PoolCustomizer;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    private static final Logger LOG = Logger.getLogger(ApiKeyService.class);

    private final ApiKeyRepository repository;
    private final AuthConfig config;
    private final Vertx vertx;
    private final PoolCustomizer poolCustomizer;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile boolean listening;
    private volatile PgSubscriber subscriber;

    public ApiKeyService(ApiKeyRepository repository, AuthConfig config, Vertx vertx,
            PoolCustomizer poolCustomizer) {
        this.repository = repository;
        this.config = config;
        this.vertx = vertx;
        this.poolCustomizer = poolCustomizer;
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

    /** Starts listening for key changes on a dedicated connection, reconnecting every second when lost. */
    public void listen() {
        Optional<PgConnectOptions> options = poolCustomizer.connectOptions();
        if (options.isEmpty()) {
            LOG.warn("No connection options for key-change notifications; every verification reads the database");
            return;
        }
        Optional<String> direct = config.notifications().databaseUrl().filter(url -> !url.isBlank());
        if (direct.isPresent()) {
            options = Optional.of(directOptions(options.get(), direct.get()));
        } else if (poolCustomizer.layer7Proxy()) {
            // A transaction-mode pooler hands LISTEN's server connection to other clients afterwards:
            // notifications would be lost without any error. Without a direct address, do not cache.
            LOG.info("The pool goes through a layer-7 proxy (PgBouncer) and TICKVAULT_NOTIFICATIONS_DATABASE_URL is "
                    + "not set: key-change notifications are off and every key verification reads the database");
            return;
        }
        PgSubscriber sub = PgSubscriber.subscriber(vertx, options.get());
        sub.reconnectPolicy(retries -> 1_000L);
        sub.channel(ApiKeyRepository.CHANNEL)
                .subscribeHandler(v -> {
                    // (Re)subscribed: notifications may have been missed while away, so start afresh.
                    cache.clear();
                    listening = true;
                    if (sub.actualConnection() != null) {
                        sub.actualConnection().closeHandler(closed -> {
                            listening = false;
                            cache.clear();
                        });
                    }
                })
                .handler(id -> cache.remove(id));
        subscriber = sub;
        connect(sub);
    }

    /**
     * The pool's options (TLS and timeouts) pointed at the address, database and credentials of a
     * {@code postgresql://} URL: PostgreSQL itself, bypassing a pooler.
     */
    static PgConnectOptions directOptions(PgConnectOptions pool, String url) {
        DatabaseUrl direct = DatabaseUrl.parse("TICKVAULT_NOTIFICATIONS_DATABASE_URL", url);
        PgConnectOptions options = new PgConnectOptions(pool).setHost(direct.host()).setPort(direct.port());
        if (direct.database() != null) {
            options.setDatabase(direct.database());
        }
        if (direct.user() != null) {
            options.setUser(direct.user());
        }
        if (direct.password() != null) {
            options.setPassword(direct.password());
        }
        return options.setUseLayer7Proxy(false);
    }

    private void connect(PgSubscriber sub) {
        sub.connect(result -> {
            if (result.failed() && subscriber == sub) {
                LOG.warnf("Key-change notifications unavailable (%s); retrying in 1 s", result.cause().getMessage());
                vertx.setTimer(1_000, t -> connect(sub));
            }
        });
    }

    /** Whether revocations from other instances are being received (the cache is in use). */
    public boolean listening() {
        return listening;
    }

    void onStop(@Observes ShutdownEvent event) {
        PgSubscriber sub = subscriber;
        subscriber = null;
        if (sub != null) {
            listening = false;
            sub.close();
        }
    }
}
