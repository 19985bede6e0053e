package dev.tickvault.ops;

import dev.tickvault.auth.ApiKeyFormat;
import dev.tickvault.auth.ApiKeyService;
import dev.tickvault.auth.AuthConfig;
import dev.tickvault.auth.AuditLog;
import dev.tickvault.ops.db.NotificationListener;
import dev.tickvault.ops.db.ProductionSafety;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Boot, before HTTP accepts traffic (Quarkus fires StartupEvent before the HTTP server listens):
 * refuse an unsafe production configuration, wait for the database with bounded retries and
 * exponential backoff, run the Flyway migrations, store the bootstrap admin key, then open the
 * notification connection (key revocations, live events, commands enqueued) and start writing the audit
 * log. Everything here blocks the main thread on purpose: it is the one blocking phase tickvault has, and
 * no event loop serves requests yet. A failure throws, which makes Quarkus log it and exit with a
 * non-zero status.
 */
@Singleton
public class BootSequence {

    private static final Logger LOG = Logger.getLogger(BootSequence.class);

    private final Flyway flyway;
    private final SchemaState schema;
    private final OpsConfig config;
    private final AuthConfig auth;
    private final ApiKeyService keys;
    private final AuditLog audit;
    private final NotificationListener notifications;
    private final Optional<String> password;
    private final Optional<String> flywayPassword;
    private final Optional<String> flywayUser;

    public BootSequence(Flyway flyway, SchemaState schema, OpsConfig config, AuthConfig auth, ApiKeyService keys,
            AuditLog audit, NotificationListener notifications,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            @ConfigProperty(name = "quarkus.flyway.password") Optional<String> flywayPassword,
            @ConfigProperty(name = "quarkus.flyway.username") Optional<String> flywayUser) {
        this.flyway = flyway;
        this.schema = schema;
        this.config = config;
        this.auth = auth;
        this.keys = keys;
        this.audit = audit;
        this.notifications = notifications;
        this.password = password;
        this.flywayPassword = flywayPassword;
        this.flywayUser = flywayUser;
    }

    /**
     * Runs on the main thread while Quarkus starts, before the HTTP server takes traffic: the blocking steps
     * here (JDBC for the wait and Flyway, sleeping between attempts, awaiting the bootstrap key's insert) hold
     * no event loop, and nothing may be served before they are done.
     */
    void onStart(@Observes @Priority(0) StartupEvent event) {
        checkSafety();
        waitForDatabase();
        flyway.migrate();
        String expected = Arrays.stream(flyway.info().all())
                .map(MigrationInfo::getVersion)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .map(Object::toString)
                .orElse("none");
        schema.migrated(expected);
        Optional<ApiKeyFormat.Parsed> bootstrap = auth.bootstrapAdminKey().flatMap(ApiKeyFormat::parse);
        if (bootstrap.isPresent()) {
            // Boot, main thread, before traffic: the key must exist before the first request can use it, and
            // waiting here blocks no event loop.
            keys.bootstrap(bootstrap.get()).await().atMost(Duration.ofSeconds(30));
            LOG.infof("Bootstrap admin key %s ready", bootstrap.get().id());
        }
        keys.listen();
        notifications.start();
        audit.start();
    }

    private void checkSafety() {
        Optional<String> key = auth.bootstrapAdminKey().filter(k -> !k.isBlank());
        List<Optional<String>> passwords = flywayUser.isPresent() ? List.of(password, flywayPassword) : List.of(password);
        List<String> problems = ProductionSafety.problems(passwords, key,
                key.map(k -> ApiKeyFormat.parse(k).isPresent()).orElse(true));
        if (problems.isEmpty()) {
            return;
        }
        String message = "Unsafe configuration: " + String.join("; ", problems);
        boolean prod = LaunchMode.current() == LaunchMode.NORMAL && ConfigUtils.isProfileActive("prod");
        if (prod && !config.allowInsecure()) {
            throw new IllegalStateException(message + ". Refusing to start in the prod profile; fix it, or set "
                    + "TICKVAULT_ALLOW_INSECURE=true to start anyway.");
        }
        LOG.warn(message + (prod ? " (started anyway: TICKVAULT_ALLOW_INSECURE=true)" : ""));
    }

    private void waitForDatabase() {
        long deadline = System.nanoTime() + config.boot().databaseWait().toNanos();
        long backoffMillis = 250;
        int attempt = 0;
        while (true) {
            attempt++;
            try (Connection connection = flyway.getConfiguration().getDataSource().getConnection()) {
                if (attempt > 1) {
                    LOG.infof("Database reachable after %d attempts", attempt);
                }
                return;
            } catch (SQLException e) {
                if (System.nanoTime() + backoffMillis * 1_000_000 > deadline) {
                    throw new IllegalStateException("The database is unreachable after " + attempt + " attempts in "
                            + config.boot().databaseWait().toSeconds() + " s: " + e.getMessage(), e);
                }
                LOG.warnf("Database not reachable yet (attempt %d: %s); retrying in %d ms", attempt, e.getMessage(),
                        backoffMillis);
                try {
                    // Boot, main thread, before Flyway and before traffic: nothing else can run until the database
                    // answers, and no event loop waits on this one.
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the database", interrupted);
                }
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }
}
