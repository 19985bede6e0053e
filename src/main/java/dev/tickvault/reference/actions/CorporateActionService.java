package dev.tickvault.reference.actions;

import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Lsn;
import dev.tickvault.common.Page;
import dev.tickvault.idempotency.IdempotentWrite;
import dev.tickvault.idempotency.Reply;
import dev.tickvault.ops.db.ReadRouting;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The corporate-action rules of DESIGN 9: one action of each type per symbol and ex-date, posted again
 * {@code unchanged} or {@code updated} (a corrected ratio or amount); every bar read adjusts by them at once,
 * since the factors are computed when the bars are read.
 */
@ApplicationScoped
public class CorporateActionService {

    private final CorporateActionRepository repository;
    private final IdempotentWrite write;
    private final ReadRouting routing;

    public CorporateActionService(CorporateActionRepository repository, IdempotentWrite write, ReadRouting routing) {
        this.repository = repository;
        this.write = write;
        this.routing = routing;
    }

    /** Stores validated actions in one statement, under the request's key when it has one. */
    public Uni<Reply> store(List<NewCorporateAction> actions, IdempotentWrite.Request<ActionsWritten> request) {
        return write.run(request, () -> store(actions),
                tx -> repository.upsert(tx, actions).map(counts -> counted(actions, counts)));
    }

    /** Stores validated actions in one statement (the quick start's way in). */
    public Uni<ActionsWritten> store(List<NewCorporateAction> actions) {
        return repository.upsert(actions).map(counts -> counted(actions, counts));
    }

    private static ActionsWritten counted(List<NewCorporateAction> actions, CorporateActionRepository.Counts counts) {
        return new ActionsWritten(actions.size(), counts.inserted(), counts.updated(),
                actions.size() - counts.inserted() - counts.updated());
    }

    /** Whether any action is stored. */
    public Uni<Boolean> any() {
        return repository.any();
    }

    /**
     * A page of actions with ex-dates in [from, to), oldest first unless {@code descending}, read where
     * {@link ReadRouting} sends a read that must include {@code minLsn}.
     */
    public Uni<Page<CorporateActionView>> list(String symbol, ActionType type, LocalDate from, LocalDate to,
            boolean descending, int limit, KeysetCursor cursor, Lsn minLsn) {
        return repository.page(routing.reads(minLsn), symbol, type, from, to,
                        cursor == null ? null : LocalDate.ofInstant(cursor.ts(), ZoneOffset.UTC),
                        cursor == null ? null : cursor.uuid(), descending, Page.fetchSize(limit))
                .map(rows -> Page.of(rows, limit, last -> KeysetCursor.after(
                        last.exDate().atStartOfDay(ZoneOffset.UTC).toInstant(), last.id(), descending)));
    }
}
