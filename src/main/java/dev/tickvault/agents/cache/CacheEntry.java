package dev.tickvault.agents.cache;

import dev.tickvault.common.Identifiers;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * A cache entry's metadata on the wire, the answer to {@code PUT}: {@code {"namespace","key","storedAt",
 * "expiresAt"}}. The value itself is read back with {@code GET}, as it was sent.
 */
@Schema(description = "A cache entry's metadata; the value itself is read back with GET, as it was sent.",
        requiredProperties = {"namespace", "key", "storedAt", "expiresAt"})
public record CacheEntry(
        @Schema(description = "The namespace, an identifier (case-sensitive).", pattern = Identifiers.RULE, examples = "vix-signal")
        String namespace,
        @Schema(description = "The key within the namespace, 1 to 512 characters; may contain slashes.",
                minLength = 1, maxLength = 512, examples = "^VIX/2009-06-01") String key,
        @Schema(description = "When the value was stored, RFC 3339 in UTC.") Instant storedAt,
        @Schema(description = "When the value expires (storedAt + ttlSeconds), RFC 3339 in UTC.") Instant expiresAt) {
}
