package dev.tickvault.reference.events;

import dev.tickvault.common.ETags;
import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Lsn;
import dev.tickvault.common.Page;
import dev.tickvault.common.Problems;
import dev.tickvault.common.Uuids;
import dev.tickvault.idempotency.IdempotentWrite;
import dev.tickvault.idempotency.Reply;
import dev.tickvault.ops.db.ReadRouting;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The event-calendar rules of DESIGN 10: events are posted once (one, or a batch stored whole) and identified
 * by type, time, name, symbol and country, so a calendar loaded again is a 409, not a second copy; the figures
 * are changed by {@code PATCH} once released, under {@code If-Match} when the client sends one.
 */
@ApplicationScoped
public class EventService {

    private final EventRepository repository;
    private final IdempotentWrite write;
    private final Pool pool;
    private final ReadRouting routing;

    public EventService(EventRepository repository, IdempotentWrite write, Pool pool, ReadRouting routing) {
        this.repository = repository;
        this.write = write;
        this.pool = pool;
        this.routing = routing;
    }

    /**
     * Stores validated events in one statement, all or none, under the request's key when it has one.
     *
     * @return the reply with the events as stored, in input order; fails with 409 when one is already stored
     */
    public Uni<Reply> record(List<NewEvent> events, IdempotentWrite.Request<List<EventView>> request) {
        List<UUID> ids = ids(events);
        return write.run(request, () -> repository.insert(pool, events, ids), tx -> repository.insert(tx, events, ids));
    }

    /** Stores validated events without a key (the quick start's way in). */
    public Uni<List<EventView>> record(List<NewEvent> events) {
        return repository.insert(pool, events, ids(events));
    }

    private static List<UUID> ids(List<NewEvent> events) {
        List<UUID> ids = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            ids.add(Uuids.v7());
        }
        return ids;
    }

    /**
     * A page of events at [from, to), oldest first unless {@code descending}, read where {@link ReadRouting} sends
     * a read that must include {@code minLsn}. One event ({@link #byId}) stays on the primary: its ETag is what a
     * PATCH's If-Match is compared with.
     */
    public Uni<Page<EventView>> list(Instant from, Instant to, String eventType, String country, String symbol,
            int minImpact, boolean descending, int limit, KeysetCursor cursor, Lsn minLsn) {
        return repository.page(routing.reads(minLsn), from, to, eventType, country, symbol, minImpact, cursor == null ? null : cursor.ts(),
                        cursor == null ? null : cursor.uuid(), descending, Page.fetchSize(limit))
                .map(rows -> Page.of(rows, limit, last -> KeysetCursor.after(last.eventAt(), last.id(), descending)));
    }

    /** One event. */
    public Uni<Optional<EventView>> byId(UUID id) {
        return repository.byId(id);
    }

    /** Whether an event of the type is stored. */
    public Uni<Boolean> anyOfType(String eventType) {
        return repository.anyOfType(eventType);
    }

    /**
     * Records the figures of an event, the row locked from the read to the commit.
     *
     * @param ifMatch the precondition, or {@code null} when the client sent none (the change then applies to
     *     whatever version is current)
     * @return the changed event (version one higher), empty when there is no such event (404); fails with 412
     *     when {@code If-Match} names another version
     */
    public Uni<Optional<EventView>> change(UUID id, ETags.IfMatch ifMatch, EventChange change) {
        return pool.withTransaction(tx -> repository.lock(tx, id).chain(current -> {
            if (current.isEmpty()) {
                return Uni.createFrom().item(Optional.<EventView>empty());
            }
            if (ifMatch != null && !ifMatch.matches(current.get().version())) {
                throw Problems.preconditionFailed("Event " + id + " is at version " + current.get().version()
                        + "; If-Match names another version. Read it again for its current ETag");
            }
            return repository.change(tx, id, change).map(Optional::of);
        }));
    }
}
