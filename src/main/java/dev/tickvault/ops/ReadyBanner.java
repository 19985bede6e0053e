package dev.tickvault.ops;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Logs where tickvault listens (the dashboard at {@code /}, the API, the probes) and a request to paste, once boot
 * (migrations, sample data) is done.
 */
@Singleton
public class ReadyBanner {

    private static final Logger LOG = Logger.getLogger(ReadyBanner.class);

    private final int port;
    private final boolean embedded;
    private final String devKey;

    public ReadyBanner(@ConfigProperty(name = "quarkus.http.port") int port,
            @ConfigProperty(name = "tickvault.dev.embedded-database", defaultValue = "false") boolean embedded,
            @ConfigProperty(name = "tickvault.bootstrap-admin-key") java.util.Optional<String> bootstrapKey) {
        this.port = port;
        this.embedded = embedded;
        // Only the quick start's fixed key is ever logged; a configured production key never is.
        this.devKey = LaunchMode.current() == LaunchMode.DEVELOPMENT
                && bootstrapKey.filter(key -> key.startsWith("tv_devadmin_")).isPresent() ? bootstrapKey.get() : null;
    }

    void onStart(@Observes @Priority(10_000) StartupEvent event) {
        LOG.infof("tickvault listens on http://localhost:%d (dashboard http://localhost:%d/, API under /api/v1, "
                + "health /q/health, metrics /q/metrics, OpenAPI /q/swagger-ui)%s", port, port,
                embedded ? " on the embedded PostgreSQL" : "");
        if (devKey != null) {
            LOG.infof("Dev admin key (dev mode only): %s", devKey);
            LOG.infof("Dashboard: open http://localhost:%d/ and sign in with the dev admin key", port);
            LOG.infof("Try: curl -s -H 'Authorization: Bearer %s' 'http://localhost:%d/api/v1/bars/%%5EGSPC/latest?timeframe=1d'",
                    devKey, port);
        } else {
            LOG.infof("Try: curl -s -H 'Authorization: Bearer <key>' 'http://localhost:%d/api/v1/bars/%%5EGSPC/latest?timeframe=1d'",
                    port);
        }
    }
}
