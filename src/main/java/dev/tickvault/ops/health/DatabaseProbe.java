package dev.tickvault.ops.health;

import dev.tickvault.ops.OpsConfig;
import dev.tickvault.ops.PoolStats;
import dev.tickvault.ops.SchemaState;
import dev.tickvault.ops.db.ReadRouting;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * One round trip through the reactive pool, bounded by {@code tickvault.health.query-timeout}: answers
 * {@code SELECT 1} with the applied schema version and the server version, and judges the database
 * usable when it answers in time, the schema is at the version this build expects, and the pool is not
 * saturated.
 */
@Singleton
public class DatabaseProbe {

    private static final String PROBE = """
            SELECT 1 AS ok, current_setting('server_version') AS server_version,
                   (SELECT version FROM public.flyway_schema_history
                     WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1) AS schema_version
            """;

    private final Pool pool;
    private final SchemaState schema;
    private final PoolStats poolStats;
    private final OpsConfig config;
    private final ReadRouting replicas;

    public DatabaseProbe(Pool pool, SchemaState schema, PoolStats poolStats, OpsConfig config, ReadRouting replicas) {
        this.pool = pool;
        this.schema = schema;
        this.poolStats = poolStats;
        this.config = config;
        this.replicas = replicas;
    }

    /**
     * Probes the database.
     *
     * @param details whether to add server version, pool figures and latency to the response, and each read
     *     replica's state, lag and replay position as last checked (replicas never decide the status: readiness
     *     does not depend on them)
     */
    public Uni<HealthCheckResponse> probe(String name, boolean details) {
        long start = System.nanoTime();
        // withConnection, not pool.query(): Vert.x SQL client 4.5's pool-level execute leaves its
        // acquire-timeout timer running when the connection attempt fails, and the timer then logs an
        // uncaught "Result is already complete" (eclipse-vertx/vertx-sql-client#1706) for every probe
        // made while the database is down.
        return pool.withConnection(connection -> connection.query(PROBE).execute())
                .ifNoItem().after(config.health().queryTimeout()).fail()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    long latencyMs = (System.nanoTime() - start) / 1_000_000;
                    String applied = row.getString("schema_version");
                    boolean schemaOk = schema.expectedVersion().equals(applied);
                    boolean saturated = poolStats.saturated();
                    HealthCheckResponseBuilder builder = HealthCheckResponse.named(name)
                            .status(schemaOk && !saturated)
                            .withData("schemaVersion", String.valueOf(applied))
                            .withData("expectedSchemaVersion", schema.expectedVersion())
                            .withData("poolSaturated", saturated);
                    if (details) {
                        addPool(builder.withData("serverVersion", row.getString("server_version"))
                                .withData("latencyMs", latencyMs));
                    }
                    return builder.build();
                })
                .onFailure().recoverWithItem(failure -> {
                    HealthCheckResponseBuilder builder = HealthCheckResponse.named(name).down()
                            .withData("error", failure instanceof io.smallrye.mutiny.TimeoutException
                                    ? "no answer within " + config.health().queryTimeout().toMillis() + " ms"
                                    : "database unreachable");
                    if (details) {
                        addPool(builder);
                    }
                    return builder.build();
                });
    }

    private void addPool(HealthCheckResponseBuilder builder) {
        builder.withData("poolMaxSize", poolStats.maxSize())
                .withData("poolInUse", poolStats.inUse())
                .withData("poolWaiting", poolStats.waiting())
                .withData("poolMaxWaitQueue", poolStats.maxWaitQueue());
        replicas.describe().forEach(builder::withData);
    }
}
