package dev.tickvault.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * An API key on the wire. {@code key} (the full secret key) is present only in the answer to its
 * creation; lists never carry a secret or a hash.
 */
@RegisterForReflection
public record ApiKeyView(String id, @JsonInclude(JsonInclude.Include.NON_NULL) String key, String name, List<String> scopes, Instant createdAt,
        Instant expiresAt, Instant revokedAt, Integer rateLimitPerMinute) {

    static ApiKeyView of(ApiKey key, String secretKey) {
        return new ApiKeyView(key.id(), secretKey, key.name(), key.scopes().stream().map(Scope::code).sorted().toList(),
                key.createdAt(), key.expiresAt(), key.revokedAt(), key.rateLimitPerMinute());
    }
}
