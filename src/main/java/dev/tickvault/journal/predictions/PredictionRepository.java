package dev.tickvault.journal.predictions;

import dev.tickvault.common.Decimals;
import dev.tickvault.ops.db.Reads;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Predictions through Hibernate Reactive Panache, and the accuracy aggregate through the reactive pool of the
 * server a {@link Reads} names (a read replica or the primary): it is one set-based statement over a join, not
 * an entity, and is computed entirely in PostgreSQL.
 */
@ApplicationScoped
public class PredictionRepository implements PanacheRepositoryBase<Prediction, UUID> {

    /**
     * Count, hits, MAE and RMSE over the predictions matching the filters (each optional), in [from, to) on
     * {@code predicted_at}. A direction is UP, DOWN or FLAT by the sign of the value minus the reference
     * value (0 when absent); a prediction's own {@code direction}, when given, wins over its derived one.
     * Rounded to 8 decimals, the scale of the stored values.
     */
    private static final String ACCURACY = """
            SELECT n, pending, hits, round(hits::numeric / nullif(n, 0), 8) AS hit_rate, mae, rmse FROM (
            SELECT count(o.prediction_id) AS n,
                   count(*) FILTER (WHERE o.prediction_id IS NULL) AS pending,
                   count(*) FILTER (WHERE o.prediction_id IS NOT NULL AND d.predicted = d.actual) AS hits,
                   round(avg(abs(o.actual_value - p.predicted_value)), 8) AS mae,
                   round(sqrt(avg((o.actual_value - p.predicted_value) ^ 2)), 8) AS rmse
              FROM journal.predictions p
              LEFT JOIN journal.prediction_outcomes o ON o.prediction_id = p.id
             CROSS JOIN LATERAL (
                   SELECT coalesce(p.direction,
                                   CASE sign(p.predicted_value - coalesce(p.reference_value, 0))
                                        WHEN 1 THEN 'UP' WHEN -1 THEN 'DOWN' ELSE 'FLAT' END) AS predicted,
                          CASE sign(o.actual_value - coalesce(p.reference_value, 0))
                               WHEN 1 THEN 'UP' WHEN -1 THEN 'DOWN' ELSE 'FLAT' END AS actual) d
             WHERE ($1::text IS NULL OR p.model = $1)
               AND ($2::text IS NULL OR p.symbol = $2)
               AND ($3::timestamptz IS NULL OR p.predicted_at >= $3)
               AND ($4::timestamptz IS NULL OR p.predicted_at < $4)
            ) figures
            """;

    /** A prediction by id, or {@code null}. */
    @WithSession
    public Uni<Prediction> byId(UUID id) {
        return findById(id);
    }

    /** A prediction by id, row-locked so that concurrent outcomes for it are recorded one after the other. */
    public Uni<Prediction> lockById(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * The accuracy figures over the predictions matching the filters (each may be {@code null}), computed on the
     * server {@code on} names (a read replica or the primary).
     */
    public Uni<Accuracy> accuracy(Reads on, String model, String symbol, Instant from, Instant to) {
        Tuple args = Tuple.tuple().addString(model).addString(symbol).addOffsetDateTime(utc(from))
                .addOffsetDateTime(utc(to));
        return on.pool(server -> server.preparedQuery(ACCURACY).execute(args)).map(rows -> {
            Row row = rows.iterator().next();
            return new Accuracy(model, symbol, from, to, row.getLong("n"), row.getLong("pending"), row.getLong("hits"),
                    Decimals.plain(row.getBigDecimal("hit_rate")), Decimals.plain(row.getBigDecimal("mae")),
                    Decimals.plain(row.getBigDecimal("rmse")));
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
