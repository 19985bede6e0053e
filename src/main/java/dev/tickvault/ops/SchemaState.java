package dev.tickvault.ops;

import jakarta.inject.Singleton;

/** The schema version this build expects (its newest migration) and whether boot migrations finished. */
@Singleton
public class SchemaState {

    private volatile String expectedVersion = "unknown";
    private volatile boolean migrated;

    /** Records the end of the boot migrations. */
    void migrated(String expected) {
        this.expectedVersion = expected;
        this.migrated = true;
    }

    /** The newest migration version in this build, such as {@code "2"}. */
    public String expectedVersion() {
        return expectedVersion;
    }

    /** Whether the boot migrations have run. */
    public boolean migrated() {
        return migrated;
    }
}
