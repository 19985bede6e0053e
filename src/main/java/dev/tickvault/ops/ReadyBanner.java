package dev.tickvault.ops;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Logs where tickvault listens and a request to paste, once boot (migrations, sample data) is done. */
@Singleton
public class ReadyBanner {

    private static final Logger LOG = Logger.getLogger(ReadyBanner.class);

    private final int port;
    private final boolean embedded;

    public ReadyBanner(@ConfigProperty(name = "quarkus.http.port") int port,
            @ConfigProperty(name = "tickvault.dev.embedded-database", defaultValue = "false") boolean embedded) {
        this.port = port;
        this.embedded = embedded;
    }

    void onStart(@Observes @Priority(10_000) StartupEvent event) {
        LOG.infof("tickvault listens on http://localhost:%d (API under /api/v1, health /q/health, metrics /q/metrics, "
                + "OpenAPI /q/swagger-ui)%s", port, embedded ? " on the embedded PostgreSQL" : "");
        LOG.infof("Try: curl -s 'http://localhost:%d/api/v1/bars/%%5EGSPC/latest?timeframe=1d'", port);
    }
}
