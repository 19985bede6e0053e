package dev.tickvault.reference.economic;

import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Lsn;
import dev.tickvault.common.Page;
import dev.tickvault.common.Problems;
import dev.tickvault.idempotency.IdempotentWrite;
import dev.tickvault.idempotency.Reply;
import dev.tickvault.ops.db.ReadRouting;
import dev.tickvault.ops.db.Reads;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The economic-series rules of DESIGN 10, point in time as ALFRED keeps FRED's: an observation is stored
 * per (series, date, vintage) and never overwritten; a later vintage of a date is a revision. Reading
 * {@code asOf} a day gives each date's value from the newest vintage published on or before it, so a
 * backtest sees what was known then, not the later revisions.
 */
@ApplicationScoped
public class EconomicService {

    private final EconomicRepository repository;
    private final IdempotentWrite write;
    private final Pool pool;
    private final ReadRouting routing;

    public EconomicService(EconomicRepository repository, IdempotentWrite write, Pool pool, ReadRouting routing) {
        this.repository = repository;
        this.write = write;
        this.pool = pool;
        this.routing = routing;
    }

    /** A series after {@code PUT}, and whether the request created it. */
    public record Put(EconomicSeriesView series, boolean created) {
    }

    /** Creates a series or replaces its metadata; its observations stay. */
    public Uni<Put> put(String seriesId, NewSeries in) {
        return repository.upsert(seriesId, in).chain(created -> repository.series(seriesId)
                .map(series -> new Put(series.orElseThrow(), created)));
    }

    /**
     * A page of series by creation time, then id, read where {@link ReadRouting} sends a read that must include
     * {@code minLsn} (README "Scaling out").
     */
    public Uni<Page<EconomicSeriesView>> list(boolean descending, int limit, KeysetCursor cursor, Lsn minLsn) {
        return repository.seriesPage(routing.reads(minLsn), cursor == null ? null : cursor.ts(),
                        cursor == null ? null : cursor.key(), descending, Page.fetchSize(limit))
                .map(rows -> Page.of(rows, limit, last -> KeysetCursor.after(last.createdAt(), last.seriesId(),
                        descending)));
    }

    /** Whether any series exists. */
    public Uni<Boolean> anySeries() {
        return repository.anySeries();
    }

    /**
     * Stores a batch of one vintage in one transaction with the series row locked, under the request's
     * idempotency key when it has one.
     *
     * @return the reply; fails with 404 when the series does not exist, 409 when a date of the batch is already
     *     stored in this vintage with another value (nothing written)
     */
    public Uni<Reply> write(String seriesId, LocalDate vintage, List<NewObservation> rows,
            IdempotentWrite.Request<ObservationsWritten> request) {
        return write.run(request, () -> write(seriesId, vintage, rows), tx -> write(tx, seriesId, vintage, rows));
    }

    /** As {@link #write(String, LocalDate, List, IdempotentWrite.Request)}, without a key (the quick start's way in). */
    public Uni<ObservationsWritten> write(String seriesId, LocalDate vintage, List<NewObservation> rows) {
        return pool.withTransaction(tx -> write(tx, seriesId, vintage, rows));
    }

    private Uni<ObservationsWritten> write(SqlConnection tx, String seriesId, LocalDate vintage,
            List<NewObservation> rows) {
        return repository.lock(tx, seriesId).chain(exists -> {
            if (!exists) {
                throw Problems.notFound("No economic series " + seriesId + ": create it first with PUT /api/v1/economic/"
                        + seriesId);
            }
            return repository.insert(tx, seriesId, vintage, rows);
        }).map(done -> {
            if (done.conflicts() > 0) {
                throw Problems.conflict(done.conflicts() + " observation(s) are already stored in vintage " + vintage
                        + " with another value (the first dated " + done.firstConflict() + "); nothing was written. A "
                        + "vintage holds what was published that day: post a revision under a later vintage");
            }
            return new ObservationsWritten(seriesId, vintage, rows.size(), done.inserted(), done.revised(),
                    done.unchanged());
        });
    }

    /**
     * A page of a series' dates in [from, to) with each value as known at {@code asOf} (all vintages when
     * {@code null}). The series and its values are read on one server, the one {@link ReadRouting} picks for
     * {@code minLsn}.
     *
     * @return empty when the series does not exist (404)
     */
    public Uni<Optional<Page<ObservationView>>> observations(String seriesId, LocalDate from, LocalDate to,
            LocalDate asOf, boolean descending, int limit, KeysetCursor cursor, Lsn minLsn) {
        LocalDate lower = from;
        LocalDate upper = to;
        if (cursor != null) {
            LocalDate after = date(cursor);
            if (descending) {
                upper = upper == null || after.isBefore(upper) ? after : upper;
            } else {
                lower = lower == null || after.plusDays(1).isAfter(lower) ? after.plusDays(1) : lower;
            }
        }
        LocalDate start = lower;
        LocalDate end = upper;
        Reads on = routing.reads(minLsn);
        return repository.series(on, seriesId).chain(series -> series.isEmpty()
                ? Uni.createFrom().item(Optional.<Page<ObservationView>>empty())
                : repository.asOf(on, seriesId, start, end, asOf, descending, Page.fetchSize(limit))
                        .map(rows -> Optional.of(Page.of(rows, limit, last -> KeysetCursor.after(
                                last.date().atStartOfDay(ZoneOffset.UTC).toInstant(), descending)))));
    }

    /**
     * A page of a series' vintages, oldest first unless {@code descending}; the series and its vintages are read
     * on the server {@link ReadRouting} picks for {@code minLsn}.
     *
     * @return empty when the series does not exist (404)
     */
    public Uni<Optional<Page<VintageView>>> vintages(String seriesId, boolean descending, int limit,
            KeysetCursor cursor, Lsn minLsn) {
        LocalDate after = cursor == null ? null : date(cursor);
        Reads on = routing.reads(minLsn);
        return repository.series(on, seriesId).chain(series -> series.isEmpty()
                ? Uni.createFrom().item(Optional.<Page<VintageView>>empty())
                : repository.vintages(on, seriesId, after, descending, Page.fetchSize(limit))
                        .map(rows -> Optional.of(Page.of(rows, limit, last -> KeysetCursor.after(
                                last.vintage().atStartOfDay(ZoneOffset.UTC).toInstant(), descending)))));
    }

    private static LocalDate date(KeysetCursor cursor) {
        return LocalDate.ofInstant(cursor.ts(), ZoneOffset.UTC);
    }
}
