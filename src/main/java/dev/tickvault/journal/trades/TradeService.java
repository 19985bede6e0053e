package dev.tickvault.journal.trades;

import dev.tickvault.common.ETags;
import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Lsn;
import dev.tickvault.common.Page;
import dev.tickvault.journal.WithBar;
import dev.tickvault.marketdata.BarService;
import dev.tickvault.marketdata.Timeframe;
import dev.tickvault.common.Problems;
import dev.tickvault.common.Uuids;
import dev.tickvault.idempotency.IdempotentWrite;
import dev.tickvault.idempotency.Reply;
import dev.tickvault.journal.JournalConfig;
import dev.tickvault.journal.decisions.DecisionService;
import dev.tickvault.ops.db.ReadRouting;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * The trade rules of DESIGN 4: a trade opens OPEN at version 0 and is closed or cancelled once, under
 * {@code If-Match}. The checks run in this order: body (400, 422), trade exists (404), {@code If-Match}
 * present (428), version current (412), trade still open (409), exit not before entry (422).
 */
@ApplicationScoped
public class TradeService {

    private final TradeRepository repository;
    private final PerformanceRepository performance;
    private final DecisionService decisions;
    private final IdempotentWrite write;
    private final ReadRouting routing;
    private final int maxPoints;
    private final BarService bars;

    public TradeService(TradeRepository repository, PerformanceRepository performance, DecisionService decisions,
            IdempotentWrite write, JournalConfig config, ReadRouting routing, BarService bars) {
        this.bars = bars;
        this.repository = repository;
        this.performance = performance;
        this.decisions = decisions;
        this.write = write;
        this.routing = routing;
        this.maxPoints = config.performance().maxPoints();
    }

    /**
     * Opens a trade in one transaction (with the request's idempotency key when it has one).
     *
     * @return the reply; fails with 422 when {@code decisionId} names no decision
     */
    public Uni<Reply> open(NewTrade in, IdempotentWrite.Request<TradeView> request) {
        return write.runInSession(request, () -> open(in));
    }

    private Uni<TradeView> open(NewTrade in) {
        Uni<Void> decisionExists = in.decisionId() == null ? Uni.createFrom().voidItem()
                : decisions.exists(in.decisionId()).invoke(exists -> {
                    if (!exists) {
                        throw Problems.invalid("/decisionId", "decisionId", "refers to no decision");
                    }
                }).replaceWithVoid();
        return decisionExists.chain(() -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Trade t = new Trade();
            t.id = Uuids.v7();
            t.symbol = in.symbol();
            t.side = in.side();
            t.quantity = in.quantity();
            t.entryPrice = in.entryPrice();
            t.entryTime = in.entryTime() != null ? in.entryTime() : now;
            t.executionMode = in.executionMode();
            t.broker = in.broker();
            t.brokerOrderId = in.brokerOrderId();
            t.decisionId = in.decisionId();
            t.status = Trade.Status.OPEN;
            t.createdAt = now;
            t.updatedAt = now;
            return repository.persist(t).map(TradeView::of);
        });
    }

    /**
     * Closes or cancels a trade at the version named by {@code If-Match}; the trade row stays locked from
     * the read to the commit.
     *
     * @return the changed trade (its version one higher), empty when there is no such trade (404); fails
     *     with 428, 412, 409 or 422 as described on the class
     */
    @WithTransaction
    public Uni<Optional<TradeView>> change(UUID id, ETags.IfMatch ifMatch, TradeChange change) {
        return repository.lockById(id).chain(trade -> {
            if (trade == null) {
                return Uni.createFrom().item(Optional.<TradeView>empty());
            }
            if (ifMatch == null) {
                throw Problems.preconditionRequired("Send If-Match with the trade's ETag (" + ETags.of(trade.version)
                        + " now) so that the change cannot overwrite another one");
            }
            if (!ifMatch.matches(trade.version)) {
                throw Problems.preconditionFailed("Trade " + id + " is at version " + trade.version
                        + "; If-Match names another version. Read it again for its current ETag");
            }
            if (trade.status != Trade.Status.OPEN) {
                throw Problems.conflict("Trade " + id + " is already " + trade.status + "; only an open trade can be "
                        + "closed or cancelled");
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            if (change.status() == Trade.Status.CLOSED) {
                Instant exitTime = change.exitTime() != null ? change.exitTime() : now;
                if (exitTime.isBefore(trade.entryTime)) {
                    throw Problems.invalid("/exitTime", "exitTime", "must not be before entryTime " + trade.entryTime);
                }
                trade.exitPrice = change.exitPrice();
                trade.exitTime = exitTime;
            }
            trade.status = change.status();
            trade.updatedAt = now;
            // The flush runs UPDATE ... WHERE id = ? AND version = ?, and raises the version.
            return repository.flush().map(ignored -> Optional.of(TradeView.of(trade)));
        });
    }

    /** A trade by id. */
    public Uni<Optional<TradeView>> byId(UUID id) {
        return repository.byId(id).map(t -> Optional.ofNullable(t).map(TradeView::of));
    }

    /**
     * A page of trades entered in [from, to), oldest first unless {@code descending}: a list read, which tolerates
     * replication delay, so from a read replica that has replayed {@code minLsn} when one is usable
     * ({@link ReadRouting}). A single trade ({@link #byId}), whose {@code ETag} a change relies on, is read from the
     * primary.
     */
    public Uni<Page<TradeView>> list(Trade.Status status, Trade.ExecutionMode mode, String symbol, Instant from,
            Instant to, boolean descending, int limit, KeysetCursor cursor, Lsn minLsn) {
        return repository.page(routing.reads(minLsn), status, mode, symbol, from, to, cursor, descending,
                        Page.fetchSize(limit))
                .map(rows -> Page.of(rows, limit, last -> KeysetCursor.after(last.entryTime, last.id, descending))
                        .map(TradeView::of));
    }

    /**
     * {@link #list} with, for {@code withBar}, each trade's bar of that timeframe complete at its
     * {@code entryTime} ({@link WithBar}); without it, the page as {@link #list} answers it.
     */
    public Uni<Page<?>> list(Trade.Status status, Trade.ExecutionMode mode, String symbol, Instant from,
            Instant to, boolean descending, int limit, KeysetCursor cursor, Lsn minLsn, Timeframe withBar) {
        return list(status, mode, symbol, from, to, descending, limit, cursor, minLsn)
                .chain(page -> WithBar.attach(page, withBar, bars, TradeView::symbol, TradeView::entryTime));
    }

    /**
     * The performance record of the closed trades matching the filters (each optional; {@code strategy} is that
     * of the trade's decision), exits in [from, to), the equity curve per {@code interval}; computed where
     * {@link ReadRouting} sends a read that must include {@code minLsn}.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when the curve would hold more than
     *     {@code tickvault.performance.max-points} points
     */
    public Uni<TradePerformance> performance(Trade.ExecutionMode mode, String strategy, String symbol, Instant from,
            Instant to, PerformanceInterval interval, Lsn minLsn) {
        return performance.performance(routing.reads(minLsn), mode, strategy, symbol, from, to, interval, maxPoints).invoke(record -> {
            if (record.equity().size() > maxPoints) {
                throw Problems.badRequest("The equity curve would hold more than " + maxPoints + " points ("
                        + "tickvault.performance.max-points): ask for a wider 'interval' or a narrower 'from'/'to'");
            }
        });
    }
}
