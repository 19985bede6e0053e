package dev.tickvault.agents.cache;

import java.time.Instant;

/**
 * A cache entry's metadata on the wire, the answer to {@code PUT}: {@code {"namespace","key","storedAt",
 * "expiresAt"}}. The value itself is read back with {@code GET}, as it was sent.
 */
public record CacheEntry(String namespace, String key, Instant storedAt, Instant expiresAt) {
}
