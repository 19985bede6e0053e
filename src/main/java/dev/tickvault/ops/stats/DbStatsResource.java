package dev.tickvault.ops.stats;

import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.tickvault.common.Problems;
import dev.tickvault.ops.OpsConfig;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code GET /api/v1/admin/db/stats} (DESIGN 7): database size, per-table sizes and row estimates,
 * connections by state, the longest-running queries and, when {@code pg_stat_statements} is loaded, the
 * costliest statements. Admin scope (everything under {@code /api/v1/admin/}); 503 when the database is
 * unreachable.
 *
 * <p>Query text: administrators see it, cut to {@code tickvault.db-stats.query-text-max-length}
 * characters (200 by default, 0 hides it), for sessions of tickvault's own database only. tickvault's
 * own SQL carries no values (only {@code $n} parameters), but other clients' SQL may embed literals,
 * hence the cap.
 */
@Path("/api/v1/admin/db/stats")
public class DbStatsResource {

    private static final int DEFAULT_QUERIES = 10;
    private static final int MAX_QUERIES = 100;

    private final DbStatsRepository repository;
    private final OpsConfig config;

    public DbStatsResource(DbStatsRepository repository, OpsConfig config) {
        this.repository = repository;
        this.config = config;
    }

    /**
     * The snapshot.
     *
     * @param limit how many running queries and top statements to list, 1 to 100 (default 10)
     * @return 200 with {@link DbStats}; 400 for a bad {@code limit}; 503 without a database
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getDatabaseStats", summary = "Database statistics: tables, connections, slow statements")
    public Uni<DbStats> stats(@RestQuery String limit) {
        return repository.snapshot(queries(limit), Math.max(0, config.dbStats().queryTextMaxLength()));
    }

    private static int queries(String raw) {
        if (raw == null || raw.isEmpty()) {
            return DEFAULT_QUERIES;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= MAX_QUERIES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw Problems.badRequest("Query parameter 'limit' must be an integer from 1 to " + MAX_QUERIES);
    }
}
