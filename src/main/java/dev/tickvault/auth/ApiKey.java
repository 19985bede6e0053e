package dev.tickvault.auth;

import java.time.Instant;
import java.util.Set;

/**
 * A stored API key: its public id, name, scopes, times (UTC) and optional per-minute rate limit, with
 * the SHA-256 of its secret (never the secret, never on the wire).
 */
public record ApiKey(String id, String name, Set<Scope> scopes, Instant createdAt, Instant expiresAt,
        Instant revokedAt, Integer rateLimitPerMinute, byte[] secretSha256) {

    /** Whether the key may be used at {@code now}: not revoked and not expired. */
    public boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
