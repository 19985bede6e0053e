package dev.tickvault.ops.health;

import dev.tickvault.ops.SchemaState;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Startup: UP once the boot migrations have run. */
@Startup
@ApplicationScoped
public class StartupCheck implements HealthCheck {

    private final SchemaState schema;

    public StartupCheck(SchemaState schema) {
        this.schema = schema;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("migrations").status(schema.migrated())
                .withData("schemaVersion", schema.expectedVersion()).build();
    }
}
