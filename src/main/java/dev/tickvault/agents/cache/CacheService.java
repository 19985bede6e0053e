package dev.tickvault.agents.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.JsonBody;
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
    private final ObjectMapper mapper;

    public CacheService(CacheRepository repository, ObjectMapper mapper) {
        this.repository = repository;
        this.mapper = mapper;
    }

    /**
     * Stores a value read from a request body.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when the body is empty or not JSON, 422 when it
     *     cannot be stored and read back ({@link dev.tickvault.common.ValueRules#document})
     */
    public Uni<CacheRepository.Written> put(String namespace, String key, byte[] body, long ttlSeconds) {
        // Stored in its compact form; jsonb normalises it anyway.
        String json = JsonBody.document(mapper, body, false).toString();
        return repository.put(namespace, key, json, ttlSeconds);
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
