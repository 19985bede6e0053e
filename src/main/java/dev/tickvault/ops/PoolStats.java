package dev.tickvault.ops;

import dev.tickvault.ops.db.PoolConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The reactive pool's occupancy, read from the Vert.x pool metrics Micrometer already keeps
 * ({@code sql_pool_*}): connections in use and requests waiting for one.
 */
@Singleton
public class PoolStats {

    private final MeterRegistry registry;
    private final int maxSize;
    private final int maxWaitQueue;

    public PoolStats(MeterRegistry registry, PoolConfig config,
            @ConfigProperty(name = "quarkus.datasource.reactive.max-size") int maxSize) {
        this.registry = registry;
        this.maxSize = maxSize;
        this.maxWaitQueue = config.maxWaitQueueSize();
    }

    /** Connections the pool may open. */
    public int maxSize() {
        return maxSize;
    }

    /** Requests allowed to wait for a connection. */
    public int maxWaitQueue() {
        return maxWaitQueue;
    }

    /** Connections in use now. */
    public long inUse() {
        return gauge("sql.pool.active");
    }

    /** Requests waiting for a connection now. */
    public long waiting() {
        return gauge("sql.pool.queue.size");
    }

    /** Saturated: every connection busy and the wait queue at least 90% full. */
    public boolean saturated() {
        return inUse() >= maxSize && waiting() >= Math.max(1, maxWaitQueue * 9L / 10);
    }

    private long gauge(String name) {
        double total = 0;
        for (Gauge gauge : Search.in(registry).name(name).gauges()) {
            double value = gauge.value();
            if (!Double.isNaN(value)) {
                total += value;
            }
        }
        return (long) total;
    }
}
