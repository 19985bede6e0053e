package dev.tickvault.reference.actions;

import dev.tickvault.common.Decimals;
import dev.tickvault.common.Uuids;
import io.smallrye.mutiny.Uni;
import dev.tickvault.ops.db.Reads;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * SQL of the corporate actions (DESIGN 9) through the reactive {@link Pool}: a set-based upsert on
 * (symbol, ex-date, type) that rewrites only actions whose values differ, and keyset pages on (ex-date, id).
 * The adjustment itself is SQL too ({@code ref.adjustment_factors}, read by the bar reads).
 */
@ApplicationScoped
public class CorporateActionRepository {

    private static final String COLUMNS = "id, symbol, ex_date, action_type, ratio, amount, note, recorded_at, updated_at";

    private static final String UPSERT = """
            WITH input AS (
                SELECT * FROM unnest($1::uuid[], $2::text[], $3::date[], $4::text[], $5::numeric[], $6::numeric[],
                                     $7::text[]) AS t(id, symbol, ex_date, action_type, ratio, amount, note)
            ), upserted AS (
                INSERT INTO ref.corporate_actions AS c (id, symbol, ex_date, action_type, ratio, amount, note)
                SELECT * FROM input ORDER BY symbol, ex_date, action_type
                ON CONFLICT (symbol, ex_date, action_type) DO UPDATE
                   SET ratio = EXCLUDED.ratio, amount = EXCLUDED.amount, note = EXCLUDED.note, updated_at = now()
                 WHERE (c.ratio, c.amount, c.note) IS DISTINCT FROM (EXCLUDED.ratio, EXCLUDED.amount, EXCLUDED.note)
                RETURNING (c.xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
              FROM upserted
            """;

    /** Actions of symbol $1 and type $2 (each optional), ex-dates in [$3, $4), after ($5, $6), $7 rows. */
    private static final String PAGE = """
            SELECT %s FROM ref.corporate_actions
             WHERE ($1::text IS NULL OR symbol = $1) AND ($2::text IS NULL OR action_type = $2)
               AND ex_date >= coalesce($3::date, '-infinity') AND ex_date < coalesce($4::date, 'infinity')
               AND ($5::date IS NULL OR (ex_date, id) %s ($5, $6))
             ORDER BY ex_date %s, id %s
             LIMIT $7
            """;
    private static final String PAGE_ASC = PAGE.formatted(COLUMNS, ">", "", "");
    private static final String PAGE_DESC = PAGE.formatted(COLUMNS, "<", "DESC", "DESC");
    private static final String ANY = "SELECT EXISTS (SELECT 1 FROM ref.corporate_actions) AS any";

    private final Pool pool;

    public CorporateActionRepository(Pool pool) {
        this.pool = pool;
    }

    /** Counts of one upsert. */
    public record Counts(int inserted, int updated) {
    }

    /** Upserts actions (no key twice) in one statement, through the pool or a caller's transaction. */
    public Uni<Counts> upsert(SqlClient target, List<NewCorporateAction> actions) {
        int n = actions.size();
        UUID[] ids = new UUID[n];
        String[] symbols = new String[n];
        LocalDate[] exDates = new LocalDate[n];
        String[] types = new String[n];
        BigDecimal[] ratios = new BigDecimal[n];
        BigDecimal[] amounts = new BigDecimal[n];
        String[] notes = new String[n];
        for (int i = 0; i < n; i++) {
            NewCorporateAction a = actions.get(i);
            ids[i] = Uuids.v7();
            symbols[i] = a.symbol();
            exDates[i] = a.exDate();
            types[i] = a.type().code();
            ratios[i] = a.ratio();
            amounts[i] = a.amount();
            notes[i] = a.note();
        }
        return target.preparedQuery(UPSERT).execute(Tuple.from(new Object[] {ids, symbols, exDates, types, ratios,
                amounts, notes})).map(rows -> {
                    Row row = rows.iterator().next();
                    return new Counts(row.getLong("inserted").intValue(), row.getLong("updated").intValue());
                });
    }

    /** Upserts through the pool. */
    public Uni<Counts> upsert(List<NewCorporateAction> actions) {
        return upsert(pool, actions);
    }

    /**
     * A page of actions matching the filters, after ({@code afterDate}, {@code afterId}), on the server {@code on}
     * names (a read replica or the primary).
     */
    public Uni<List<CorporateActionView>> page(Reads on, String symbol, ActionType type, LocalDate from, LocalDate to,
            LocalDate afterDate, UUID afterId, boolean descending, int limit) {
        Tuple args = Tuple.tuple().addString(symbol).addString(type == null ? null : type.code()).addLocalDate(from)
                .addLocalDate(to).addLocalDate(afterDate).addUUID(afterId).addInteger(limit);
        return on.pool(server -> server.preparedQuery(descending ? PAGE_DESC : PAGE_ASC).execute(args)).map(rows -> {
            List<CorporateActionView> out = new ArrayList<>(rows.size());
            for (Row row : rows) {
                out.add(new CorporateActionView(row.getUUID("id"), row.getString("symbol"), row.getLocalDate("ex_date"),
                        ActionType.of(row.getString("action_type")).orElseThrow(),
                        Decimals.plain(row.getBigDecimal("ratio")), Decimals.plain(row.getBigDecimal("amount")),
                        row.getString("note"), row.getOffsetDateTime("recorded_at").toInstant(),
                        row.getOffsetDateTime("updated_at").toInstant()));
            }
            return out;
        });
    }

    /** Whether any action is stored. */
    public Uni<Boolean> any() {
        return pool.query(ANY).execute().map(rows -> rows.iterator().next().getBoolean("any"));
    }
}
