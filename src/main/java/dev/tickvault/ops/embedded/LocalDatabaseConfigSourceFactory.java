package dev.tickvault.ops.embedded;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The quick start's zero-setup database: in dev mode, when neither {@code DATABASE_URL} nor a
 * datasource URL is configured, starts a local PostgreSQL ({@link LocalPostgres}) on a data directory
 * that survives restarts ({@code tickvault.dev.data-dir}, default {@code .tickvault/dev-db}) and points
 * the datasource at it. Nothing happens in any other profile; the packaged application does not even
 * contain the PostgreSQL binaries.
 */
public class LocalDatabaseConfigSourceFactory implements ConfigSourceFactory {

    /** JVM-wide marker: dev mode re-reads configuration on every live reload, in new class loaders. */
    private static final String STARTED_PORT = "tickvault.dev.embedded-port";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("dev") || isConfigured(context, "DATABASE_URL")
                || isConfigured(context, "quarkus.datasource.reactive.url")
                || isConfigured(context, "quarkus.datasource.jdbc.url")) {
            return List.of();
        }
        int port = ensureStarted(context);
        String host = "127.0.0.1:" + port + "/postgres";
        return List.of(new MapBackedConfigSource("tickvault local PostgreSQL", Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + host,
                "quarkus.datasource.reactive.url", "postgresql://" + host,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "local-trust-auth-ignores-passwords",
                "tickvault.dev.embedded-database", "true"), 260) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(260);
    }

    private static boolean isConfigured(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    private static synchronized int ensureStarted(ConfigSourceContext context) {
        String started = System.getProperty(STARTED_PORT);
        if (started != null) {
            return Integer.parseInt(started);
        }
        ConfigValue dir = context.getValue("tickvault.dev.data-dir");
        ConfigValue port = context.getValue("tickvault.dev.port");
        String dataDir = dir != null && dir.getValue() != null ? dir.getValue() : ".tickvault/dev-db";
        int wanted = port != null && port.getValue() != null ? Integer.parseInt(port.getValue()) : 0;
        // Blocking, once per JVM, before the application starts: processes and files are fine here.
        LocalPostgres server = LocalPostgres.create(java.nio.file.Path.of(dataDir), wanted).start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "tickvault-local-postgres-stop"));
        System.setProperty(STARTED_PORT, Integer.toString(server.port()));
        org.jboss.logging.Logger.getLogger(LocalDatabaseConfigSourceFactory.class).infof(
                "Embedded PostgreSQL 17 on 127.0.0.1:%d, data in %s (fsync off: a demo database, not a durable one)",
                server.port(), server.dataDirectory());
        return server.port();
    }
}
