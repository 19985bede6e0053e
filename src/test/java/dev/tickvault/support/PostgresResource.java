package dev.tickvault.support;

import dev.tickvault.ops.embedded.LocalPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * A real PostgreSQL 17 (embedded binaries from Maven Central) for the whole test run, on a free port
 * and a throwaway data directory. Tests that need an outage stop and start it through {@link #server()}.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static LocalPostgres server;

    /** The running server, for tests that stop and restart the database. */
    public static LocalPostgres server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        try {
            Path parent = Files.createTempDirectory("tickvault-test-pg-");
            // The server may run as nobody (when the tests run as root): let it reach its data directory.
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path dir = parent.resolve("data");
            server = LocalPostgres.create(dir, 0).start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", server.jdbcUrl(),
                "quarkus.datasource.reactive.url", server.reactiveUrl(),
                "quarkus.datasource.username", server.user(),
                "quarkus.datasource.password", "test");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.destroy();
        }
    }
}
