package dev.tickvault.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * An API key on the wire. {@code key} (the full secret key) is present only in the answer to its
 * creation; lists never carry a secret or a hash.
 */
@RegisterForReflection
@Schema(description = "An API key; the secret key is present only in the answer to its creation.",
        requiredProperties = {"id", "name", "scopes", "createdAt"})
public record ApiKeyView(
        @Schema(description = "The key's public id (8 characters of [A-Za-z0-9]), for lookups and logs.",
                pattern = "^[A-Za-z0-9]{8}$") String id,
        @Schema(description = "The full key, tv_<id>_<secret>; only in the answer to its creation, never again.")
        @JsonInclude(JsonInclude.Include.NON_NULL) String key,
        @Schema(description = "The key's name.", examples = "research notebook") String name,
        @Schema(description = "The scopes granted, sorted.", examples = "[\"read\"]") List<String> scopes,
        @Schema(description = "When the key was created, RFC 3339 in UTC.") Instant createdAt,
        @Schema(description = "When the key expires, RFC 3339 in UTC; null when never.") Instant expiresAt,
        @Schema(description = "When the key was revoked, RFC 3339 in UTC; null while valid.") Instant revokedAt,
        @Schema(description = "Requests allowed per minute; 0 for no limit, null for tickvault.rate-limit.per-minute.", minimum = "0")
        Integer rateLimitPerMinute) {

    static ApiKeyView of(ApiKey key, String secretKey) {
        return new ApiKeyView(key.id(), secretKey, key.name(), key.scopes().stream().map(Scope::code).sorted().toList(),
                key.createdAt(), key.expiresAt(), key.revokedAt(), key.rateLimitPerMinute());
    }
}
