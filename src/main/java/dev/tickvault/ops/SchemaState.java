package dev.tickvault.ops;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * The schema version this build expects (its newest migration) and whether boot migrations finished.
 * Read once at boot through Flyway's JDBC connection: the one blocking step tickvault allows, on the
 * main thread before HTTP traffic is served.
 */
@Singleton
public class SchemaState {

    private final Flyway flyway;
    private volatile String expectedVersion = "unknown";
    private volatile boolean migrated;

    public SchemaState(Flyway flyway) {
        this.flyway = flyway;
    }

    void onStart(@Observes StartupEvent event) {
        expectedVersion = Arrays.stream(flyway.info().all())
                .map(MigrationInfo::getVersion)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .map(Object::toString)
                .orElse("none");
        migrated = true;
    }

    /** The newest migration version in this build, such as {@code "1"}. */
    public String expectedVersion() {
        return expectedVersion;
    }

    /** Whether the boot migrations have run (Quarkus runs them before StartupEvent observers). */
    public boolean migrated() {
        return migrated;
    }
}
