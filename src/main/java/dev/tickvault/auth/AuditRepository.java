package dev.tickvault.auth;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code auth.audit_log}, newest first, with keyset paging on the id. */
@ApplicationScoped
public class AuditRepository {

    private static final String PAGE = """
            SELECT id, occurred_at, event, key_id, client_address, method, path, status, detail
              FROM auth.audit_log
             WHERE ($1::text IS NULL OR event = $1) AND ($2::text IS NULL OR key_id = $2)
               AND occurred_at >= $3 AND occurred_at < $4 AND id < $5
             ORDER BY id DESC LIMIT $6
            """;

    private final Pool pool;

    public AuditRepository(Pool pool) {
        this.pool = pool;
    }

    /** Up to {@code limit} events older than {@code beforeId} matching the filters (null filters match all). */
    public Uni<List<AuditEvent>> page(String event, String keyId, OffsetDateTime from, OffsetDateTime to,
            long beforeId, int limit) {
        return pool.preparedQuery(PAGE).execute(Tuple.tuple().addValue(event).addValue(keyId).addValue(from)
                        .addValue(to).addValue(beforeId).addValue(limit))
                .map(rows -> {
                    List<AuditEvent> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        out.add(new AuditEvent(row.getLong("id"), row.getOffsetDateTime("occurred_at").toInstant(),
                                row.getString("event"), row.getString("key_id"), row.getString("client_address"),
                                row.getString("method"), row.getString("path"), row.getInteger("status"),
                                row.getString("detail")));
                    }
                    return out;
                });
    }
}
