package dev.tickvault.ops.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthGroup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * {@code /q/health/group/database}: the readiness verdict with its details: server version, schema
 * version, pool size, connections in use, requests waiting, round-trip latency.
 */
@HealthGroup("database")
@ApplicationScoped
public class DatabaseDetailsCheck implements AsyncHealthCheck {

    private final DatabaseProbe probe;

    public DatabaseDetailsCheck(DatabaseProbe probe) {
        this.probe = probe;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe.probe("database", true);
    }
}
