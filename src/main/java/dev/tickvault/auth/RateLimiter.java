package dev.tickvault.auth;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-key request limits in fixed one-minute windows aligned to the UTC minute, kept in this instance's
 * memory: a check costs no database round trip, and the limit holds per instance (N instances allow
 * up to N times the limit). Headers follow the IETF RateLimit header fields draft
 * ({@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset} in seconds).
 */
@ApplicationScoped
public class RateLimiter {

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long minute, int count) {
    }

    /** The outcome of one check. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
    }

    /**
     * Counts one request of a key against {@code limitPerMinute}.
     *
     * @return the decision, or null when {@code limitPerMinute} is 0 (no limit)
     */
    public Decision check(String keyId, int limitPerMinute) {
        if (limitPerMinute <= 0) {
            return null;
        }
        long nowMillis = System.currentTimeMillis();
        long minute = nowMillis / 60_000;
        Window window = windows.compute(keyId, (id, old) ->
                old == null || old.minute() != minute ? new Window(minute, 1) : new Window(minute, old.count() + 1));
        long reset = Math.max(1, ((minute + 1) * 60_000 - nowMillis + 999) / 1_000);
        boolean allowed = window.count() <= limitPerMinute;
        return new Decision(allowed, limitPerMinute, Math.max(0, limitPerMinute - window.count()), reset);
    }
}
