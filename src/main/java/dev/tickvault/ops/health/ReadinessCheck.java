package dev.tickvault.ops.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: DOWN (503) while the database does not answer, the schema is not at this build's version,
 * or the pool is saturated; UP again by itself when that passes.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements AsyncHealthCheck {

    private final DatabaseProbe probe;

    public ReadinessCheck(DatabaseProbe probe) {
        this.probe = probe;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe.probe("database", false);
    }
}
