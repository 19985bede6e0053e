package dev.tickvault.common;

import org.jboss.logging.Logger;

/**
 * Logging for the scheduled database jobs (sweeps, gauge refresh): a database that cannot be reached is
 * expected now and then (outages, shutdown) and the next run retries, so it is logged at DEBUG; anything
 * else is a WARN.
 */
public final class ScheduledFailures {

    private ScheduledFailures() {
    }

    /** Logs a failed run of {@code job}. */
    public static void log(Logger log, String job, Throwable failure) {
        if (DatabaseFailures.isConnectionFailure(failure)) {
            log.debugf("%s skipped, the database is unavailable: %s", job, failure.getMessage());
        } else {
            log.warnf(failure, "%s failed", job);
        }
    }
}
