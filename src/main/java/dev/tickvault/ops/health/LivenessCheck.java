package dev.tickvault.ops.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: the process answers. It never touches the database, so a database outage cannot make
 * Kubernetes restart every pod (DESIGN 7).
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        Runtime runtime = Runtime.getRuntime();
        return HealthCheckResponse.named("process").up()
                .withData("heapUsedBytes", runtime.totalMemory() - runtime.freeMemory())
                .build();
    }
}
