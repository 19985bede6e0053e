package dev.tickvault.ops.stats;

import dev.tickvault.ops.OpsConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Prometheus gauges {@code tickvault_database_size_bytes} and
 * {@code tickvault_database_connections{state=active|idle|idle_in_transaction|other}} (client connections
 * to tickvault's database). A scrape never queries the database: a Vert.x timer refreshes the figures
 * every {@code tickvault.db-stats.refresh-interval} with one non-blocking query through the pool, and
 * the gauges read the last result. While the database cannot be reached the gauges read NaN, so a stale
 * figure is never reported as current.
 */
@Singleton
public class DatabaseGauges {

    private static final Logger LOG = Logger.getLogger(DatabaseGauges.class);
    private static final DbStatsRepository.GaugeReading UNKNOWN = null;

    private final DbStatsRepository repository;
    private final Vertx vertx;
    private final OpsConfig config;
    private final AtomicReference<DbStatsRepository.GaugeReading> last = new AtomicReference<>(UNKNOWN);
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile long timerId = -1;

    public DatabaseGauges(DbStatsRepository repository, Vertx vertx, OpsConfig config, MeterRegistry registry) {
        this.repository = repository;
        this.vertx = vertx;
        this.config = config;
        Gauge.builder("tickvault.database.size", this, g -> g.read(DbStatsRepository.GaugeReading::sizeBytes))
                .baseUnit("bytes").description("Size of tickvault's database on disk (pg_database_size)")
                .register(registry);
        connections(registry, "active", DbStatsRepository.GaugeReading::active);
        connections(registry, "idle", DbStatsRepository.GaugeReading::idle);
        connections(registry, "idle_in_transaction", DbStatsRepository.GaugeReading::idleInTransaction);
        connections(registry, "other", DbStatsRepository.GaugeReading::other);
    }

    private void connections(MeterRegistry registry, String state,
            java.util.function.ToLongFunction<DbStatsRepository.GaugeReading> figure) {
        Gauge.builder("tickvault.database.connections", this, g -> g.read(figure))
                .tag("state", state)
                .description("Client connections to tickvault's database by state (pg_stat_activity), all instances")
                .register(registry);
    }

    private double read(java.util.function.ToLongFunction<DbStatsRepository.GaugeReading> figure) {
        DbStatsRepository.GaugeReading reading = last.get();
        return reading == null ? Double.NaN : figure.applyAsLong(reading);
    }

    // After BootSequence (priority 0): the schema exists and the pool is usable.
    void onStart(@Observes @Priority(100) StartupEvent event) {
        refresh();
        long interval = Math.max(1_000, config.dbStats().refreshInterval().toMillis());
        timerId = vertx.setPeriodic(interval, id -> refresh());
    }

    /** Reads the figures once, unless a read is still under way. */
    void refresh() {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        repository.gauges()
                .eventually(() -> refreshing.set(false))
                .subscribe().with(last::set, failure -> {
                    last.set(UNKNOWN);
                    LOG.debugf("Database gauges not refreshed: %s", failure.getMessage());
                });
    }

    // Before the pool closes: no refresh may start on a closing pool.
    void onStop(@Observes @Priority(5) ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }
}
