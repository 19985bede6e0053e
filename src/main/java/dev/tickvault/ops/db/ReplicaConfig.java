package dev.tickvault.ops.db;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Read replicas (README "Scaling out"): the PostgreSQL streaming replicas that serve the reads which tolerate
 * replication delay, and how stale such a read may be. Applied by {@link ReadRouting}.
 */
@ConfigMapping(prefix = "tickvault")
public interface ReplicaConfig {

    /**
     * {@code TICKVAULT_READ_REPLICA_URLS}: the replicas, comma-separated, each in {@code DATABASE_URL} form
     * ({@code postgresql://[user[:password]@]host[:port][/database][?sslmode=...]}, parsed by {@link DatabaseUrl}).
     * What a URL leaves out (user, password, database, TLS) is taken from the primary's connection. Unset or
     * empty: no replica, and every read goes to the primary as it always did.
     */
    Optional<List<String>> readReplicaUrls();

    /** How replicas are checked and when one takes reads. */
    Replicas replicas();

    /** Staleness bound and check period. */
    interface Replicas {
        /**
         * A replica whose replay lags the primary by more than this takes no reads until it is back under it
         * (the lag from {@code pg_last_xact_replay_timestamp()} and the distance between its replay position
         * and the primary's WAL, whichever bound is smaller).
         */
        @WithDefault("PT5S")
        Duration maxLag();

        /** How often every replica's replay position and lag are read (and a replica that is down is tried again). */
        @WithDefault("PT1S")
        Duration checkInterval();
    }
}
