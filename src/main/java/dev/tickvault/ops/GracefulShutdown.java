package dev.tickvault.ops;

import dev.tickvault.common.Problems;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import sun.misc.Signal;

import java.time.Duration;
import java.util.Optional;

/**
 * Graceful shutdown on SIGTERM ({@code docker stop}, Kubernetes pod deletion), in Quarkus' order:
 * <ol>
 * <li>{@code quarkus.shutdown.delay} (optional, 5 s in the Kubernetes manifest): everything is served as
 * usual but readiness reports DOWN, so load balancers stop sending traffic;</li>
 * <li>new requests are refused with 503 problem details ({@code Retry-After: 1}, {@code Connection:
 * close}), while requests already in flight finish, for at most {@code quarkus.shutdown.timeout};</li>
 * <li>ShutdownEvent: the audit log writes what it still holds ({@code tickvault.audit.shutdown-timeout});</li>
 * <li>the pool and the other beans close; the process exits with status 0.</li>
 * </ol>
 * Quarkus itself keeps answering new requests while it drains (it only adds {@code Connection: close});
 * the refusal in step 2 is tickvault's, so "stop accepting" holds. Health probes are never refused.
 * Without the signal handler installed here the JVM would exit with status 143 (128 + SIGTERM) even
 * after a clean shutdown, which container tooling reports as a failure.
 */
@Singleton
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);
    private static final String REFUSAL = Problems.json(Problems.shuttingDown(), null);

    private final long delayNanos;
    private volatile boolean shuttingDown;
    private volatile long refuseFromNanos;

    public GracefulShutdown(@ConfigProperty(name = "quarkus.shutdown.delay") Optional<Duration> delay) {
        this.delayNanos = delay.map(Duration::toNanos).orElse(0L);
    }

    // Only a packaged application owns its process; dev mode and tests leave signals alone. Installed once
    // boot is done: a SIGTERM during boot (nothing in flight yet) keeps the JVM's default.
    void installSignalHandler(@Observes @Priority(20_000) StartupEvent event) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        try {
            Signal.handle(new Signal("TERM"), signal -> {
                LOG.info("SIGTERM received: shutting down gracefully");
                Quarkus.asyncExit(0);
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.warnf("Cannot handle SIGTERM (%s); the JVM default applies (exit status 143)", e.getMessage());
        }
    }

    // Fired by Quarkus when shutdown begins, before quarkus.shutdown.delay.
    void onShutdownBegins(@Observes ShutdownDelayInitiatedEvent event) {
        refuseFromNanos = System.nanoTime() + delayNanos;
        shuttingDown = true;
    }

    /** Whether new requests are being refused (shutdown begun and its delay over). */
    public boolean refusing() {
        return shuttingDown && System.nanoTime() - refuseFromNanos >= 0;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String path = ctx.normalizedPath();
            if (refusing() && (path == null || !path.startsWith("/q/health"))) {
                ctx.response().setStatusCode(503)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                        .putHeader("Retry-After", "1")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(REFUSAL);
            } else {
                ctx.next();
            }
        });
    }
}
