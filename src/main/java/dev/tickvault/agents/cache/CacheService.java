package dev.tickvault.agents.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.common.ScheduledFailures;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * The backtest decision cache (DESIGN 5): any JSON value under a namespace and a key, for a time to live.
 * An entry past its expiry is never read back; a scheduled sweep ({@code tickvault.cache.sweep-interval})
 * deletes such entries from the UNLOGGED table.
 */
@ApplicationScoped
public class CacheService {

    private static final Logger LOG = Logger.getLogger(CacheService.class);

    private final CacheRepository repository;

    public CacheService(CacheRepository repository) {
        this.repository = repository;
    }

    /** Stores a JSON value (checked by {@link dev.tickvault.common.ValueRules#document}) for {@code ttlSeconds}. */
    public Uni<CacheRepository.Written> put(String namespace, String key, JsonNode value, long ttlSeconds) {
        // Stored in its compact form; jsonb normalises it anyway.
        return repository.put(namespace, key, value.toString(), ttlSeconds);
    }

    /** The live value under a key. */
    public Uni<Optional<CacheRepository.Value>> get(String namespace, String key) {
        return repository.get(namespace, key);
    }

    /** Deletes an entry; false when there was no live one. */
    public Uni<Boolean> delete(String namespace, String key) {
        return repository.delete(namespace, key);
    }

    /** Deletes expired entries. A Uni-returning job runs on an event loop and does not block it. */
    @Scheduled(every = "${tickvault.cache.sweep-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return repository.sweep()
                .invoke(n -> {
                    if (n > 0) {
                        LOG.debugf("Swept %d expired cache entries", n);
                    }
                })
                .onFailure().invoke(e -> ScheduledFailures.log(LOG, "Cache sweep", e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
